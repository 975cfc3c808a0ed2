import { describe, expect, it } from 'vitest';
import { loadConfigSources, resolveDesiredState } from '../../src/config/index.js';
import type { DesiredPrincipal } from '../../src/model/desired.js';
import type { SubscribedSku } from '../../src/model/tenant.js';
import { CATALOG as catalog, CATALOG_SKUS as all, catalogSku as sku } from '../support/catalog-skus.js';
import { SPEC_EXAMPLE_PROFILES as PROFILES } from '../support/spec-example-config.js';

const planId = (s: SubscribedSku, name: string): string => s.servicePlans.find((p) => p.servicePlanName === name)?.servicePlanId ?? name;
const E3 = sku('SPE_E3');
const E5 = sku('SPE_E5');
const PBI = sku('POWER_BI_PRO');
const VISIO = sku('VISIOCLIENT');
const TENANT = [E3, E5, PBI, VISIO];

function resolve(text: string, skus: readonly SubscribedSku[] = TENANT, offline = false) {
  const loaded = loadConfigSources([{ file: 'skuform.yaml', text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return resolveDesiredState(loaded.config, skus, catalog, { offline });
}

function licensesOf(principal: DesiredPrincipal | undefined): [string, string[], string, string | undefined][] {
  return (principal?.licenses ?? []).map((l) => [l.skuId, l.disabledPlans, l.mode, l.profile]);
}


describe('resolveDesiredState', () => {
  it('expands a profile shorthand into sorted licenses with sorted disabled plans', () => {
    const { desired, diagnostics } = resolve(`${PROFILES}users:\n  alice@contoso.com: knowledge-worker\n`);
    expect(diagnostics).toEqual([]);
    const [alice] = desired.users;
    expect(alice?.key).toBe('alice@contoso.com');
    expect(alice?.source).toEqual({ file: 'skuform.yaml', line: 10, column: 3 });
    expect(licensesOf(alice)).toEqual([
      [E3.skuId, [planId(E3, 'SWAY'), planId(E3, 'YAMMER_ENTERPRISE')].sort(), 'disabledPlans', 'knowledge-worker'],
      [PBI.skuId, [], 'disabledPlans', 'knowledge-worker'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(alice?.licenses[0]?.source.line).toBe(PBI.skuId < E3.skuId ? 5 : 3);
  });

  it('turns enabledPlans into the complement over the SKU\'s user plans', () => {
    const companyPlan = E5.servicePlans[5];
    const e5 = { ...E5, servicePlans: E5.servicePlans.map((p) => (p === companyPlan ? { ...p, appliesTo: 'Company' } : p)) };
    const { desired } = resolve(`${PROFILES}users:\n  a: e5-exchange-and-teams\n`, [E3, e5, PBI]);
    const on = new Set([planId(E5, 'EXCHANGE_S_ENTERPRISE'), planId(E5, 'TEAMS1'), companyPlan?.servicePlanId]);
    const expected = E5.servicePlans.map((p) => p.servicePlanId).filter((id) => !on.has(id)).sort();
    expect(licensesOf(desired.users[0])).toEqual([[E5.skuId, expected, 'enabledPlans', 'e5-exchange-and-teams']]);
  });

  it('lets a principal\'s own entry replace a profile\'s entry for the same SKU, and accepts names, product names and GUIDs', () => {
    const { desired, diagnostics } = resolve(`${PROFILES}users:
  bob@contoso.com:
    profiles: [knowledge-worker]
    licenses:
      - sku: microsoft 365 e3
        disabledPlans: [Sway]
      - sku: Visio Plan 2
      - sku: ${PBI.skuId.toUpperCase()}
        disabledPlans: [${planId(PBI, 'BI_AZURE_P2')}]
`);
    expect(diagnostics).toEqual([]);
    expect(licensesOf(desired.users[0])).toEqual([
      [E3.skuId, [planId(E3, 'SWAY')], 'disabledPlans', undefined],
      [VISIO.skuId, [], 'disabledPlans', undefined],
      [PBI.skuId, [planId(PBI, 'BI_AZURE_P2')], 'disabledPlans', undefined],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });

  it('lists `carol: []` with no licenses, and groups like users', () => {
    const { desired } = resolve('users:\n  carol@contoso.com: []\ngroups:\n  Sales:\n    licenses:\n      - sku: SPE_E3\n');
    expect(desired.users).toEqual([{ kind: 'user', key: 'carol@contoso.com', licenses: [], source: { file: 'skuform.yaml', line: 2, column: 3 } }]);
    expect(desired.groups.map((g) => [g.kind, g.key, licensesOf(g)])).toEqual([['group', 'Sales', [[E3.skuId, [], 'disabledPlans', undefined]]]]);
  });

  it('refuses the same SKU from two profiles of one principal, naming both entries', () => {
    const { desired, diagnostics } = resolve(`${PROFILES}  also-e3:\n    - sku: SPE_E3\nusers:\n  a:\n    profiles: [knowledge-worker, also-e3]\n`);
    expect(diagnostics.map((d) => [d.code, d.message, d.location?.line, d.related?.map((r) => r.location.line)])).toEqual([
      ['sku-from-two-profiles', 'user \'a\' gets the same SKU from profiles \'knowledge-worker\' and \'also-e3\'', 12, [3, 10]],
    ]);
    expect(desired.users).toEqual([]);
  });

  it.each([
    ['an unknown SKU', 'users:\n  a:\n    - sku: SPE_E9\n', 'unknown-sku', '3:12', 'unknown SKU \'SPE_E9\'', 'did you mean SPE_E3 or SPE_E5?'],
    ['a SKU the tenant lacks', 'users:\n  a:\n    - sku: ENTERPRISEPACK\n', 'sku-not-subscribed', '3:12', 'Office 365 E3 (ENTERPRISEPACK) is not subscribed in this tenant', undefined],
    ['an unknown plan', 'users:\n  a:\n    - sku: SPE_E3\n      disabledPlans: [SWAYY]\n', 'unknown-plan', '4:23', 'unknown service plan \'SWAYY\' in Microsoft 365 E3 (SPE_E3)', 'did you mean SWAY?'],
    ['a plan of another SKU', 'users:\n  a:\n    - sku: POWER_BI_PRO\n      enabledPlans: [SWAY]\n', 'plan-not-in-sku', '4:22', 'service plan Sway (SWAY) is not part of Power BI Pro (POWER_BI_PRO)', undefined],
    ['a SKU listed twice', 'users:\n  a:\n    - sku: SPE_E3\n    - sku: spe_e3\n', 'duplicate-sku', '4:12', 'SKU \'spe_e3\' is listed twice', 'give each SKU one entry'],
    ['an unknown managed SKU', 'settings:\n  managedSkus: [SPE_E3, NOPE]\n', 'unknown-sku', '2:25', 'unknown SKU \'NOPE\'', undefined],
    ['an unknown reserved SKU', 'settings:\n  seatReserve: {NOPE: 1}\n', 'unknown-sku', '2:17', 'unknown SKU \'NOPE\'', undefined],
  ])('reports %s where it is written', (_name, text, code, place, message, hint) => {
    const { desired, diagnostics } = resolve(text);
    expect(diagnostics.map((d) => [d.code, `${d.location?.line}:${d.location?.column}`, d.message])).toEqual([[code, place, message]]);
    if (hint !== undefined) expect(diagnostics[0]?.hint).toBe(hint);
    expect(desired.users).toEqual([]);
  });

  it('reports a broken profile entry once however many principals use it', () => {
    const users = Array.from({ length: 50 }, (_, i) => `  u${i}: p`).join('\n');
    const { desired, diagnostics } = resolve(`profiles:\n  p:\n    - sku: SPE_E9\nusers:\n${users}\n`);
    expect(diagnostics.map((d) => d.code)).toEqual(['unknown-sku']);
    expect(desired.users).toEqual([]);
  });

  it('defaults managedSkus to every SKU named in the files, profiles included', () => {
    const { desired } = resolve(`${PROFILES}users:\n  a:\n    - sku: VISIOCLIENT\n`);
    expect(desired.settings).toEqual({ managedSkuIds: [E3.skuId, E5.skuId, PBI.skuId, VISIO.skuId].sort(), managedSkusExplicit: false, prune: false, maxRemovals: 50, seatReserve: {} });
  });

  it('resolves explicit settings and warns once per entry outside managedSkus', () => {
    const { desired, diagnostics } = resolve(`settings:\n  managedSkus: [spe_e3]\n  prune: true\n  maxRemovals: 7\n  seatReserve: {Microsoft 365 E3: 5}\n${PROFILES}users:\n  a: knowledge-worker\n  b: knowledge-worker\n`);
    expect(desired.settings).toEqual({ managedSkuIds: [E3.skuId], managedSkusExplicit: true, prune: true, maxRemovals: 7, seatReserve: { [E3.skuId]: 5 }, source: { file: 'skuform.yaml', line: 1, column: 1 } });
    expect(diagnostics.map((d) => [d.severity, d.code, d.location?.line])).toEqual([['warning', 'unmanaged-sku', 10]]);
  });

  it('carries settings.suspend, and leaves it out when not written', () => {
    expect(resolve(`settings:\n  suspend: true\n${PROFILES}users:\n  a: knowledge-worker\n`).desired.settings.suspend).toBe(true);
    expect(resolve(`settings:\n  suspend: false\n${PROFILES}users:\n  a: knowledge-worker\n`).desired.settings.suspend).toBe(false);
    expect('suspend' in resolve(`${PROFILES}users:\n  a: knowledge-worker\n`).desired.settings).toBe(false);
  });

  it('keeps tenant, and makes a relative file store absolute against its file\'s directory', () => {
    const loaded = loadConfigSources([{ file: 'conf/skuform.yaml', text: 'tenant: contoso.onmicrosoft.com\nstore: file:../tenant.json\n', dir: '/repo/conf' }]);
    const { desired } = resolveDesiredState(loaded.config, TENANT, catalog);
    expect(desired.tenant).toEqual({ value: 'contoso.onmicrosoft.com', source: { file: 'conf/skuform.yaml', line: 1, column: 9 } });
    expect(desired.store).toEqual({ value: 'file:/repo/tenant.json', source: { file: 'conf/skuform.yaml', line: 2, column: 8 } });
    expect(desired.files).toEqual(['conf/skuform.yaml']);
  });

  it('offline, warns about a product name that fits several catalogue SKUs and picks one whose plans fit', () => {
    const { desired, diagnostics } = resolve('users:\n  a:\n    - sku: Visio Plan 2\n      disabledPlans: [VISIOONLINE]\n', all, true);
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'ambiguous-sku']]);
    expect(desired.users[0]?.licenses).toHaveLength(1);
    expect(resolve('users:\n  a:\n    - sku: Visio Plan 2\n', all, false).diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'ambiguous-sku']]);
  });

  it('offline, takes the SKU that managedSkus names when a product name fits several, without a warning', () => {
    const text = 'settings:\n  managedSkus: [VISIO_PLAN2_DEPT]\nusers:\n  a:\n    - sku: Visio Plan 2\n';
    const { desired, diagnostics } = resolve(text, all, true);
    expect(diagnostics).toEqual([]);
    expect(desired.users[0]?.licenses.map((l) => l.skuId)).toEqual([sku('VISIO_PLAN2_DEPT').skuId]);
    const other = resolve(text.replace('VISIO_PLAN2_DEPT', 'VISIOCLIENT'), all, true);
    expect(other.diagnostics).toEqual([]);
    expect(other.desired.users[0]?.licenses.map((l) => l.skuId)).toEqual([VISIO.skuId]);
  });

  it('resolves 100,000 users sharing a profile, each with its own copy of the licenses', () => {
    const users = Array.from({ length: 100_000 }, (_, i) => `  user${i}@contoso.com: knowledge-worker`).join('\n');
    const { desired, diagnostics } = resolve(`${PROFILES}users:\n${users}\n`);
    expect(diagnostics).toEqual([]);
    expect(desired.users).toHaveLength(100_000);
    expect(desired.users[0]?.licenses[0]).not.toBe(desired.users[1]?.licenses[0]);
    expect(desired.users[99_999]?.source.line).toBe(100_009);
  });

  it('with shareLicenses (offline validation), gives the same result and problems, the licenses shared instead of copied', () => {
    const text = `settings:\n  managedSkus: [SPE_E3, POWER_BI_PRO]\n${PROFILES}users:\n` +
      '  a@contoso.com: knowledge-worker\n  b@contoso.com: knowledge-worker\n  c@contoso.com: e5-exchange-and-teams\n' +
      '  d@contoso.com:\n    profiles: [knowledge-worker]\n    licenses:\n      - sku: SPE_E3\n        until: 2020-01-01\n' +
      '  e@contoso.com:\n    profiles: [knowledge-worker, e5-exchange-and-teams]\n  f@contoso.com: []\n' +
      'groups:\n  Sales: knowledge-worker\n';
    const loaded = loadConfigSources([{ file: 'skuform.yaml', text }]);
    const options = { offline: true, now: Date.parse('2026-06-01T00:00:00Z') };
    const copied = resolveDesiredState(loaded.config, all, catalog, options);
    const shared = resolveDesiredState(loaded.config, all, catalog, { ...options, shareLicenses: true });
    expect(copied.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['unmanaged-sku', 'license-ended']));
    expect(shared).toEqual(copied);
    expect(shared.desired.users[0]?.licenses).toBe(shared.desired.users[1]?.licenses);
    expect(copied.desired.users[0]?.licenses[0]).not.toBe(copied.desired.users[1]?.licenses[0]);
  });
});
