import type {
  LicenseAssignmentState,
  SubscribedSku,
  TenantDocument,
  TenantGroup,
  TenantUser,
} from '../../src/model/tenant.js';
import { aGroup, aLicenseState, aUser } from './builders.js';

/**
 * The small tenant the store contract suite runs on, with every derived field written out
 * by hand (consumedUnits, assignedLicenses, inherited states) so that the suite also checks
 * that a store accepts a consistent file as it is.
 *
 * Seats: E3 3 of 10 used (alice direct, carol via Sales, dave direct + via Sales);
 * E5 0 of 2; POWER_BI_PRO 1 of 1 (full); TENANT_ADDON applies to the company only.
 */

export const PLAN = {
  exchange: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  intune: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
  aadP1: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  mfa: '8a256a2b-b617-496d-b51b-e76466e88db0',
  aadP2: 'eec0eb4f-6444-4f95-aba0-50c24d67f998',
  defender: '871d91ec-ec1a-452b-a83f-bd76c7d770ef',
  powerBi: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
  exchangeFoundation: '113feb6c-3fe4-4440-bddc-54d774bf0318',
  addon: '3c4fa5e1-0d2a-4a33-9d8e-5c3ab8f0a001',
} as const;

export const SKU = {
  e3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  e5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  powerBi: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  addon: '7d1c4e29-51c1-4b8e-9f0a-2f6d3b9c0a11',
  /** A well-formed GUID the tenant does not subscribe to. */
  unknown: '0d0f0d0f-0000-4000-8000-0000000000ff',
} as const;

const id = (prefix: string, n: number): string => `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const USER = {
  alice: id('10', 1),
  bob: id('10', 2),
  carol: id('10', 3),
  dave: id('10', 4),
  erin: id('10', 5),
  frank: id('10', 6),
  /** A well-formed id no object has. */
  nobody: id('10', 999),
} as const;

export const GROUP = {
  sales: id('20', 1),
  engineering: id('20', 2),
  marketingA: id('20', 3),
  marketingB: id('20', 4),
  analysts: id('20', 5),
} as const;

export const TENANT_ID = id('30', 1);
export const STAMP = '2026-01-01T00:00:00Z';

/** A subscribed SKU with the given plans (name -> real servicePlanId), unlike builders.aSku's derived ids. */
export function aSku(skuId: string, partNumber: string, enabled: number, consumed: number, plans: Record<string, string>, appliesTo = 'User'): SubscribedSku {
  return {
    skuId,
    skuPartNumber: partNumber,
    appliesTo,
    capabilityStatus: 'Enabled',
    consumedUnits: consumed,
    prepaidUnits: { enabled, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: Object.entries(plans).map(([name, planId]) => ({
      servicePlanId: planId,
      servicePlanName: name,
      provisioningStatus: 'Success',
      appliesTo,
    })),
  };
}

/** A license state as of {@link STAMP}; `group` null for a direct assignment. */
function aState(skuId: string, group: string | null, disabledPlans: string[] = []): LicenseAssignmentState {
  return aLicenseState(skuId, { group, disabledPlans });
}

/** A user with the licenses given; `assignedLicenses` is written out by hand to check the stores accept it as is. */
function contractUser(userId: string, upn: string, usageLocation: string | null, states: LicenseAssignmentState[] = [], assigned: TenantUser['assignedLicenses'] = []): TenantUser {
  return aUser({ id: userId, userPrincipalName: upn, usageLocation, licenseAssignmentStates: states, assignedLicenses: assigned });
}

function contractGroup(groupId: string, displayName: string, licenses: TenantGroup['assignedLicenses'], members: string[]): TenantGroup {
  return aGroup({ id: groupId, displayName, assignedLicenses: licenses, members });
}

/** The contract tenant; `countryLetterCode` can be cleared to test users without any location. */
export function contractTenant(options: { countryLetterCode?: string | null } = {}): TenantDocument {
  const salesPlans = [PLAN.mfa];
  return {
    tenant: { id: TENANT_ID, displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: options.countryLetterCode === undefined ? 'NL' : options.countryLetterCode },
    subscribedSkus: [
      aSku(SKU.e3, 'SPE_E3', 10, 3, { EXCHANGE_S_ENTERPRISE: PLAN.exchange, INTUNE_A: PLAN.intune, AAD_PREMIUM: PLAN.aadP1, MFA_PREMIUM: PLAN.mfa }),
      aSku(SKU.e5, 'SPE_E5', 2, 0, { AAD_PREMIUM_P2: PLAN.aadP2, WINDEFATP: PLAN.defender }),
      aSku(SKU.powerBi, 'POWER_BI_PRO', 1, 1, { BI_AZURE_P2: PLAN.powerBi, EXCHANGE_S_FOUNDATION: PLAN.exchangeFoundation }),
      aSku(SKU.addon, 'TENANT_ADDON', 1, 0, { ADDON_PLAN: PLAN.addon }, 'Company'),
    ],
    users: [
      contractUser(USER.alice, 'alice@contoso.com', 'NL', [aState(SKU.e3, null, [PLAN.intune])], [{ skuId: SKU.e3, disabledPlans: [PLAN.intune] }]),
      contractUser(USER.bob, 'bob@contoso.com', null),
      contractUser(USER.carol, 'carol@contoso.com', 'NL', [aState(SKU.e3, GROUP.sales, salesPlans)], [{ skuId: SKU.e3, disabledPlans: salesPlans }]),
      // Direct and inherited E3 with different plans off: the effective disabled plans are the intersection.
      contractUser(USER.dave, 'dave@contoso.com', 'US', [aState(SKU.e3, null, [PLAN.mfa, PLAN.intune]), aState(SKU.e3, GROUP.sales, salesPlans)], [{ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }]),
      contractUser(USER.erin, 'erin@contoso.com', 'DE', [aState(SKU.powerBi, null)], [{ skuId: SKU.powerBi, disabledPlans: [] }]),
      contractUser(USER.frank, 'frank@contoso.com', 'NL'),
    ],
    groups: [
      contractGroup(GROUP.sales, 'Sales', [{ skuId: SKU.e3, disabledPlans: salesPlans }], [USER.carol, USER.dave]),
      contractGroup(GROUP.engineering, 'Engineering', [], [USER.bob, USER.frank]),
      contractGroup(GROUP.marketingA, 'Marketing', [], [USER.alice]),
      contractGroup(GROUP.marketingB, 'marketing', [], []),
      contractGroup(GROUP.analysts, 'Analysts', [], [USER.alice, USER.bob, USER.erin, USER.frank]),
    ],
  };
}
