import { describe, expect, it } from 'vitest';
import { exportConfig, loadConfigSources, resolveDesiredState } from '../../src/config/index.js';
import type { DesiredPrincipal } from '../../src/model/desired.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { SubscribedSku } from '../../src/model/tenant.js';
import { aGroup, aLicenseState, aSnapshot, aUser } from '../support/builders.js';
import { CATALOG as catalog, CATALOG_SKUS as all, catalogSku as sku } from '../support/catalog-skus.js';

const plan = (s: SubscribedSku, name: string): string => s.servicePlans.find((p) => p.servicePlanName === name)?.servicePlanId ?? '';
const E3 = sku('SPE_E3');
const E5 = sku('SPE_E5');
const PBI = sku('POWER_BI_PRO');
const VISIO = sku('VISIOCLIENT');
/** Two subscriptions with one part number: the export must fall back to GUIDs for them. */
const [CALLING_A, CALLING_B] = all.filter((s) => s.skuPartNumber === 'MCOPSTN5');
const SKUS = [E3, E5, PBI, VISIO, CALLING_A, CALLING_B].filter((s) => s !== undefined);
const E3_NO_SWAY = [plan(E3, 'SWAY')];
const E5_ALL_BUT_EXCHANGE_AND_TEAMS = E5.servicePlans.filter((p) => !['EXCHANGE_S_ENTERPRISE', 'TEAMS1'].includes(p.servicePlanName)).map((p) => p.servicePlanId);

function snapshot(): Snapshot {
  const sales = aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: E3.skuId, disabledPlans: E3_NO_SWAY }] });
  const twinA = aGroup({ id: '00000000-0000-4000-8000-00000000000a', displayName: 'Twins', assignedLicenses: [{ skuId: PBI.skuId, disabledPlans: [] }] });
  const twinB = aGroup({ id: '00000000-0000-4000-8000-00000000000b', displayName: 'twins', assignedLicenses: [{ skuId: VISIO.skuId, disabledPlans: [] }] });
  const users = [
    aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: E3_NO_SWAY }), aLicenseState(PBI.skuId)] }),
    aUser({ userPrincipalName: 'bob@contoso.com', licenseAssignmentStates: [aLicenseState(PBI.skuId), aLicenseState(E3.skuId, { disabledPlans: E3_NO_SWAY })] }),
    aUser({ userPrincipalName: 'carol@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId, { group: sales.id, disabledPlans: E3_NO_SWAY })] }),
    aUser({ userPrincipalName: 'dave@contoso.com', licenseAssignmentStates: [aLicenseState(E5.skuId, { disabledPlans: [plan(E5, 'SWAY'), plan(E5, 'TEAMS1'), plan(E5, 'MCOEV')] }), aLicenseState(E3.skuId, { group: sales.id })] }),
    aUser({ userPrincipalName: 'true', licenseAssignmentStates: [aLicenseState(VISIO.skuId)] }),
    aUser({ userPrincipalName: "o'neil#1@contoso.com", licenseAssignmentStates: [aLicenseState(CALLING_A?.skuId ?? '')] }),
    aUser({ userPrincipalName: 'erin@contoso.com', licenseAssignmentStates: [aLicenseState(VISIO.skuId)] }),
    aUser({ userPrincipalName: 'frank@contoso.com', licenseAssignmentStates: [aLicenseState(E5.skuId, { disabledPlans: E5_ALL_BUT_EXCHANGE_AND_TEAMS })] }),
  ];
  return aSnapshot({ skus: SKUS, users, groups: [sales, twinA, twinB] });
}

/** What a principal holds directly, as skuId -> sorted disabled plans. */
function direct(snap: Snapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const user of snap.users) {
    const states = user.licenseAssignmentStates.filter((s) => s.assignedByGroup === null);
    if (states.length > 0) out.set(`user:${user.id}`, JSON.stringify(states.map((s) => [s.skuId, [...s.disabledPlans].sort()]).sort()));
  }
  for (const group of snap.groups) {
    if (group.assignedLicenses.length > 0) out.set(`group:${group.id}`, JSON.stringify(group.assignedLicenses.map((l) => [l.skuId, [...l.disabledPlans].sort()]).sort()));
  }
  return out;
}

function desired(principals: readonly DesiredPrincipal[], snap: Snapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of principals) {
    const target = p.kind === 'user'
      ? snap.users.find((u) => u.userPrincipalName.toLowerCase() === p.key.toLowerCase() || u.id === p.key)?.id
      : snap.groups.find((g) => g.displayName === p.key || g.id === p.key)?.id;
    out.set(`${p.kind}:${target ?? p.key}`, JSON.stringify(p.licenses.map((l) => [l.skuId, l.disabledPlans]).sort()));
  }
  return out;
}

describe('exportConfig', () => {
  it.each([false, true])('round-trips the direct assignments (profiles: %s)', (profiles) => {
    const snap = snapshot();
    const text = exportConfig(snap, { profiles });
    const loaded = loadConfigSources([{ file: 'export.yaml', text }]);
    expect(loaded.diagnostics).toEqual([]);
    const resolved = resolveDesiredState(loaded.config, snap.skus, catalog);
    expect(resolved.diagnostics).toEqual([]);
    expect(desired([...resolved.desired.users, ...resolved.desired.groups], snap)).toEqual(direct(snap));
  });

  it('writes readable names, the schema comment and version, deterministically', () => {
    const snap = snapshot();
    const text = exportConfig(snap, { schemaRef: '../schemas/skuform.schema.json' });
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# yaml-language-server: $schema=../schemas/skuform.schema.json',
      '# Direct license assignments of 7 users and 3 groups, exported by skuform.',
      'version: 1',
      'tenant: contoso.onmicrosoft.com',
    ]);
    expect(text).toContain('  alice@contoso.com:\n    licenses:\n      - sku: POWER_BI_PRO\n      - sku: SPE_E3\n        disabledPlans: [SWAY]\n');
    expect(text).toContain('  "true":\n');
    expect(text).toContain('  "o\'neil#1@contoso.com":\n    licenses:\n      - sku: "54a152dc');
    expect(text).toContain(`  "00000000-0000-4000-8000-00000000000a":\n    licenses:\n      - sku: POWER_BI_PRO\n`);
    expect(text).not.toContain('carol');
    const shuffled = { ...snap, users: [...snap.users].reverse(), groups: [...snap.groups].reverse() };
    expect(exportConfig(shuffled, { schemaRef: '../schemas/skuform.schema.json' })).toBe(text);
  });

  it('turns license sets held by two or more principals into named profiles with shorthand', () => {
    const text = exportConfig(snapshot(), { profiles: true });
    expect(text).toContain('profiles:\n  power-bi-pro+spe-e3-no-sway:\n    - sku: POWER_BI_PRO\n    - sku: SPE_E3\n      disabledPlans: [SWAY]\n  visioclient:\n    - sku: VISIOCLIENT\n');
    expect(text).toContain('  alice@contoso.com: power-bi-pro+spe-e3-no-sway\n  bob@contoso.com: power-bi-pro+spe-e3-no-sway\n');
    expect(text).toContain('  erin@contoso.com: visioclient\n');
    expect(text).toContain('  dave@contoso.com:\n    licenses:\n      - sku: SPE_E5\n        disabledPlans: [MCOEV, SWAY, TEAMS1]\n');
  });

  it('writes an allow-list when fewer plans are on than off', () => {
    const text = exportConfig(snapshot(), { profiles: true });
    expect(text).toContain('  frank@contoso.com:\n    licenses:\n      - sku: SPE_E5\n        enabledPlans: [EXCHANGE_S_ENTERPRISE, TEAMS1]\n');
    const twice = aSnapshot({ skus: [E5], users: ['g', 'h'].map((n) => aUser({ userPrincipalName: `${n}@x.com`, licenseAssignmentStates: [aLicenseState(E5.skuId, { disabledPlans: E5_ALL_BUT_EXCHANGE_AND_TEAMS })] })) });
    expect(exportConfig(twice, { profiles: true })).toContain('  spe-e5-only-exchange-s-enterprise-teams1:\n    - sku: SPE_E5\n      enabledPlans: [EXCHANGE_S_ENTERPRISE, TEAMS1]\n');
  });

  it('names clashing profiles uniquely', () => {
    const users = ['a', 'b', 'c', 'd'].map((n, i) => aUser({ userPrincipalName: `${n}@x.com`, licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: i < 2 ? [plan(E3, 'SWAY'), plan(E3, 'TEAMS1'), plan(E3, 'MCOSTANDARD')] : [plan(E3, 'SWAY'), plan(E3, 'TEAMS1'), plan(E3, 'YAMMER_ENTERPRISE')] })] }));
    const text = exportConfig(aSnapshot({ skus: [E3], users }), { profiles: true });
    expect(text).toMatch(/ {2}spe-e3-3-plans-off:\n/u);
    expect(text).toMatch(/ {2}spe-e3-3-plans-off-2:\n/u);
  });

  it('writes a valid file for an empty tenant', () => {
    const text = exportConfig(aSnapshot({ skus: [E3] }), { profiles: true });
    expect(loadConfigSources([{ file: 'e.yaml', text }]).diagnostics).toEqual([]);
  });
});
