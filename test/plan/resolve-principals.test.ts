import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aSnapshot, aUser } from '../support/builders.js';
import { E3, runPlan } from './plan-kit.js';

const alice = aUser({ userPrincipalName: 'alice@contoso.com' });
const bob = aUser({ userPrincipalName: 'bob@contoso.com' });
const salesA = aGroup({ displayName: 'Sales', id: 'aaaaaaaa-0000-4000-8000-000000000001' });
const salesB = aGroup({ displayName: 'Sales', id: 'aaaaaaaa-0000-4000-8000-000000000002' });
const snapshot: Snapshot = aSnapshot({ skus: [E3], users: [alice], groups: [salesA, salesB] });

const e3 = [aDesiredLicense(E3.skuId)];

/** What each resolution error tells the user to do. */
const HINT = {
  user: 'check the userPrincipalName or use the object id',
  group: 'check the display name or use the object id',
  ambiguous: 'group display names must be unique: list the group by its object id',
};

describe('principal resolution checks', () => {
  it.each([
    {
      name: 'an unknown user is not found',
      users: [aDesiredPrincipal('user', 'nobody@contoso.com', e3)],
      groups: [],
      expected: [['principal-not-found', 'user "nobody@contoso.com" was not found in the tenant', HINT.user]],
    },
    {
      name: 'an unknown group is not found',
      users: [],
      groups: [aDesiredPrincipal('group', 'Nobody', e3)],
      expected: [['principal-not-found', 'group "Nobody" was not found in the tenant', HINT.group]],
    },
    {
      // UPNs and object ids are unique: two answers mean the store is inconsistent, so nothing is guessed.
      name: 'a user key the store resolved to two users is not found',
      users: [aDesiredPrincipal('user', 'alice@contoso.com', e3)],
      groups: [],
      resolved: { users: new Map([['alice@contoso.com', [alice.id, bob.id]]]), groups: new Map() },
      expected: [['principal-not-found', `user "alice@contoso.com" does not resolve to exactly one user (${[alice.id, bob.id].sort().join(', ')})`, HINT.user]],
    },
    {
      name: 'a key the store resolved to an object it did not return is not found',
      users: [aDesiredPrincipal('user', 'ghost@contoso.com', e3)],
      groups: [],
      resolved: { users: new Map([['ghost@contoso.com', ['bbbbbbbb-0000-4000-8000-000000000001']]]), groups: new Map() },
      expected: [['principal-not-found', 'user "ghost@contoso.com" was not found in the tenant', HINT.user]],
    },
    {
      name: 'a group name matching two groups is ambiguous',
      users: [],
      groups: [aDesiredPrincipal('group', 'Sales', e3)],
      expected: [['group-ambiguous', `group "Sales" matches 2 groups (${salesA.id}, ${salesB.id})`, HINT.ambiguous]],
    },
    {
      // Names are matched case-insensitively, so names that differ only in case are ambiguous too.
      name: 'group names differing only in letter case are ambiguous',
      users: [],
      groups: [aDesiredPrincipal('group', 'sales', e3)],
      resolved: { users: new Map(), groups: new Map([['Sales', [salesA.id]], ['SALES', [salesB.id]]]) },
      expected: [['group-ambiguous', `group "sales" matches 2 groups (${salesA.id}, ${salesB.id})`, HINT.ambiguous]],
    },
    {
      name: 'the UPN and the object id of one user are a duplicate',
      users: [aDesiredPrincipal('user', 'alice@contoso.com', e3, 3), aDesiredPrincipal('user', alice.id, [], 9)],
      groups: [],
      expected: [['principal-duplicate', `user "${alice.id}" is the same user as "alice@contoso.com" (listed at skuform.yaml:3:3)`, 'list each principal once, by one key']],
    },
    {
      name: 'a UPN in other letter case still resolves',
      users: [aDesiredPrincipal('user', 'ALICE@contoso.com', e3)],
      groups: [],
      expected: [],
    },
  ])('$name', ({ users, groups, resolved, expected }) => {
    const plan = runPlan(aDesired({ users, groups }), resolved === undefined ? snapshot : { ...snapshot, resolved });
    const blocking = plan.checks.filter((c) => c.severity === 'error').map((c) => [c.code, c.message, c.hint]);
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

  it('reports every further listing of an object against its first, also after many other principals', () => {
    const carol = aUser({ userPrincipalName: 'carol@contoso.com' });
    const desired = aDesired({
      users: [
        aDesiredPrincipal('user', 'alice@contoso.com', e3, 1),
        aDesiredPrincipal('user', 'bob@contoso.com', e3, 2),
        aDesiredPrincipal('user', alice.id, [], 3),
        aDesiredPrincipal('user', 'carol@contoso.com', [], 4),
        aDesiredPrincipal('user', 'ALICE@contoso.com', [], 5),
        aDesiredPrincipal('user', bob.id, [], 6),
        aDesiredPrincipal('user', carol.id, e3, 7),
      ],
      groups: [aDesiredPrincipal('group', salesA.id, e3, 8), aDesiredPrincipal('group', salesA.id, [], 9)],
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users: [alice, bob, carol], groups: [salesA, salesB] }));

    const duplicates = plan.checks.filter((c) => c.code === 'principal-duplicate').map((c) => [c.source?.line, c.message]);
    expect(duplicates.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [3, `user "${alice.id}" is the same user as "alice@contoso.com" (listed at skuform.yaml:1:3)`],
      [5, 'user "ALICE@contoso.com" is the same user as "alice@contoso.com" (listed at skuform.yaml:1:3)'],
      [6, `user "${bob.id}" is the same user as "bob@contoso.com" (listed at skuform.yaml:2:3)`],
      [7, `user "${carol.id}" is the same user as "carol@contoso.com" (listed at skuform.yaml:4:3)`],
      [9, `group "${salesA.id}" is the same group as "${salesA.id}" (listed at skuform.yaml:8:3)`],
    ]);
    // The first listings keep their licenses: alice, bob and the group gain E3, carol nothing.
    expect(plan.operations.map((op) => [op.principal.name, op.source?.line])).toEqual([
      ['alice@contoso.com', 1],
      ['bob@contoso.com', 2],
      ['Sales', 8],
    ]);
  });

  it('never prunes a group an ambiguous key may mean', () => {
    const licensed = { ...salesA, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] };
    const desired = aDesired({ groups: [aDesiredPrincipal('group', 'Sales', e3)], settings: { prune: true } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], groups: [licensed, salesB], holdersOf: [E3.skuId] }));
    expect(plan.operations).toEqual([]);
    expect(plan.checks.map((c) => c.code)).toContain('group-ambiguous');
  });
});
