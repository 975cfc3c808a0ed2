import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/model/apply-result.js';
import type { Plan } from '../../src/model/plan.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { SubscribedSku, TenantUser } from '../../src/model/tenant.js';
import { classifyDrift } from '../../src/watch/classify-drift.js';
import { afterApplied, observeTenant } from '../../src/watch/observe-tenant.js';
import { aGroup, aLicenseState, aSku, aSnapshot, aUser, planId, skuIdOf } from '../support/builders.js';

const E3 = skuIdOf('SPE_E3');
const E5 = skuIdOf('SPE_E5');
const BI = skuIdOf('POWER_BI_PRO');
const MANAGED = [E3, E5];
const SKUS = [aSku({ skuPartNumber: 'SPE_E3', total: 20 }), aSku({ skuPartNumber: 'SPE_E5', total: 10 }), aSku({ skuPartNumber: 'POWER_BI_PRO' })];

const alice = (states = [aLicenseState(E3)]): TenantUser => aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: states });
const erin = (states: TenantUser['licenseAssignmentStates'] = []): TenantUser => aUser({ userPrincipalName: 'erin@contoso.com', licenseAssignmentStates: states });
const LISTED = new Set([`user:${alice().id}`]);

function snapshot(users: TenantUser[], skus: SubscribedSku[] = SKUS, extra: Partial<Snapshot> = {}): Snapshot {
  return aSnapshot({ users, skus, ...extra });
}

function drift(before: Snapshot, after: Snapshot, listed = LISTED) {
  return classifyDrift(observeTenant(before, MANAGED, 'q'), observeTenant(after, MANAGED, 'q'), listed).map((f) => [f.kind, `${f.subject} ${f.detail}`]);
}

describe('classifyDrift', () => {
  it.each([
    ['nothing changed', [alice()], [alice()], []],
    ['a listed user lost a license', [alice()], [alice([])], [['changed-outside', 'user alice@contoso.com changed outside skuform: SPE_E3 removed']]],
    ['a listed user was swapped', [alice()], [alice([aLicenseState(E5)])], [['changed-outside', 'user alice@contoso.com changed outside skuform: SPE_E3 removed; SPE_E5 added']]],
    ['a listed user\'s plans changed', [alice()], [alice([aLicenseState(E3, { disabledPlans: [planId('SWAY')] })])], [['changed-outside', 'user alice@contoso.com changed outside skuform: SPE_E3 service plans changed']]],
    ['an unmanaged SKU changed', [alice()], [alice([aLicenseState(E3), aLicenseState(BI)])], []],
    ['an inherited license arrived', [alice()], [alice([aLicenseState(E3), aLicenseState(E5, { group: aGroup().id })])], []],
  ] as const)('%s', (_name, before, after, expected) => {
    expect(drift(snapshot([...before]), snapshot([...after]))).toEqual(expected);
  });

  it('names an unlisted user who gained a managed SKU', () => {
    expect(drift(snapshot([alice(), erin()]), snapshot([alice(), erin([aLicenseState(E5)])]))).toEqual([
      ['new-holder', 'user erin@contoso.com new holder of SPE_E5, not listed in the config'],
    ]);
  });

  it('counts seats held outside the config when holders are not read one by one', () => {
    const before = snapshot([alice()]);
    const skus = SKUS.map((sku) => ({ ...sku, consumedUnits: sku.skuId === E3 ? 1 : sku.skuId === E5 ? 2 : 0 }));
    const grown = aSnapshot({ users: [alice()], skus, keepConsumed: true });
    expect(drift(before, grown)).toEqual([['new-holder', 'SKU SPE_E5 2 more seats are held outside the config (2 now)']]);
    // Under another scope (the config changed what is read), the count is not comparable.
    expect(classifyDrift(observeTenant(before, MANAGED, 'q1'), observeTenant(grown, MANAGED, 'q2'), LISTED)).toEqual([]);
  });

  it('reports a principal first seen holding a SKU only when the snapshot holds every holder', () => {
    const holders = { holdersOf: MANAGED };
    expect(drift(snapshot([alice()], SKUS, holders), snapshot([alice(), erin([aLicenseState(E3)])], SKUS, holders))).toEqual([
      ['new-holder', 'user erin@contoso.com new holder of SPE_E3, not listed in the config'],
    ]);
    expect(drift(snapshot([alice()]), aSnapshot({ users: [alice(), erin([aLicenseState(E3)])], skus: SKUS }))).toEqual([]);
  });

  it('describes SKU changes: plans, seats, subscription state, (un)subscribed', () => {
    const changed = SKUS.map((sku) => (sku.skuId === E3 ? { ...aSku({ skuPartNumber: 'SPE_E3', total: 25, plans: ['EXCHANGE_S_ENTERPRISE', 'TEAMS1'] }), capabilityStatus: 'Warning' } : sku)).filter((sku) => sku.skuId !== E5);
    expect(drift(snapshot([alice()]), snapshot([alice()], changed))).toEqual([
      ['sku-changed', 'SKU SPE_E3 new service plan TEAMS1; service plan SWAY gone; seats 20 -> 25; subscription Enabled -> Warning'],
      ['sku-changed', 'SKU SPE_E5 is no longer subscribed'],
    ]);
  });
});

describe('afterApplied', () => {
  it('takes skuform\'s own applied changes into the observation, and not failed ones', () => {
    const before = observeTenant(snapshot([alice(), erin()]), MANAGED, 'q');
    const op = (id: string, add: string[], remove: string[]) => ({ id, request: { addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: remove } });
    const plan = { operations: [op(`user:${alice().id}`, [E5], [E3]), op(`user:${erin().id}`, [E3], [])] } as unknown as Plan;
    const result = {
      outcomes: [
        { operationId: `user:${alice().id}`, status: 'applied' },
        { operationId: `user:${erin().id}`, status: 'failed' },
      ],
    } as unknown as ApplyResult;
    const moved = afterApplied(before, plan, result);
    const now = observeTenant(snapshot([alice([aLicenseState(E5)]), erin()]), MANAGED, 'q');
    expect(classifyDrift(moved, now, LISTED)).toEqual([]);
    expect(classifyDrift(before, now, LISTED).map((f) => f.kind)).toEqual(['changed-outside']);
  });
});
