import { describe, expect, it } from 'vitest';
import { catalogAsSubscribedSkus, loadCatalog, resolvePlanName, resolveSkuName } from '../../src/catalog/index.js';
import type { SubscribedSku } from '../../src/model/tenant.js';
import { formatDiagnostic } from '../../src/render/format-diagnostics.js';

const catalog = loadCatalog();
const all = catalogAsSubscribedSkus(catalog);
const tenant = ['SPE_E3', 'SPE_E5', 'POWER_BI_PRO', 'VISIOCLIENT'].map((part) => {
  const sku = all.find((s) => s.skuPartNumber === part);
  if (!sku) throw new Error(part);
  return sku;
});
const E3 = tenant[0] as SubscribedSku;

describe('resolveSkuName', () => {
  it.each([
    ['SPE_E3', 'SPE_E3'],
    ['spe_e3', 'SPE_E3'],
    ['  Spe_E3 ', 'SPE_E3'],
    ['05E9A617-0261-4CEE-BB44-138D3EF5D965', 'SPE_E3'],
    ['Microsoft 365 E3', 'SPE_E3'],
    ['microsoft  365 e3', 'SPE_E3'],
    ['Visio Plan 2', 'VISIOCLIENT'],
  ])('%j resolves to %s', (name, part) => {
    const result = resolveSkuName(name, tenant, catalog);
    expect(result.status === 'found' && result.sku.skuPartNumber).toBe(part);
  });

  it.each([
    ['SPE_E9', 'unknown SKU \'SPE_E9\'', 'did you mean SPE_E3 or SPE_E5?'],
    ['Microsoft 365 E4', 'unknown SKU \'Microsoft 365 E4\'', 'did you mean Microsoft 365 E3 or Microsoft 365 E5?'],
    ['00000000-0000-4000-8000-000000000000', 'unknown SKU \'00000000-0000-4000-8000-000000000000\'', undefined],
  ])('%j is unknown', (name, message, hint) => {
    const result = resolveSkuName(name, tenant, catalog);
    expect(result.status).toBe('unknown');
    expect(result.status !== 'found' && result.message).toBe(message);
    if (hint !== undefined) expect(result.status !== 'found' && result.hint).toBe(hint);
  });

  it.each([
    ['ENTERPRISEPACK', 'Office 365 E3 (ENTERPRISEPACK) is not subscribed in this tenant'],
    ['Office 365 E3', 'Office 365 E3 (ENTERPRISEPACK) is not subscribed in this tenant'],
    ['6fd2c87f-b296-42f0-b197-1e91e994b900', 'Office 365 E3 (ENTERPRISEPACK) is not subscribed in this tenant'],
  ])('%j is known to the catalogue but not subscribed', (name, message) => {
    const result = resolveSkuName(name, tenant, catalog);
    expect(result).toMatchObject({ status: 'not-subscribed', message });
  });

  it('says so for a product name of several catalogue SKUs when none is subscribed', () => {
    const result = resolveSkuName('Visio Plan 2', tenant.slice(0, 3), catalog);
    expect(result).toMatchObject({ status: 'not-subscribed', message: 'Visio Plan 2 (VISIO_PLAN2_DEPT or VISIOCLIENT) is not subscribed in this tenant' });
  });

  it('reports names that fit several subscribed SKUs as ambiguous, with the candidates', () => {
    const result = resolveSkuName('MCOPSTN5', all, catalog);
    expect(result.status).toBe('ambiguous');
    expect(result.status === 'ambiguous' && result.candidates.map((s) => s.skuId).sort()).toEqual(['54a152dc-90de-4996-93d2-bc47e670fc06', 'd43177b5-475b-4880-92d4-d54c27b5efbd']);
    expect(resolveSkuName('Visio Plan 2', all, catalog).status).toBe('ambiguous');
  });

  it('takes the tenant as the truth: a part number the catalogue does not know still resolves', () => {
    const custom: SubscribedSku = { ...E3, skuId: '12345678-1234-4234-8234-123456789abc', skuPartNumber: 'CONTOSO_SPECIAL' };
    const result = resolveSkuName('contoso_special', [...tenant, custom], catalog);
    expect(result.status === 'found' && result.sku.skuId).toBe(custom.skuId);
  });

  it('matches a product name to a subscribed SKU of the same part number under another GUID (national clouds)', () => {
    const gov: SubscribedSku = { ...E3, skuId: '99999999-9999-4999-8999-999999999999' };
    const result = resolveSkuName('Microsoft 365 E3', [gov], catalog);
    expect(result.status === 'found' && result.sku.skuId).toBe(gov.skuId);
  });

  it('quotes the name as written: escaping is the output channel\'s job, done once', () => {
    const result = resolveSkuName('X\u001b[31mY', tenant, catalog);
    expect(result.status !== 'found' && result.message).toBe('unknown SKU \'X\u001b[31mY\'');
    expect(result.status !== 'found' && formatDiagnostic({ severity: 'error', code: 'unknown-sku', message: result.message })).toBe('error: unknown SKU \'X\\u{1b}[31mY\'');
  });
});

describe('resolvePlanName', () => {
  it.each([
    ['SWAY', 'SWAY'],
    ['sway', 'SWAY'],
    ['Sway', 'SWAY'],
    ['A23B959C-7CE8-4E57-9140-B90EB88A9E97', 'SWAY'],
    ['Exchange Online (Plan 2)', 'EXCHANGE_S_ENTERPRISE'],
    ['exchange online (plan 2)', 'EXCHANGE_S_ENTERPRISE'],
  ])('%j resolves to %s in SPE_E3', (name, planName) => {
    const result = resolvePlanName(name, E3, catalog);
    expect(result.status === 'found' && result.plan.servicePlanName).toBe(planName);
  });

  it('says when a real plan is not part of the SKU', () => {
    const result = resolvePlanName('MCOEV', E3, catalog);
    expect(result).toMatchObject({ status: 'not-in-sku', message: 'service plan Microsoft 365 Phone System (MCOEV) is not part of Microsoft 365 E3 (SPE_E3)' });
  });

  it('suggests the SKU\'s own plans for a typo', () => {
    const result = resolvePlanName('SWAYY', E3, catalog);
    expect(result).toMatchObject({ status: 'unknown', message: 'unknown service plan \'SWAYY\' in Microsoft 365 E3 (SPE_E3)', hint: 'did you mean SWAY?' });
  });

  it('refuses a friendly name that fits two plans of the SKU', () => {
    const shared = catalog.plans.map((p) => p.friendlyName).find((name) => catalog.plansByFriendlyName(name).length >= 2) ?? '';
    const twins = catalog.plansByFriendlyName(shared);
    const sku: SubscribedSku = { ...E3, servicePlans: twins.map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' })) };
    const result = resolvePlanName(shared, sku, catalog);
    expect(result.status).toBe('ambiguous');
    expect(result.status === 'ambiguous' && result.candidates).toHaveLength(twins.length);
  });
});
