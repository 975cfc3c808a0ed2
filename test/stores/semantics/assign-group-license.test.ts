import { describe, expect, it } from 'vitest';
import type { AssignedLicense } from '../../../src/model/tenant.js';
import { applyGroupAssign } from '../../../src/stores/semantics/assign-group-license.js';
import type { AssignLicenseBody } from '../../../src/stores/semantics/parse-assign-body.js';
import { GROUP, PLAN, SKU, contractTenant } from '../../support/contract-tenant.js';
import { aTenantContext } from '../../support/semantics-context.js';

const license = (skuId: string, ...disabledPlans: string[]): AssignedLicense => ({ skuId, disabledPlans });

describe('applyGroupAssign', () => {
  it.each<[string, AssignedLicense[], AssignLicenseBody, AssignedLicense[]]>([
    ['adding a SKU keeps the licenses the group has', [license(SKU.e3, PLAN.mfa)], { addLicenses: [license(SKU.e5)], removeLicenses: [] }, [license(SKU.e3, PLAN.mfa), license(SKU.e5)]],
    ['re-adding the only SKU replaces its disabled plans', [license(SKU.e3, PLAN.mfa)], { addLicenses: [license(SKU.e3, PLAN.intune)], removeLicenses: [] }, [license(SKU.e3, PLAN.intune)]],
    ['re-adding the first SKU replaces it in place', [license(SKU.e3, PLAN.mfa), license(SKU.e5)], { addLicenses: [license(SKU.e3)], removeLicenses: [] }, [license(SKU.e3), license(SKU.e5)]],
    ['re-adding the second SKU replaces it in place', [license(SKU.e3, PLAN.mfa), license(SKU.e5)], { addLicenses: [license(SKU.e5, PLAN.defender)], removeLicenses: [] }, [license(SKU.e3, PLAN.mfa), license(SKU.e5, PLAN.defender)]],
    ['removing one SKU and adding another', [license(SKU.e3, PLAN.mfa), license(SKU.e5)], { addLicenses: [license(SKU.powerBi)], removeLicenses: [SKU.e3] }, [license(SKU.e5), license(SKU.powerBi)]],
  ])('%s', (_name, before, body, after) => {
    const doc = contractTenant();
    const group = doc.groups.find((entry) => entry.id === GROUP.sales)!;
    group.assignedLicenses = before;
    const { ctx, changes } = aTenantContext(doc);
    applyGroupAssign(ctx, group, body);
    expect(group.assignedLicenses).toEqual(after);
    expect(changes).toEqual([{ kind: 'group', id: GROUP.sales }]);
  });
});
