import type { AssignLicenseRequest, WriteResult } from '../model/store.js';
import type { TenantState } from './semantics/index.js';

/** The result for a request that was not attempted because the run was interrupted. */
export function notAttempted(): WriteResult {
  return { ok: false, status: 0, code: 'Aborted', message: 'Not attempted: the run was interrupted before this request.' };
}

/** One request through the semantics module, as the Store port reports it. */
export function applyRequest(state: TenantState, request: AssignLicenseRequest): WriteResult {
  const outcome = state.assignLicense(request.principal.kind, request.principal.id, {
    addLicenses: request.addLicenses,
    removeLicenses: request.removeLicenses,
  });
  return outcome.ok
    ? { ok: true, status: outcome.status }
    : { ok: false, status: outcome.status, code: outcome.code, message: outcome.message };
}
