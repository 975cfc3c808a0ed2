import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonEventsObserver } from '../../src/apply/json-events-observer.js';
import { openFileJournal } from '../../src/apply/journal.js';
import type { ApplyResult } from '../../src/model/apply-result.js';
import type { Plan } from '../../src/model/plan.js';
import { renderAnnotations } from '../../src/render/annotations.js';
import { formatDiagnostics } from '../../src/render/format-diagnostics.js';
import { renderApplySummary } from '../../src/render/render-apply-summary.js';
import { renderApplySummaryMarkdown } from '../../src/render/render-apply-summary-markdown.js';
import { renderPlanDiff } from '../../src/render/render-plan-diff.js';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { hasUnsafeCharacters, sanitizeText, stringifyJson } from '../../src/render/sanitize-text.js';
import { aCheck, aGroup, anOperation, aPlan, assignChange, at, aUser, removeChange, SKU } from '../support/plan-fixtures.js';

/**
 * Names from the tenant and the config are untrusted: every output channel must show them
 * without a raw control, escape or bidi character, and the JSON channels must keep the value.
 */

// ESC clear-screen, BEL, an 8-bit CSI, right-to-left override, an isolate, a right-to-left mark, DEL, a line separator.
const HOSTILE = 'mallory\u001b[2J\u0007\u009b31m\u202eevil\u2066x\u2069\u200f\u007f\u2028@contoso.com';
const HOSTILE_GROUP = 'Ops\u001b]8;;https://evil.example\u0007team\u202e';

function hostilePlan(): Plan {
  const user = aUser(HOSTILE);
  const group = aGroup(HOSTILE_GROUP);
  return aPlan({
    operations: [
      anOperation(user, [assignChange(SKU.SPE_E3)], { source: at('licenses/users.yaml', 4) }),
      anOperation(group, [removeChange(SKU.SPE_E3)], { memberCount: 3, source: at('licenses/groups.yaml', 2) }),
    ],
    stock: [{ sku: SKU.SPE_E3, total: 10, used: 1 }],
    checks: [
      aCheck('usage-location-missing', 'error', `has no usage location \u001b[31m${HOSTILE}`, { principal: user, source: at('licenses/users.yaml', 4) }),
      aCheck('data-loss-risk', 'warning', 'would lose Exchange mailbox', { principal: group, source: at('licenses/groups.yaml', 2) }),
    ],
  });
}

function hostileResult(plan: Plan): ApplyResult {
  const [first, second] = plan.operations;
  if (first === undefined || second === undefined) throw new Error('two operations expected');
  return {
    outcomes: [
      { operationId: first.id, principal: first.principal, phase: first.phase, status: 'failed', attempts: 1, error: { status: 400, code: 'Request_BadRequest', message: `bad \u001b[2K${HOSTILE}` } },
      { operationId: second.id, principal: second.principal, phase: second.phase, status: 'applied', attempts: 1, memberErrors: [{ userId: 'u1', userPrincipalName: HOSTILE, skuId: SKU.SPE_E3.skuId, error: 'CountViolation\u202e' }] },
    ],
    interrupted: false,
    elapsedMs: 10,
    counts: { applied: 1, failed: 1, skipped: 0 },
  };
}

/** No raw unsafe character on any line (the lines themselves are split at newlines). */
function expectSafeLines(text: string): void {
  for (const line of text.split('\n')) expect(hasUnsafeCharacters(line), JSON.stringify(line)).toBe(false);
}

/** JSON text: nothing unsafe in the bytes, and the hostile names come back exactly when parsed. */
function expectSafeJson(text: string, values: readonly string[]): void {
  expectSafeLines(text);
  const documents: unknown[] = text.startsWith('{\n') ? [JSON.parse(text)] : text.trim().split('\n').map((line) => JSON.parse(line) as unknown);
  const strings = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.add(value);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  documents.forEach(collect);
  for (const value of values) expect(strings.has(value), value).toBe(true);
}

describe('untrusted names on every output channel', () => {
  const plan = hostilePlan();
  const result = hostileResult(plan);

  it('the sanitiser escapes C0, C1, DEL, line separators and bidi controls, and nothing else', () => {
    expect(sanitizeText('a\u001bb\u0007c\u009bd\u202ee\u2066f\u200fg\u061ch\u2028i\u007fj')).toBe('a\\u{1b}b\\u{7}c\\u{9b}d\\u{202e}e\\u{2066}f\\u{200f}g\\u{61c}h\\u{2028}i\\u{7f}j');
    expect(sanitizeText('Zoë Ångström 山田 😀 a@b.c')).toBe('Zoë Ångström 山田 😀 a@b.c');
    expect(JSON.parse(stringifyJson({ name: HOSTILE }, 2))).toEqual({ name: HOSTILE });
  });

  it.each<[string, () => string]>([
    ['plan text', () => renderPlanText(plan, { color: false })],
    ['plan markdown (PR comment)', () => renderPlanMarkdown(plan, { plannedAt: new Date(0) })],
    ['plan diff', () => renderPlanDiff(plan, { color: false })],
    ['annotations', () => renderAnnotations({ checks: plan.checks, diagnostics: [{ severity: 'error', code: 'x', message: `unknown user '${HOSTILE}'`, location: { file: `u\u001b[1m.yaml`, line: 1, column: 1 } }] }).join('\n')],
    ['apply summary text', () => renderApplySummary(result, { color: false, skus: plan.settings.managedSkus })],
    ['apply summary markdown (step summary)', () => renderApplySummaryMarkdown(result, { skus: plan.settings.managedSkus })],
    ['diagnostics', () => formatDiagnostics([{ severity: 'error', code: 'x', message: `unknown user '${HOSTILE}'`, hint: HOSTILE_GROUP, location: { file: 'u.yaml', line: 1, column: 3 } }], { sources: new Map([['u.yaml', `  "${HOSTILE}": []`]]), snippets: true })],
  ])('%s', (_channel, render) => {
    const text = render();
    expect(text).toContain('\\u{1b}[2J');
    expectSafeLines(text);
  });

  it('plan JSON keeps the names exactly, without raw controls', () => {
    expectSafeJson(renderPlanJson(plan), [HOSTILE, HOSTILE_GROUP]);
  });

  it('JSON-lines events keep the names exactly, without raw controls', () => {
    let text = '';
    const observer = createJsonEventsObserver({ write: (chunk: string) => (text += chunk) });
    for (const outcome of result.outcomes) observer.onResult?.(outcome);
    expectSafeJson(text, [HOSTILE]);
  });

  it('the journal keeps the names exactly, without raw controls', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skuform-names-'));
    try {
      const journal = await openFileJournal(join(dir, 'journal.jsonl'));
      const [op] = plan.operations;
      if (op === undefined) throw new Error('operation expected');
      await journal.append([{ type: 'operation-end', time: '2026-01-01T00:00:00.000Z', runId: 'r', operationId: op.id, principal: op.principal, phase: op.phase, request: { addSkuIds: [], removeSkuIds: [] }, result: 'failed', attempts: 1, error: { status: 400, code: 'x', message: HOSTILE } }]);
      await journal.close();
      expectSafeJson(await readFile(join(dir, 'journal.jsonl'), 'utf8'), [HOSTILE]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
