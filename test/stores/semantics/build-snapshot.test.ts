import { describe, expect, it } from 'vitest';
import type { SnapshotQuery } from '../../../src/model/snapshot.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { buildSnapshot, resolveUserKey } from '../../../src/stores/semantics/build-snapshot.js';
import { indexTenant } from '../../../src/stores/semantics/tenant-index.js';
import { GROUP, USER, contractTenant } from '../../support/contract-tenant.js';
import { aTenantContext } from '../../support/semantics-context.js';

const SIGN_INS = { lastSignInDateTime: '2026-01-02T03:04:05Z', lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: '2026-01-02T03:04:05Z' };

const query = (parts: Partial<SnapshotQuery>): SnapshotQuery => ({ users: [], groups: [], holdersOf: [], members: false, ...parts });

function userOf(doc: TenantDocument, id: string) {
  return doc.users.find((user) => user.id === id)!;
}

describe('resolveUserKey', () => {
  // Entra's names always have an @, but a tenant file is untrusted: a key matching one user's id
  // and another's name must still resolve one way, by the key's form.
  it.each([
    ['a key without @ is an object id first', USER.alice, USER.alice],
    ['a key with @ is a userPrincipalName first', 'bob@contoso.com', USER.bob],
  ])('%s', (_name, key, expected) => {
    const doc = contractTenant();
    userOf(doc, USER.frank).userPrincipalName = USER.alice;
    userOf(doc, USER.erin).id = 'bob@contoso.com';
    expect(resolveUserKey(indexTenant(doc), key.toUpperCase())?.id).toBe(expected);
  });
});

describe('buildSnapshot', () => {
  it('with members, returns the groups\' user members among the users', () => {
    const doc = contractTenant();
    const snapshot = buildSnapshot(aTenantContext(doc).ctx, query({ groups: ['sales'], members: true }));
    expect(snapshot.users.map((user) => user.id)).toEqual([USER.carol, USER.dave]);
    expect(snapshot.groups.map((group) => [group.id, group.members])).toEqual([[GROUP.sales, [USER.carol, USER.dave]]]);
  });

  it('without members, returns neither the members nor the groups\' member lists', () => {
    const snapshot = buildSnapshot(aTenantContext(contractTenant()).ctx, query({ groups: ['sales'] }));
    expect(snapshot.users).toEqual([]);
    expect(snapshot.groups.map((group) => [group.id, group.members])).toEqual([[GROUP.sales, []]]);
  });

  it('gives sign-in activity to the queries that ask for it, null where the tenant has none', () => {
    const doc = contractTenant();
    userOf(doc, USER.alice).signInActivity = SIGN_INS;
    const snapshot = buildSnapshot(aTenantContext(doc).ctx, query({ users: [USER.alice, USER.bob], signInActivity: true }));
    expect(snapshot.users.map((user) => user.signInActivity)).toEqual([SIGN_INS, null]);
  });

  it('hides sign-in activity from other queries and hands out the tenant\'s own users otherwise', () => {
    const doc = contractTenant();
    const alice = userOf(doc, USER.alice);
    alice.signInActivity = SIGN_INS;
    const snapshot = buildSnapshot(aTenantContext(doc).ctx, query({ users: [USER.alice, USER.bob] }));
    const [aliceSeen, bobSeen] = snapshot.users;
    expect(aliceSeen).not.toHaveProperty('signInActivity');
    expect(aliceSeen).toEqual({ ...alice, signInActivity: undefined });
    expect(alice.signInActivity).toEqual(SIGN_INS);
    // Copying every user for every read cost more than the read (see TenantState.snapshot).
    expect(bobSeen).toBe(userOf(doc, USER.bob));
  });
});
