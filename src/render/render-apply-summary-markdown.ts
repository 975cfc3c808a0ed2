import type { ApplyResult, OperationOutcome } from '../model/apply-result.js';
import { assertNever } from '../model/plan.js';
import type { SkuRef } from '../model/plan.js';
import {
  createSkuNamer, describeMemberError, describeOutcomeError, describeProcessing, describeStateProblem, describeVerification,
  formatElapsed, formatOutcomeCounts, formatVerification, selectNotableOutcomes,
} from './describe-outcome.js';
import { codeSpan, escapeMarkdown, tableCodeSpan } from './markdown-escape.js';

/** Options of {@link renderApplySummaryMarkdown}. */
export interface ApplySummaryMarkdownOptions {
  /** SKUs to name member errors by part number (e.g. the plan's managed SKUs); ids otherwise. */
  skus?: readonly SkuRef[];
  /** Rows per table before "and N more" keeps the step summary well under GitHub's 1 MiB. */
  maxRows?: number;
}

const DEFAULT_MAX_ROWS = 500;

function statusCell(outcome: OperationOutcome): string {
  switch (outcome.verification?.status) {
    case 'lost': return '❌ lost';
    case 'not-yet-visible': return '⏳ not visible yet';
    case 'unchecked': return '⚠️ unchecked';
    default: break;
  }
  switch (outcome.status) {
    case 'applied': return '✅ applied';
    case 'failed': return '❌ failed';
    case 'skipped': return '⏭️ skipped';
    default: return assertNever(outcome.status);
  }
}

function detailCell(outcome: OperationOutcome, nameSku: (skuId: string) => string): string {
  const parts: string[] = [];
  const verification = describeVerification(outcome);
  if (verification) parts.push(escapeMarkdown(verification));
  for (const problem of outcome.stateProblems ?? []) parts.push(escapeMarkdown(describeStateProblem(problem, nameSku)));
  if (outcome.error) {
    parts.push(escapeMarkdown(describeOutcomeError(outcome.error)));
    if (outcome.error.requestId) parts.push(`request-id ${tableCodeSpan(outcome.error.requestId)}`);
  }
  if (outcome.reason) parts.push(escapeMarkdown(outcome.reason));
  const members = outcome.memberErrors?.length ?? 0;
  if (members > 0) parts.push(`${members} member${members === 1 ? '' : 's'} could not be licensed (below)`);
  const processing = describeProcessing(outcome);
  if (processing) parts.push(escapeMarkdown(processing));
  return parts.join('<br>');
}

function capped<T>(items: readonly T[], max: number, row: (item: T) => string, columns: number): string[] {
  const rows = items.slice(0, max).map(row);
  if (items.length > max) rows.push(`| …and ${items.length - max} more (see the journal) |${' |'.repeat(columns - 1)}`);
  return rows;
}

function renderMemberErrors(outcomes: readonly OperationOutcome[], options: ApplySummaryMarkdownOptions, max: number): string[] {
  const nameSku = createSkuNamer(options.skus);
  const rows = outcomes.flatMap((o) => (o.memberErrors ?? []).map((m) => ({ group: o.principal.name, ...describeMemberError(m, nameSku) })));
  if (rows.length === 0) return [];
  return [
    '#### Group members Microsoft could not license',
    '',
    '| Group | Member | SKU | Error |',
    '|---|---|---|---|',
    ...capped(rows, max, (r) => `| ${tableCodeSpan(r.group)} | ${tableCodeSpan(r.member)} | ${tableCodeSpan(r.sku)} | ${escapeMarkdown(r.problem)} |`, 4),
  ];
}

/**
 * The apply result for the GitHub job summary: a headline with totals and elapsed time, a
 * table of every operation that did not simply succeed, and the group members Microsoft
 * could not license. Names are escaped; tables are capped at `maxRows`.
 */
export function renderApplySummaryMarkdown(result: ApplyResult, options: ApplySummaryMarkdownOptions = {}): string {
  const max = options.maxRows ?? DEFAULT_MAX_ROWS;
  const { failed, skipped } = result.counts;
  const verification = result.verification;
  const lost = (verification?.counts.lost ?? 0) > 0;
  const unconfirmed = verification !== undefined && verification.counts.verified < result.counts.applied;
  const icon = failed > 0 || lost ? '❌' : result.interrupted ? '⏹️' : skipped > 0 || unconfirmed ? '⚠️' : '✅';
  const sections: string[][] = [[
    `### ${icon} skuform apply: ${formatOutcomeCounts(result)} (${formatElapsed(result.elapsedMs)})`,
  ]];
  if (verification !== undefined) sections.push([formatVerification(verification)]);
  if (result.interrupted) {
    const why = result.interruptReason ? ` (${escapeMarkdown(result.interruptReason)})` : '';
    sections.push([`Interrupted${why}: operations in flight were finished, the rest were not started.`]);
  }
  const notable = selectNotableOutcomes(result);
  const nameSku = createSkuNamer(options.skus);
  if (notable.length > 0) {
    sections.push([
      '| Status | User or group | Attempts | What happened |',
      '|---|---|--:|---|',
      ...capped(notable, max, (o) =>
        `| ${statusCell(o)} | ${o.principal.kind} ${tableCodeSpan(o.principal.name)} | ${o.attempts} | ${detailCell(o, nameSku)} |`, 4),
    ]);
  }
  sections.push(renderMemberErrors(notable, options, max));
  if (result.counts.failed > 0 || result.interrupted || lost) {
    sections.push(['Run apply again to finish: it plans afresh and only does what is still missing.']);
  } else if (unconfirmed) {
    sections.push(['Plan again in a few minutes to confirm: changes Microsoft Graph had not shown yet should be there by then.']);
  }
  if (result.journalPath) sections.push([`Journal: ${codeSpan(result.journalPath)}`]);
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
