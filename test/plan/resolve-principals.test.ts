import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aSnapshot, aUser } from '../support/builders.js';
import { E3, runPlan } from './plan-kit.js';

const alice = aUser({ userPrincipalName: 'alice@contoso.com' });
const salesA = aGroup({ displayName: 'Sales', id: 'aaaaaaaa-0000-4000-8000-000000000001' });
const salesB = aGroup({ displayName: 'Sales', id: 'aaaaaaaa-0000-4000-8000-000000000002' });
const snapshot: Snapshot = aSnapshot({ skus: [E3], users: [alice], groups: [salesA, salesB] });

const e3 = [aDesiredLicense(E3.skuId)];

describe('principal resolution checks', () => {
  it.each([
    {
      name: 'an unknown user is not found',
      users: [aDesiredPrincipal('user', 'nobody@contoso.com', e3)],
      groups: [],
      expected: [['principal-not-found', 'user "nobody@contoso.com" was not found in the tenant']],
    },
    {
      name: 'a key the store resolved to an object it did not return is not found',
      users: [aDesiredPrincipal('user', 'ghost@contoso.com', e3)],
      groups: [],
      resolved: { users: new Map([['ghost@contoso.com', ['bbbbbbbb-0000-4000-8000-000000000001']]]), groups: new Map() },
      expected: [['principal-not-found', 'user "ghost@contoso.com" was not found in the tenant']],
    },
    {
      name: 'a group name matching two groups is ambiguous',
      users: [],
      groups: [aDesiredPrincipal('group', 'Sales', e3)],
      expected: [['group-ambiguous', `group "Sales" matches 2 groups (${salesA.id}, ${salesB.id})`]],
    },
    {
      name: 'the UPN and the object id of one user are a duplicate',
      users: [aDesiredPrincipal('user', 'alice@contoso.com', e3, 3), aDesiredPrincipal('user', alice.id, [], 9)],
      groups: [],
      expected: [['principal-duplicate', `user "${alice.id}" is the same user as "alice@contoso.com" (listed at skuform.yaml:3:3)`]],
    },
    {
      name: 'a UPN in other letter case still resolves',
      users: [aDesiredPrincipal('user', 'ALICE@contoso.com', e3)],
      groups: [],
      expected: [],
    },
  ])('$name', ({ users, groups, resolved, expected }) => {
    const plan = runPlan(aDesired({ users, groups }), resolved === undefined ? snapshot : { ...snapshot, resolved });
    const blocking = plan.checks.filter((c) => c.severity === 'error').map((c) => [c.code, c.message]);
    expect(blocking).toEqual(expected);
    expect(plan.blocked).toBe(expected.length > 0);
  });

  it('keeps the first listing of a duplicated user and plans it once', () => {
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'alice@contoso.com', e3, 3), aDesiredPrincipal('user', alice.id, [], 9)],
    });
    const plan = runPlan(desired, snapshot);
    expect(plan.operations.map((op) => [op.principal.name, op.changes.map((c) => c.action)])).toEqual([['alice@contoso.com', ['assign']]]);
    expect(plan.operations[0]?.source).toEqual({ file: 'skuform.yaml', line: 3, column: 3 });
  });

  it('never prunes a group an ambiguous key may mean', () => {
    const licensed = { ...salesA, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] };
    const desired = aDesired({ groups: [aDesiredPrincipal('group', 'Sales', e3)], settings: { prune: true } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], groups: [licensed, salesB], holdersOf: [E3.skuId] }));
    expect(plan.operations).toEqual([]);
    expect(plan.checks.map((c) => c.code)).toContain('group-ambiguous');
  });
});
