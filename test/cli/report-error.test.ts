import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { reportError } from '../../src/cli/report-error.js';
import { StoreError, StoreLockedError } from '../../src/model/store.js';
import { aCliContext } from '../support/cli-context.js';

function report(error: unknown): { code: number; stderr: string } {
  const { ctx, stderr } = aCliContext({ cwd: '/' });
  return { code: reportError(ctx, error), stderr: stderr.text };
}

describe('reportError for store errors', () => {
  it('prints advice the message already ends with once, not again as a hint', () => {
    const advice = 'If no skuform apply is running, delete tenant.json.lock.';
    const { code, stderr } = report(new StoreLockedError(`tenant.json is locked by pid 777 (started earlier). ${advice}`, 777, advice));
    expect(code).toBe(ExitCode.error);
    expect(stderr).toBe(`error: tenant.json is locked by pid 777 (started earlier). ${advice} (Locked)\n`);
  });

  it('prints a hint the message does not contain on its own line', () => {
    const { stderr } = report(new StoreLockedError('tenant.json is locked: tenant.json.lock changed hands several times.', 0, 'Try again in a moment.'));
    expect(stderr).toBe('error: tenant.json is locked: tenant.json.lock changed hands several times. (Locked)\n  hint: Try again in a moment.\n');
  });

  it('adds the status, code and request id the message does not state', () => {
    const { stderr } = report(new StoreError('Graph refused the write.', { status: 403, code: 'Authorization_RequestDenied', requestId: 'req-1' }));
    expect(stderr).toBe('error: Graph refused the write. (HTTP 403, Authorization_RequestDenied, request-id req-1)\n');
  });
});
