import type { ApplyResult } from '../model/apply-result.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Operation, Plan, SkuChange } from '../model/plan.js';
import { describeCheckCode, describeCheckSentence } from '../render/describe-check.js';
import { describeOutcomeError } from '../render/describe-outcome.js';
import type { DriftFinding } from './classify-drift.js';
import type { WatchLogger } from './watch-log.js';

/**
 * How a run's findings become log events: one event per line, at most `MAX_LINES` of a kind
 * per run (the journal and `skuform plan` have the complete lists), then one line saying how
 * many more there are.
 */
const MAX_LINES = 20;

function capped<T>(log: WatchLogger, items: readonly T[], event: string, write: (item: T) => void): void {
  for (const item of items.slice(0, MAX_LINES)) write(item);
  const more = items.length - MAX_LINES;
  if (more > 0) log.log('info', event, `and ${more} more (run skuform plan for the full list)`, { more });
}

/** `path:line:col: error: message`, the compiler convention editors and CI read. */
export function logDiagnostics(log: WatchLogger, event: string, diagnostics: readonly Diagnostic[]): void {
  capped(log, diagnostics, event, (d) => {
    const at = d.location === undefined ? '' : `${d.location.file}:${d.location.line}:${d.location.column}: `;
    log.log(d.severity === 'error' ? 'error' : 'warn', event, `${at}${d.severity}: ${d.message}`, {
      location: d.location === undefined ? undefined : `${d.location.file}:${d.location.line}:${d.location.column}`,
      hint: d.hint,
    });
  });
}

export function logDrift(log: WatchLogger, findings: readonly DriftFinding[]): void {
  capped(log, findings, 'drift', (finding) => log.log('warn', 'drift', `${finding.subject} ${finding.detail}`, { kind: finding.kind }));
}

/** `+ SPE_E5, - SPE_E3, ~ POWER_BI_PRO (on: SWAY; off: TEAMS1)` */
export function describeChanges(changes: readonly SkuChange[]): string {
  return changes.map((change) => {
    const sku = change.sku.skuPartNumber;
    switch (change.action) {
      case 'assign': return `+ ${sku}`;
      case 'remove': return `- ${sku}`;
      case 'update': {
        const on = change.plansEnabled.map((p) => p.servicePlanName);
        const off = change.plansDisabled.map((p) => p.servicePlanName);
        return `~ ${sku} (${[on.length > 0 ? `on: ${on.join(', ')}` : '', off.length > 0 ? `off: ${off.join(', ')}` : ''].filter((s) => s !== '').join('; ')})`;
      }
    }
  }).join(', ');
}

function describeOperation(operation: Operation): string {
  return `${operation.principal.kind} ${operation.principal.name}: ${describeChanges(operation.changes)}`;
}

/** Every pending operation, one line each. */
export function logPendingOperations(log: WatchLogger, plan: Plan): void {
  capped(log, plan.operations, 'pending', (operation) => log.log('info', 'pending', describeOperation(operation)));
}

/** Why a plan is not applied: each blocking check, with the place in the config when there is one. */
export function logBlockingChecks(log: WatchLogger, plan: Plan): void {
  const errors = plan.checks.filter((check) => check.severity === 'error');
  capped(log, errors, 'blocked', (check) => {
    const at = check.source === undefined ? undefined : `${check.source.file}:${check.source.line}:${check.source.column}`;
    log.log('error', 'blocked', `${describeCheckCode(check.code)}: ${describeCheckSentence(check)}`, { check: check.code, location: at, hint: check.hint });
  });
}

/** Operations that did not succeed, with Graph's answer. */
export function logFailedOutcomes(log: WatchLogger, plan: Plan, result: ApplyResult): void {
  const names = new Map(plan.operations.map((operation) => [operation.id, operation]));
  const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
  capped(log, failed, 'operation-failed', (outcome) => {
    const operation = names.get(outcome.operationId);
    const what = operation === undefined ? outcome.operationId : describeOperation(operation);
    log.log('error', 'operation-failed', `${what}: ${outcome.error === undefined ? 'failed' : describeOutcomeError(outcome.error)}`, { operation: outcome.operationId, attempts: outcome.attempts });
  });
}
