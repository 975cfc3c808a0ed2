import type { ApplyResult, OperationOutcome } from '../model/apply-result.js';
import { assertNever } from '../model/plan.js';
import type { SkuRef } from '../model/plan.js';
import {
  createSkuNamer, describeMemberError, describeOutcomeError, describeProcessing, describeStateProblem, describeVerification,
  formatElapsed, formatOperationCount, formatOutcomeCounts, formatVerification, outcomeLabel, selectNotableOutcomes,
} from './describe-outcome.js';
import { countOf, formatPrincipal, TEXT_WIDTH, wrapWords } from './format-names.js';
import { sanitizeText } from './sanitize-text.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

/** Options of the apply summaries. */
export interface ApplySummaryOptions {
  color: boolean;
  /** SKUs to name member errors by part number (e.g. the plan's managed SKUs); ids otherwise. */
  skus?: readonly SkuRef[];
}

/** Member errors listed per group before "and N more". */
export const MEMBER_ERRORS_SHOWN = 10;

/** The lines of the "What happened" column for one outcome. */
export function describeOutcomeLines(outcome: OperationOutcome, nameSku: (skuId: string) => string): string[] {
  const lines: string[] = [];
  const verification = describeVerification(outcome);
  if (verification) lines.push(verification);
  for (const problem of outcome.stateProblems ?? []) lines.push(describeStateProblem(problem, nameSku));
  if (outcome.error) {
    lines.push(describeOutcomeError(outcome.error));
    if (outcome.error.requestId) lines.push(`request-id: ${outcome.error.requestId}`);
  }
  if (outcome.reason) lines.push(outcome.reason);
  const members = outcome.memberErrors ?? [];
  if (members.length > 0) {
    lines.push(`${countOf(members.length, 'member')} could not be licensed:`);
    for (const m of members.slice(0, MEMBER_ERRORS_SHOWN)) {
      const { member, sku, problem } = describeMemberError(m, nameSku);
      lines.push(`  ${member} — ${sku}: ${problem}`);
    }
    if (members.length > MEMBER_ERRORS_SHOWN) lines.push(`  and ${members.length - MEMBER_ERRORS_SHOWN} more`);
  }
  const processing = describeProcessing(outcome);
  if (processing) lines.push(processing);
  return lines.length > 0 ? lines : ['(no details reported)'];
}

function paintStatus(outcome: OperationOutcome, text: string, style: TextStyle): string {
  if (outcome.verification?.status === 'lost') return style.red(text);
  if (outcome.verification !== undefined && outcome.verification.status !== 'verified') return style.yellow(text);
  switch (outcome.status) {
    case 'applied': return style.green(text);
    case 'failed': return style.red(text);
    case 'skipped': return style.yellow(text);
    default: return assertNever(outcome.status);
  }
}

/** Detail lines wrapped under the "What happened" column (`pad` wide), keeping their own indent. */
function wrapDetail(lines: readonly string[], pad: string): string[] {
  return lines.flatMap((line) => {
    const own = /^ */.exec(line)?.[0] ?? '';
    return wrapWords(sanitizeText(line.trim()), pad + own, `${pad}${own}  `, TEXT_WIDTH);
  });
}

function renderTable(outcomes: readonly OperationOutcome[], options: ApplySummaryOptions, style: TextStyle): string[] {
  const nameSku = createSkuNamer(options.skus);
  const headers = ['Status', 'User or group', 'Attempts'];
  const rows = outcomes.map((o) => [outcomeLabel(o), formatPrincipal(o.principal), String(o.attempts)]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const lead = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  const pad = ' '.repeat(lead(headers).length + 2);
  const lines = [style.bold(`${lead(headers)}  What happened`)];
  for (const [i, outcome] of outcomes.entries()) {
    const cells = rows[i] ?? [];
    const [first = '', ...rest] = wrapDetail(describeOutcomeLines(outcome, nameSku), pad);
    const status = outcomeLabel(outcome);
    // Only the status word is coloured; padding stays outside the escape codes.
    lines.push(`${paintStatus(outcome, status, style)}${lead(cells).slice(status.length)}  ${first.slice(pad.length)}`, ...rest);
  }
  return lines;
}

/**
 * The end of an apply run for the terminal: totals and elapsed time, what the re-read after
 * the run confirmed, why it stopped early if it did, then one row per operation that did not
 * simply succeed (failed with Graph's status, code, message and request-id; skipped with the
 * reason; applied but not confirmed by the store; licenses in error; groups whose members
 * could not be licensed or were still being processed), and what to do next.
 */
export function renderApplySummary(result: ApplyResult, options: ApplySummaryOptions): string {
  const style = createTextStyle(options.color);
  const { failed, skipped } = result.counts;
  const lost = (result.verification?.counts.lost ?? 0) > 0;
  const unconfirmed = result.verification !== undefined && result.verification.counts.verified < result.counts.applied;
  const verdict = failed > 0 || lost ? style.red : result.interrupted || skipped > 0 || unconfirmed ? style.yellow : style.green;
  const sections: string[][] = [[
    verdict(style.bold(`Apply ${result.interrupted ? 'stopped' : 'finished'} after ${formatElapsed(result.elapsedMs)}: ${formatOperationCount(result)}: ${formatOutcomeCounts(result)}.`)),
  ]];
  if (result.verification !== undefined) sections[0]?.push(verdict(formatVerification(result.verification)));
  if (result.interrupted) {
    sections[0]?.push(`Interrupted${result.interruptReason ? ` (${sanitizeText(result.interruptReason)})` : ''}: ` +
      'operations in flight were finished, the rest were not started.');
  }
  const notable = selectNotableOutcomes(result);
  if (notable.length > 0) sections.push(renderTable(notable, options, style).map((l) => `  ${l}`));
  const next: string[] = [];
  if (result.counts.failed > 0 || result.interrupted || lost) {
    next.push('Run apply again to finish: it plans afresh and only does what is still missing.');
  } else if (unconfirmed) {
    next.push('Plan again in a few minutes to confirm: changes Microsoft Graph had not shown yet should be there by then.');
  }
  if (result.journalPath) next.push(`Journal: ${sanitizeText(result.journalPath)}`);
  if (next.length > 0) sections.push(next);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
