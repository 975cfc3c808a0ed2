import type { TenantDocument } from '../src/model/tenant.js';
import { copySku, copyTenantInfo } from '../src/stores/semantics/index.js';

/**
 * A detached copy of a tenant document, so the emulator never changes the caller's object.
 * Field by field (several times faster than structuredClone on 50,000 users); extra
 * properties of users and groups (such as `mail`) are kept, since Graph would return them.
 */
export function copyTenantDocument(doc: TenantDocument): TenantDocument {
  return {
    tenant: copyTenantInfo(doc.tenant),
    subscribedSkus: doc.subscribedSkus.map(copySku),
    users: doc.users.map((user) => ({
      ...user,
      assignedLicenses: user.assignedLicenses.map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] })),
      licenseAssignmentStates: user.licenseAssignmentStates.map((state) => ({ ...state, disabledPlans: [...state.disabledPlans] })),
    })),
    groups: doc.groups.map((group) => ({
      ...group,
      assignedLicenses: group.assignedLicenses.map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] })),
      members: [...group.members],
      licenseProcessingState: group.licenseProcessingState == null ? group.licenseProcessingState : { ...group.licenseProcessingState },
    })),
  };
}
