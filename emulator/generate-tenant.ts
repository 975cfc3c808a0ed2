import type { LicenseAssignmentState, SubscribedSku, TenantDocument, TenantGroup, TenantUser } from '../src/model/tenant.js';

/**
 * A deterministic synthetic tenant of any size for demos, scale tests and benchmarks: three
 * well-known SKUs, `users` users (every third with Microsoft 365 E3 directly, every fifth
 * without a usage location), and `groups` security groups of 50 members each; the first
 * group assigns Power BI Pro. Derived fields are consistent, so loading it warns of nothing.
 */

export interface GeneratedTenantOptions {
  users: number;
  groups?: number;
  /** Seats per SKU (default: enough for every user). */
  seats?: number;
  domain?: string;
}

export const GENERATED_SKUS = {
  e3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  e5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  powerBi: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
} as const;

const PLANS = {
  exchange: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  intune: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
  aadP1: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  aadP2: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
  defender: '871d91ec-ec1a-452b-a83f-bd76c7d770ef',
  powerBi: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
  exchangeFoundation: '113feb6c-3fe4-4440-bddc-54d774bf0318',
} as const;

/** `prefix` (8 hex digits) + a counter: readable, unique, GUID-shaped ids. */
export function generatedId(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function sku(skuId: string, skuPartNumber: string, seats: number, plans: Record<string, string>): SubscribedSku {
  return {
    skuId, skuPartNumber, appliesTo: 'User', capabilityStatus: 'Enabled', consumedUnits: 0,
    prepaidUnits: { enabled: seats, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: Object.entries(plans).map(([servicePlanName, servicePlanId]) => ({ servicePlanId, servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' })),
  };
}

function state(skuId: string, group: string | null): LicenseAssignmentState {
  return { skuId, assignedByGroup: group, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: '2026-01-01T00:00:00Z' };
}

export function generateTenant(options: GeneratedTenantOptions): TenantDocument {
  const domain = options.domain ?? 'contoso.example';
  const seats = options.seats ?? options.users + 10;
  const skus = [
    sku(GENERATED_SKUS.e3, 'SPE_E3', seats, { EXCHANGE_S_ENTERPRISE: PLANS.exchange, INTUNE_A: PLANS.intune, AAD_PREMIUM: PLANS.aadP1 }),
    sku(GENERATED_SKUS.e5, 'SPE_E5', seats, { AAD_PREMIUM_P2: PLANS.aadP2, WINDEFATP: PLANS.defender }),
    sku(GENERATED_SKUS.powerBi, 'POWER_BI_PRO', seats, { BI_AZURE_P2: PLANS.powerBi, EXCHANGE_S_FOUNDATION: PLANS.exchangeFoundation }),
  ];
  const users: TenantUser[] = [];
  for (let n = 0; n < options.users; n++) {
    const states = n % 3 === 0 ? [state(GENERATED_SKUS.e3, null)] : [];
    users.push({
      id: generatedId('0000a11c', n),
      userPrincipalName: `user${n}@${domain}`,
      displayName: `User ${n}`,
      accountEnabled: n % 50 !== 7,
      usageLocation: n % 5 === 4 ? null : 'NL',
      assignedLicenses: [],
      licenseAssignmentStates: states,
    });
  }
  const groups: TenantGroup[] = [];
  for (let g = 0; g < (options.groups ?? 3); g++) {
    const members = users.slice(g * 50, g * 50 + 50).map((user) => user.id);
    const licensed = g === 0;
    groups.push({
      id: generatedId('00009409', g),
      displayName: `Team ${g}`,
      securityEnabled: true,
      assignedLicenses: licensed ? [{ skuId: GENERATED_SKUS.powerBi, disabledPlans: [] }] : [],
      members,
      ...(licensed ? { licenseProcessingState: { state: 'ProcessingComplete' }, hasMembersWithLicenseErrors: false } : {}),
    });
    if (licensed) for (let i = g * 50; i < Math.min(users.length, g * 50 + 50); i++) users[i]?.licenseAssignmentStates.push(state(GENERATED_SKUS.powerBi, generatedId('00009409', g)));
  }
  for (const user of users) user.assignedLicenses = user.licenseAssignmentStates.map((s) => ({ skuId: s.skuId, disabledPlans: [] }));
  for (const entry of skus) entry.consumedUnits = users.filter((user) => user.assignedLicenses.some((l) => l.skuId === entry.skuId)).length;
  return {
    tenant: { id: '0000c0de-0000-4000-8000-000000000001', displayName: 'Contoso (generated)', defaultDomain: domain, countryLetterCode: 'NL' },
    subscribedSkus: skus,
    users,
    groups,
  };
}
