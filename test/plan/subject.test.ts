import { describe, expect, it } from 'vitest';
import type { LicenseAssignmentState } from '../../src/model/tenant.js';
import { createDirectManagedOfUser, directManagedOfUser } from '../../src/plan/subject.js';
import { aLicenseState, aUser } from '../support/builders.js';

const E3 = 'e3e3e3e3-0000-4000-8000-000000000001';
const E5 = 'e5e5e5e5-0000-4000-8000-000000000002';
const PBI = 'b1b1b1b1-0000-4000-8000-000000000003';
const OTHER = '07e07e07-0000-4000-8000-000000000004';
const managed = new Set([E3, E5, PBI]);

let serial = 0;
function userWith(...states: LicenseAssignmentState[]): ReturnType<typeof aUser> {
  serial += 1;
  return aUser({ userPrincipalName: `user${serial}@contoso.com`, licenseAssignmentStates: states });
}

describe('createDirectManagedOfUser', () => {
  it('answers what directManagedOfUser answers, for every shape of states', () => {
    const users = [
      userWith(aLicenseState(E3, { disabledPlans: ['b', 'a'] })),
      userWith(aLicenseState(E3, { disabledPlans: ['a', 'b'] })),
      userWith(aLicenseState(E3, { disabledPlans: ['a'] })),
      userWith(aLicenseState(E3), aLicenseState(PBI)),
      userWith(aLicenseState(PBI), aLicenseState(E3)),
      userWith(aLicenseState(E3, { group: 'g1' }), aLicenseState(E3, { disabledPlans: ['a'] })),
      userWith(aLicenseState(E3, { disabledPlans: ['x'] }), aLicenseState(E3, { disabledPlans: ['a'] })),
      userWith(aLicenseState(OTHER), aLicenseState(E5)),
      userWith(aLicenseState(E5)),
      userWith(aLicenseState(E3, { group: 'g1' })),
      userWith(),
      userWith(aLicenseState(E3), aLicenseState(E5), aLicenseState(PBI)),
      userWith(aLicenseState(E3), aLicenseState(E5)),
    ];
    const directOf = createDirectManagedOfUser(managed);
    for (const user of [...users, ...users.reverse()]) {
      expect(directOf(user)).toEqual(directManagedOfUser(user, managed));
    }
  });

  it('shares one map between users with equal direct managed assignments', () => {
    const directOf = createDirectManagedOfUser(managed);
    const first = directOf(userWith(aLicenseState(E3, { disabledPlans: ['a', 'b'] }), aLicenseState(OTHER)));
    const same = directOf(userWith(aLicenseState(E3, { disabledPlans: ['b', 'a'] }), aLicenseState(E5, { group: 'g1' })));
    const different = directOf(userWith(aLicenseState(E3, { disabledPlans: ['a'] })));

    expect(same).toBe(first);
    expect(different).not.toBe(first);
    expect(different).toEqual(new Map([[E3, ['a']]]));
  });

  it('keeps answering correctly when more distinct assignments come than it shares', () => {
    const directOf = createDirectManagedOfUser(managed);
    const users = Array.from({ length: 40 }, (_, i) => userWith(aLicenseState(E3, { disabledPlans: [`plan-${String(i).padStart(2, '0')}`] })));
    for (const user of [...users, ...users]) expect(directOf(user)).toEqual(directManagedOfUser(user, managed));
  });
});
