import type { TenantDocument, TenantUser } from '../../../src/model/tenant.js';
import { aSku, PLAN, SKU } from '../../support/contract-tenant.js';

export const userId = (n: number) => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const groupId = (n: number) => `50000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A tenant of `count` users, every third one holding E3 directly, and 100 groups of 20 members. */
export function generateLargeTenant(count: number): TenantDocument {
  const users: TenantUser[] = [];
  for (let n = 0; n < count; n++) {
    const licensed = n % 3 === 0;
    users.push({
      id: userId(n),
      userPrincipalName: `user${n}@contoso.com`,
      displayName: `User ${n}`,
      accountEnabled: true,
      usageLocation: 'NL',
      assignedLicenses: licensed ? [{ skuId: SKU.e3, disabledPlans: [] }] : [],
      licenseAssignmentStates: licensed
        ? [{ skuId: SKU.e3, assignedByGroup: null, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: '2026-01-01T00:00:00Z' }]
        : [],
    });
  }
  const groups = Array.from({ length: 100 }, (_, g) => ({
    id: groupId(g),
    displayName: `Team ${g}`,
    securityEnabled: true,
    assignedLicenses: [],
    members: Array.from({ length: 20 }, (_, m) => userId(g * 20 + m)),
  }));
  return {
    tenant: { id: '30000000-0000-4000-8000-000000000001', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: 'NL' },
    subscribedSkus: [aSku(SKU.e3, 'SPE_E3', count, Math.ceil(count / 3), { EXCHANGE_S_ENTERPRISE: PLAN.exchange })],
    users,
    groups,
  };
}
