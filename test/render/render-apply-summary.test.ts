import { describe, expect, test } from 'vitest';
import type { ApplyResult, OperationOutcome } from '../../src/model/apply-result.js';
import { formatElapsed } from '../../src/render/describe-outcome.js';
import { renderApplySummary } from '../../src/render/render-apply-summary.js';
import { renderApplySummaryMarkdown } from '../../src/render/render-apply-summary-markdown.js';
import { aGroup, aUser, SKU } from '../support/plan-fixtures.js';
import { HOSTILE_GROUP } from '../support/render-scenarios.js';

function outcome(partial: Partial<OperationOutcome> & Pick<OperationOutcome, 'principal' | 'status'>): OperationOutcome {
  return { operationId: `${partial.principal.kind}:${partial.principal.id}`, phase: 'acquire', attempts: 1, ...partial };
}

function aResult(outcomes: OperationOutcome[], extras: Partial<ApplyResult> = {}): ApplyResult {
  const counts = { applied: 0, failed: 0, skipped: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  return { outcomes, interrupted: false, elapsedMs: 12_345, counts, ...extras };
}

function mixedResult(lastGroup: string): ApplyResult {
  return aResult([
    outcome({ principal: aUser('alice@contoso.com'), status: 'applied' }),
    outcome({
      principal: aUser('bob@contoso.com'), status: 'failed', attempts: 1,
      error: {
        status: 400, code: 'Request_BadRequest', requestId: '5b0c1f2e-9a1d-4c55-8f0e-1e2d3c4b5a69',
        message: 'License assignment cannot be done for user with invalid usage location.',
      },
    }),
    outcome({ principal: aUser('erin@contoso.com'), status: 'skipped', attempts: 0, reason: 'not started: interrupted by SIGINT' }),
    outcome({
      principal: aGroup('Sales'), status: 'applied', processingState: 'ProcessingInProgress',
      memberErrors: [
        { userId: '1', userPrincipalName: 'frank@contoso.com', skuId: SKU.SPE_E3.skuId, error: 'CountViolation' },
        { userId: '2', skuId: SKU.SPE_E3.skuId, error: 'SomethingNew' },
      ],
    }),
    outcome({ principal: aGroup(lastGroup), status: 'failed', attempts: 5, error: { status: 0, code: 'NetworkError', message: 'socket hang up' } }),
  ], { interrupted: true, interruptReason: 'SIGINT', journalPath: '.skuform/journal.jsonl' });
}

/** Three applied operations: one confirmed, one not shown yet by Graph, one lost; a group still processing. */
function unconfirmedResult(): ApplyResult {
  return aResult([
    outcome({ principal: aUser('alice@contoso.com'), status: 'applied', verification: { status: 'verified' } }),
    outcome({ principal: aUser('bob@contoso.com'), status: 'applied', verification: { status: 'not-yet-visible', detail: 'SPE_E5 not assigned' } }),
    outcome({
      principal: aUser('carol@contoso.com'), status: 'applied', verification: { status: 'verified' },
      stateProblems: [{ skuId: SKU.SPE_E3.skuId, state: 'ActiveWithError', error: 'DependencyViolation' }],
    }),
    outcome({ principal: aGroup('Sales'), status: 'applied', verification: { status: 'verified' }, processingState: 'ProcessingComplete', processingFinished: false }),
  ], { verification: { counts: { verified: 3, 'not-yet-visible': 1, lost: 0, unchecked: 0 }, reads: 6, elapsedMs: 60_000 } });
}

describe('renderApplySummary', () => {
  test('says what the re-read confirmed, and names changes not confirmed, licenses in error and groups still processing', () => {
    expect(renderApplySummary(unconfirmedResult(), { color: false, skus: [SKU.SPE_E3] })).toBe(`\
Apply finished after 12.3 s: 4 operations (one per user or group): 4 applied, 0 failed, 0 skipped.
Verified 3 of 4 operations in the store (6 reads): 1 not yet visible.

  Status       User or group           Attempts  What happened
  not visible  user bob@contoso.com           1  answered success, but the store still showed the
                                                   state from before: SPE_E5 not assigned (Microsoft
                                                   Graph replicates; plan again later to confirm)
  applied      user carol@contoso.com         1  SPE_E3 is active with errors: DependencyViolation (a
                                                   plan it needs would be missing)
  applied      group Sales                    1  still processing: Microsoft showed no processing of
                                                   this change yet when the wait ended

Plan again in a few minutes to confirm: changes Microsoft Graph had not shown yet should be there by then.
`);
  });

  test('a lost change is an error: red, and the advice is to apply again', () => {
    const result = aResult([outcome({ principal: aUser('bob@contoso.com'), status: 'applied', verification: { status: 'lost', detail: 'SPE_E5 not assigned' } })], {
      verification: { counts: { verified: 0, 'not-yet-visible': 0, lost: 1, unchecked: 0 }, reads: 1, elapsedMs: 3 },
    });
    const text = renderApplySummary(result, { color: true });
    expect(text).toContain('\u001b[31m\u001b[1mApply finished after 12.3 s: 1 operation (one per user or group): 1 applied, 0 failed, 0 skipped.');
    expect(text).toContain('\u001b[31mVerified 0 of 1 operations in the store (1 read): 1 lost.\u001b[39m');
    expect(text).toContain('\u001b[31mlost\u001b[39m    user bob@contoso.com');
    expect(text).toContain('answered success, but the store shows otherwise: SPE_E5 not');
    expect(text).toContain('Run apply again to finish');
  });

  test('a confirmed run says so on its second line', () => {
    const result = aResult([outcome({ principal: aUser('a@contoso.com'), status: 'applied', verification: { status: 'verified' } })], {
      elapsedMs: 850, verification: { counts: { verified: 1, 'not-yet-visible': 0, lost: 0, unchecked: 0 }, reads: 1, elapsedMs: 2 },
    });
    expect(renderApplySummary(result, { color: false })).toBe('Apply finished after 850 ms: 1 operation (one per user or group): 1 applied, 0 failed, 0 skipped.\nVerified: the operation is in the store (1 read).\n');
  });

  test('lists totals, then one row per operation that did not simply succeed', () => {
    expect(renderApplySummary(mixedResult('Marketing EMEA'), { color: false, skus: [SKU.SPE_E3] })).toBe(`\
Apply stopped after 12.3 s: 5 operations (one per user or group): 2 applied, 2 failed, 1 skipped.
Interrupted (SIGINT): operations in flight were finished, the rest were not started.

  Status   User or group          Attempts  What happened
  failed   user bob@contoso.com          1  400 Request_BadRequest: License assignment cannot be done
                                              for user with invalid usage location.
                                            request-id: 5b0c1f2e-9a1d-4c55-8f0e-1e2d3c4b5a69
  skipped  user erin@contoso.com         0  not started: interrupted by SIGINT
  applied  group Sales                   1  2 members could not be licensed:
                                              frank@contoso.com — SPE_E3: CountViolation (no free
                                                seats)
                                              2 — SPE_E3: SomethingNew
                                            still processing: Microsoft is still licensing the members
                                              (ProcessingInProgress)
  failed   group Marketing EMEA          5  no response NetworkError: socket hang up

Run apply again to finish: it plans afresh and only does what is still missing.
Journal: .skuform/journal.jsonl
`);
  });

  test('neutralises control characters in names and messages', () => {
    const text = renderApplySummary(mixedResult('Ops\u001b[2J'), { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('group Ops\\u{1b}[2J');
  });

  test('a clean run is one line', () => {
    const result = aResult([outcome({ principal: aUser('a@contoso.com'), status: 'applied' })], { elapsedMs: 850 });
    expect(renderApplySummary(result, { color: false })).toBe('Apply finished after 850 ms: 1 operation (one per user or group): 1 applied, 0 failed, 0 skipped.\n');
    expect(renderApplySummary(result, { color: true })).toBe('\u001b[32m\u001b[1mApply finished after 850 ms: 1 operation (one per user or group): 1 applied, 0 failed, 0 skipped.\u001b[22m\u001b[39m\n');
  });

  test('colours only the status word, so columns stay aligned', () => {
    const text = renderApplySummary(mixedResult('Marketing EMEA'), { color: true });
    expect(text).toContain('\u001b[31mfailed\u001b[39m   user bob@contoso.com');
    expect(text).toContain('\u001b[33mskipped\u001b[39m  user erin@contoso.com');
  });
});

describe('renderApplySummaryMarkdown', () => {
  test('has a headline, an outcome table, the member errors and escaped names', () => {
    const md = renderApplySummaryMarkdown(mixedResult(HOSTILE_GROUP), { skus: [SKU.SPE_E3] });
    expect(md.split('\n')[0]).toBe('### ❌ skuform apply: 2 applied, 2 failed, 1 skipped (12.3 s)');
    expect(md).toContain('| ❌ failed | user `bob@contoso.com` | 1 | 400 Request\\_BadRequest: License assignment cannot be done for user with invalid usage location.<br>request-id `5b0c1f2e-9a1d-4c55-8f0e-1e2d3c4b5a69` |');
    expect(md).toContain('| `Sales` | `frank@contoso.com` | `SPE_E3` | CountViolation (no free seats) |');
    expect(md).toContain('| ❌ failed | group ``Sales \\| EMEA <b>Leads</b> @sales-team `ops` [x](https://evil.example)`` | 5 |');
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) {
      const pipes = (row.match(/(?<!\\)\|/g) ?? []).length;
      expect(pipes === 5 || pipes === 4).toBe(true);
    }
  });

  test('says what the re-read confirmed and lists what it did not', () => {
    const md = renderApplySummaryMarkdown(unconfirmedResult(), { skus: [SKU.SPE_E3] });
    expect(md.split('\n').slice(0, 3)).toEqual(['### ⚠️ skuform apply: 4 applied, 0 failed, 0 skipped (12.3 s)', '', 'Verified 3 of 4 operations in the store (6 reads): 1 not yet visible.']);
    expect(md).toContain('| ⏳ not visible yet | user `bob@contoso.com` | 1 | answered success, but the store still showed the state from before: SPE\\_E5 not assigned (Microsoft Graph replicates; plan again later to confirm) |');
    expect(md).toContain('| ✅ applied | user `carol@contoso.com` | 1 | SPE\\_E3 is active with errors: DependencyViolation (a plan it needs would be missing) |');
    expect(md).toContain('Plan again in a few minutes to confirm');
  });

  test('caps long tables', () => {
    const many = aResult(Array.from({ length: 30 }, (_, i) => outcome({ principal: aUser(`u${i}@contoso.com`), status: 'skipped', attempts: 0, reason: 'not started' })));
    const md = renderApplySummaryMarkdown(many, { maxRows: 10 });
    expect(md.split('\n').filter((l) => l.startsWith('| ⏭️ skipped'))).toHaveLength(10);
    expect(md).toContain('| …and 20 more (see the journal) | | | |');
  });
});

test.each([
  [0, '0 ms'], [999, '999 ms'], [1000, '1.0 s'], [59_949, '59.9 s'], [61_000, '1 min 1 s'], [3_723_000, '1 h 2 min'],
])('formatElapsed(%d) = %s', (ms, text) => {
  expect(formatElapsed(ms)).toBe(text);
});
