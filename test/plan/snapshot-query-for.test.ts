import { describe, expect, it } from 'vitest';
import { snapshotQueryFor } from '../../src/plan/snapshot-query-for.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal } from '../support/builders.js';
import { E3, PBI } from './plan-kit.js';

describe('the store query of a desired state', () => {
  // Group members are always read (seat fan-out, removal counts); every holder of the managed
  // SKUs only when prune may remove them, as that read is the expensive one.
  it.each([
    { prune: false, holdersOf: [] },
    { prune: true, holdersOf: [E3.skuId, PBI.skuId].sort() },
  ])('names the listed principals, reads group members, and reads all holders only when pruning: prune $prune', ({ prune, holdersOf }) => {
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId)])],
      groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(PBI.skuId)])],
      settings: { prune },
    });
    expect(snapshotQueryFor(desired)).toEqual({ users: ['ann@contoso.com'], groups: ['Sales'], holdersOf, members: true });
  });
});
