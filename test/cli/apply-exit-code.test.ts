import { describe, expect, it } from 'vitest';
import { applyExitCode } from '../../src/cli/commands/apply.js';
import type { ApplyResult, VerificationStatus } from '../../src/model/apply-result.js';

function aResult(counts: Partial<ApplyResult['counts']>, verification?: Partial<Record<VerificationStatus, number>>, interrupted?: string): ApplyResult {
  return {
    outcomes: [],
    interrupted: interrupted !== undefined,
    ...(interrupted === undefined ? {} : { interruptReason: interrupted }),
    elapsedMs: 1,
    counts: { applied: 0, failed: 0, skipped: 0, ...counts },
    ...(verification === undefined ? {} : { verification: { counts: { verified: 0, 'not-yet-visible': 0, lost: 0, unchecked: 0, ...verification }, reads: 1, elapsedMs: 1 } }),
  };
}

describe('apply exit codes', () => {
  it.each([
    ['everything applied and confirmed', aResult({ applied: 3 }, { verified: 3 }), 0],
    ['applied, verification switched off', aResult({ applied: 3 }), 0],
    ['a failure', aResult({ applied: 2, failed: 1 }, { verified: 2 }), 1],
    ['a skip (deadline)', aResult({ applied: 2, skipped: 1 }, { verified: 2 }, 'deadline'), 1],
    ['a change lost', aResult({ applied: 3 }, { verified: 2, lost: 1 }), 1],
    ['a re-read that failed', aResult({ applied: 3 }, { verified: 2, unchecked: 1 }), 1],
    ['a lost change beats one not yet visible', aResult({ applied: 3 }, { verified: 1, lost: 1, 'not-yet-visible': 1 }), 1],
    ['only changes Graph does not show yet', aResult({ applied: 3 }, { verified: 1, 'not-yet-visible': 2 }), 5],
    ['interrupted', aResult({ applied: 1, skipped: 2 }, { verified: 1 }, 'SIGINT'), 130],
  ])('%s', (_name, result, code) => {
    expect(applyExitCode(result)).toBe(code);
  });
});
