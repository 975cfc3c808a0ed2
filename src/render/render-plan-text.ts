import type { Check, Plan } from '../model/plan.js';
import { checksOf, describeCheckCode, describeGroupSource, describeGroupSubject, groupSimilarChecks } from './describe-check.js';
import type { CheckGroup } from './describe-check.js';
import { countOf, TEXT_WIDTH, wrapList, wrapWords } from './format-names.js';
import { indexOperationChecks, renderOperationBody, renderOperationHeader } from './render-operation-lines.js';
import { formatChangeCounts, renderPlanSummaryLine } from './render-plan-summary-line.js';
import { costTitle, renderCostTable } from './render-cost-table.js';
import { renderSeatTable } from './render-seat-table.js';
import { sanitizeText } from './sanitize-text.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

/** Options of {@link renderPlanText}. */
export interface PlanTextOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR). Never on unless asked for. */
  color: boolean;
}

const INDENT = '  ';
const DETAIL = '    ';
const indent = (lines: readonly string[], by = INDENT): string[] => lines.map((l) => (l === '' ? l : by + l));

function renderHeader(plan: Plan, style: TextStyle): string[] {
  const { tenant, settings } = plan;
  const managed = settings.managedSkus.map((s) => sanitizeText(s.skuPartNumber));
  const facts: [string, string[]][] = [
    ['Store', [sanitizeText(plan.store)]],
    ['Config', plan.configFiles.length > 0 ? plan.configFiles.map(sanitizeText) : ['(none)']],
    ['Managed SKUs', managed.length > 0 ? managed : ['(none)']],
    ['Other SKUs', ['never touched']],
    ['Not in config', [settings.prune ? 'users and groups lose their managed licenses (prune: true)' : 'users and groups are left alone (prune: false)']],
  ];
  // Prose, wrapped at word boundaries (the facts above are lists).
  const prose: [string, string][] = plan.lifecycle === undefined ? [] : [['Dates', describeLifecycleRule(plan.lifecycle)]];
  const width = Math.max(...facts.map(([label]) => label.length)) + 2;
  const pad = INDENT + ' '.repeat(width);
  const lines = [style.bold(`skuform plan for ${sanitizeText(tenant.displayName)} (${sanitizeText(tenant.defaultDomain)})`)];
  for (const [label, values] of facts) {
    const [first = '', ...rest] = wrapList(values, pad, TEXT_WIDTH);
    lines.push(`${INDENT}${`${label}:`.padEnd(width)}${first.slice(pad.length)}`, ...rest);
  }
  for (const [label, text] of prose) lines.push(...wrapWords(text, `${INDENT}${`${label}:`.padEnd(width)}`, pad, TEXT_WIDTH));
  return lines;
}

/** How `from`/`until` were judged: the instant, the time-zone rule, the lookahead. */
export function describeLifecycleRule(lifecycle: NonNullable<Plan['lifecycle']>): string {
  return `as of ${lifecycle.evaluatedAt}; bare dates in ${sanitizeText(lifecycle.timeZone)} (from: start of that day; `
    + `until: end of that day); starts and ends within ${lifecycle.lookaheadDays} days are noted`;
}

function renderChanges(plan: Plan, style: TextStyle): string[] {
  if (plan.operations.length === 0) return [];
  const title = [
    plan.blocked ? 'Changes held back until the errors below are fixed' : 'Changes, in the order apply makes them',
    '(+ assigns a license, ~ switches service plans on or off, - removes a license):',
  ];
  const lines = title.map(style.bold);
  const checks = indexOperationChecks(plan.checks);
  for (const op of plan.operations) {
    lines.push('', INDENT + style.bold(renderOperationHeader(op)), ...indent(renderOperationBody(op, checks, style)));
  }
  return lines;
}

function renderSeats(plan: Plan, style: TextStyle): string[] {
  if (plan.seats.length === 0) return [];
  return [style.bold('Seats (Total bought, Used now; Free after must not drop below Reserve):'), ...indent(renderSeatTable(plan.seats, style, plan.settings.graceSeatsAreFree))];
}

function renderCost(plan: Plan, style: TextStyle): string[] {
  if (plan.cost === undefined) return [];
  return [style.bold(costTitle(plan.cost)), ...indent(renderCostTable(plan.cost, style))];
}

/**
 * One finding as a list entry: what it is and what it concerns on the first line, then the
 * message, the fix or hint, and where in the config it is.
 */
function renderCheckEntry(group: CheckGroup, bullet: string, hintLabel: string, paint: (s: string) => string): string[] {
  const { check } = group;
  const subject = describeGroupSubject(group, sanitizeText);
  const width = TEXT_WIDTH - INDENT.length;
  const hanging = DETAIL + ' '.repeat(hintLabel.length + 2);
  const at = describeGroupSource(group);
  return [
    ...wrapWords(`${describeCheckCode(check.code)}${subject === '' ? '' : `: ${subject}`}`, `${bullet} `, DETAIL, width).map(paint),
    ...wrapWords(sanitizeText(check.message), DETAIL, DETAIL, width),
    ...(check.hint ? wrapWords(sanitizeText(check.hint), `${DETAIL}${hintLabel}: `, hanging, width) : []),
    ...(at === '' ? [] : [`${DETAIL}at ${at}`]),
  ];
}

function renderEntries(checks: readonly Check[], bullet: string, hintLabel: string, paint: (s: string) => string): string[] {
  return groupSimilarChecks(checks).flatMap((g) => renderCheckEntry(g, bullet, hintLabel, paint));
}

function renderWarnings(plan: Plan, style: TextStyle): string[] {
  const warnings = checksOf(plan, 'warning');
  if (warnings.length === 0) return [];
  const entries = renderEntries(warnings, '!', 'Hint', style.yellow);
  return [style.bold(style.yellow('Warnings:')), ...indent(entries)];
}

function renderNotes(plan: Plan, style: TextStyle): string[] {
  const notes = checksOf(plan, 'note');
  if (notes.length === 0) return [];
  return [style.bold('Notes:'), ...indent(renderEntries(notes, '-', 'Hint', (t) => t))];
}

function renderBlocked(plan: Plan, style: TextStyle): string[] {
  const errors = checksOf(plan, 'error');
  // Array literals, not push(...lines): a plan can hold hundreds of thousands of errors, more
  // than a function call takes arguments.
  return [
    style.red(style.bold(`Plan blocked: ${countOf(errors.length, 'error')} must be fixed before anything can be applied.`)),
    ...indent(renderEntries(errors, 'x', 'Fix', style.red)),
    `Nothing has been changed. Held back until then: ${formatChangeCounts(plan)}.`,
  ];
}

/**
 * The plan for people, in the style of `terraform plan`: a header naming tenant and store,
 * the changes grouped by principal (`+` assign, `~` update, `-` remove) with problems marked
 * where they apply, the seat forecast, warnings, notes, and one closing line — the summary,
 * or "Plan blocked: ..." with every error and its fix.
 */
export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const style = createTextStyle(options.color);
  const sections = [
    renderHeader(plan, style),
    renderChanges(plan, style),
    renderSeats(plan, style),
    renderCost(plan, style),
    renderWarnings(plan, style),
    renderNotes(plan, style),
    plan.blocked ? renderBlocked(plan, style) : [style.bold(renderPlanSummaryLine(plan))],
  ];
  return `${sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n')}\n`;
}
