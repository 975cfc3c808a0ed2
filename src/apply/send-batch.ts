import type { OutcomeError } from '../model/apply-result.js';
import { StoreError, type AssignLicenseRequest, type Store, type WriteFailure, type WriteResult } from '../model/store.js';
import { createDeferred } from './run-context.js';

/** Status of a failure that never left this machine; no retry policy lists it. */
export const LOCAL_FAILURE_STATUS = -1;

/**
 * One store call for a batch. An abort() wins the race even against a store that ignores
 * the signal, so the engine returns at once; 'aborted' then means the outcome is unknown.
 * A store that throws fails every request of the batch (see failureFromError).
 */
export async function sendBatch(store: Store, requests: readonly AssignLicenseRequest[], signal: AbortSignal): Promise<WriteResult[] | 'aborted'> {
  if (signal.aborted) return 'aborted';
  const aborted = createDeferred<'aborted'>();
  const onAbort = (): void => aborted.resolve('aborted');
  signal.addEventListener('abort', onAbort);
  try {
    const call = store.applyBatch(requests, signal).then(
      (results) => ({ results }),
      (error: unknown) => ({ error }),
    );
    const settled = await Promise.race([call, aborted.promise]);
    if (settled === 'aborted') return 'aborted';
    if ('error' in settled) return signal.aborted ? 'aborted' : requests.map(() => failureFromError(settled.error));
    if (settled.results.length !== requests.length) {
      throw new Error(`store returned ${settled.results.length} results for ${requests.length} requests`);
    }
    return settled.results;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export function toOutcomeError(failure: WriteFailure): OutcomeError {
  return { status: failure.status, code: failure.code, message: failure.message, ...(failure.requestId === undefined ? {} : { requestId: failure.requestId }) };
}

/**
 * A store that throws is unusable for this batch: a StoreError keeps its status (so a
 * network-level failure is retried), except a local one (the tenant file corrupt, read-only,
 * its disk full), which gets status -1 and fails at once: repeating cannot fix a file.
 * Anything else is a defect and fails the requests.
 */
function failureFromError(error: unknown): WriteFailure {
  if (error instanceof StoreError) {
    const status = error.local ? LOCAL_FAILURE_STATUS : error.status;
    return { ok: false, status, code: error.code, message: error.message, ...(error.requestId === undefined ? {} : { requestId: error.requestId }) };
  }
  return { ok: false, status: -1, code: 'UnexpectedError', message: error instanceof Error ? error.message : String(error) };
}
