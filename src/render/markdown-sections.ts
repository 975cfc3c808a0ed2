import type { Check, Plan, SeatForecast } from '../model/plan.js';
import {
  checksOf, describeBlockingReasons, describeCheckCode, describeGroupSource, describeGroupSubject, groupSimilarChecks,
} from './describe-check.js';
import type { CheckGroup } from './describe-check.js';
import { describeCostHeadline } from './format-money.js';
import { formatSigned } from './format-names.js';
import { codeSpan, escapeMarkdown, tableCodeSpan } from './markdown-escape.js';
import { formatChangeCounts } from './render-plan-summary-line.js';
import { describeFreeSeatRule, describeShortfall } from './render-seat-table.js';

/** Footer facts of a markdown plan; every one is optional. */
export interface MarkdownFooterFacts {
  commitSha?: string;
  plannedAt?: string | Date;
  fullPlanUrl?: string;
}

/** `` `SPE_E3` Microsoft 365 E3 `` for table cells. */
export function markdownSku(sku: { skuPartNumber: string; displayName?: string }): string {
  const name = sku.displayName;
  return name ? `${tableCodeSpan(sku.skuPartNumber)} ${escapeMarkdown(name)}` : tableCodeSpan(sku.skuPartNumber);
}

const MAX_SEAT_FACTS = 6;

function describeSeatRow(row: SeatForecast): string {
  const use = row.change > 0 ? `uses ${row.change}` : `frees ${-row.change}`;
  const short = row.short ? ` ⛔ ${describeShortfall(row)}` : '';
  return `${codeSpan(row.sku.skuPartNumber)} ${row.freeAfter} free (${use})${short}`;
}

/** The headline: what happens (or "No changes", or "Blocked: why") and what it does to seats. */
export function renderHeadline(plan: Plan): string[] {
  if (plan.blocked) {
    return [
      `### ⛔ skuform plan — Blocked: ${escapeMarkdown(describeBlockingReasons(plan))}`,
      '',
      `Nothing can be applied until the errors below are fixed. Held back: ${formatChangeCounts(plan)}.`,
    ];
  }
  if (plan.operations.length === 0) return ['### ✅ skuform plan: No changes. The tenant matches the configuration.'];
  const moving = plan.seats.filter((row) => row.change !== 0 || row.short);
  const facts = moving.slice(0, MAX_SEAT_FACTS).map(describeSeatRow);
  if (moving.length > MAX_SEAT_FACTS) facts.push(`and ${moving.length - MAX_SEAT_FACTS} more in the table below`);
  // With prices the headline leads with what the change costs: `+12 seats, +€684.00 / month · 7 to assign, ...`.
  const cost = describeCostHeadline(plan);
  return [
    `### skuform plan: ${cost === undefined ? '' : `${escapeMarkdown(cost)} · `}${formatChangeCounts(plan)}`,
    '',
    facts.length > 0 ? `**Seats after apply:** ${facts.join(' · ')}` : '**Seats:** unchanged.',
  ];
}

/** Tenant, store and config in one line. */
export function renderContext(plan: Plan, configPath: string | undefined): string[] {
  const config = configPath !== undefined ? [configPath] : plan.configFiles;
  const parts = [
    `Tenant ${escapeMarkdown(plan.tenant.displayName)} (${codeSpan(plan.tenant.defaultDomain)})`,
    `store ${codeSpan(plan.store)}`,
    ...(config.length > 0 ? [`config ${config.map(codeSpan).join(', ')}`] : []),
    plan.settings.prune
      ? 'users and groups not in the config lose their managed licenses (prune)'
      : 'users and groups not in the config are left alone',
    ...(plan.lifecycle === undefined ? [] : [
      `dates as of ${escapeMarkdown(plan.lifecycle.evaluatedAt)}, bare dates in ${codeSpan(plan.lifecycle.timeZone)} (from: start of that day; until: end of that day)`,
    ]),
  ];
  return [parts.join(' · ')];
}

/** `**data-loss risk** · `SPE_E3`, 5 users: `kim@contoso.com`, ...: message<br>Hint: ...` */
export function renderCheckItem(group: CheckGroup, hintLabel: string): string {
  const { check } = group;
  const subject = describeGroupSubject(group, codeSpan);
  const head = `**${describeCheckCode(check.code)}**${subject === '' ? '' : ` · ${subject}`}`;
  const at = describeGroupSource(group);
  const tail = [
    ...(check.hint ? [`<br>${hintLabel}: ${escapeMarkdown(check.hint)}`] : []),
    ...(at !== '' ? [` (${codeSpan(at)})`] : []),
  ];
  return `- ${head}: ${escapeMarkdown(check.message)}${tail.join('')}`;
}

function renderItems(checks: readonly Check[], hintLabel: string, limit: number): string[] {
  const groups = groupSimilarChecks(checks);
  const shown = groups.slice(0, limit).map((g) => renderCheckItem(g, hintLabel));
  if (groups.length > limit) shown.push(`- …and ${groups.length - limit} more (see the full plan)`);
  return shown;
}

function renderCheckList(title: string, checks: readonly Check[], hintLabel: string, limit: number): string[] {
  if (checks.length === 0) return [];
  return [`#### ${title} (${checks.length})`, '', ...renderItems(checks, hintLabel, limit)];
}

/** Errors, then data-loss risks, then other warnings; each list capped at `limit` entries. */
export function renderProblems(plan: Plan, limit: number): string[][] {
  const warnings = checksOf(plan, 'warning');
  return [
    renderCheckList('⛔ Errors — fix these first', checksOf(plan, 'error'), 'Fix', limit),
    renderCheckList('⚠️ Data-loss risks', warnings.filter((c) => c.code === 'data-loss-risk'), 'Hint', limit),
    renderCheckList('⚠️ Warnings', warnings.filter((c) => c.code !== 'data-loss-risk'), 'Hint', limit),
  ].filter((s) => s.length > 0);
}

function seatStatus(row: SeatForecast): string {
  const marks = [
    ...(row.short ? [`⛔ ${describeShortfall(row)}`] : []),
    ...(row.warningUnits > 0 ? [`⚠️ ${row.warningUnits} in renewal grace period`] : []),
  ];
  return marks.join(', ');
}

/** The seat forecast as a table; shortfalls and grace-period seats marked in the last column. */
export function renderSeatTableMarkdown(plan: Plan): string[] {
  if (plan.seats.length === 0) return [];
  return [
    '#### Seats',
    '',
    '| SKU | Total | Used | Free | Change | Free after | Reserve | Status |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
    ...plan.seats.map((r) =>
      `| ${markdownSku(r.sku)} | ${r.total} | ${r.used} | ${r.free} | ${formatSigned(r.change)} | ${r.freeAfter} | ${r.reserve} | ${seatStatus(r)} |`),
    '',
    escapeMarkdown(describeFreeSeatRule(plan.settings.graceSeatsAreFree)),
  ];
}

/** Notes (inherited licenses kept, unmanaged holders) collapsed: information, not action. */
export function renderNotes(plan: Plan, limit: number): string[] {
  const notes = checksOf(plan, 'note');
  if (notes.length === 0) return [];
  return [`<details><summary>Notes (${notes.length})</summary>`, '', ...renderItems(notes, 'Hint', limit), '', '</details>'];
}

/** Where the full plan is, as a phrase with a link when there is one. */
export function describeFullPlan(fullPlanUrl: string | undefined): string {
  // Characters that would end the link destination early are percent-encoded; the rest is kept as given.
  const href = fullPlanUrl?.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href ? `[the full plan](${href})` : 'the job summary of this workflow run';
}

/** `<sub>Planned at ... from commit `abc1234` · full plan</sub>` */
export function renderFooter(facts: MarkdownFooterFacts): string[] {
  const at = facts.plannedAt instanceof Date ? facts.plannedAt.toISOString() : facts.plannedAt;
  const parts = [
    ...(at ? [`planned at ${escapeMarkdown(at)}`] : []),
    ...(facts.commitSha ? [`commit ${codeSpan(facts.commitSha.slice(0, 12))}`] : []),
    ...(facts.fullPlanUrl ? [describeFullPlan(facts.fullPlanUrl)] : []),
  ];
  return [`<sub>skuform${parts.length > 0 ? ` · ${parts.join(' · ')}` : ''}</sub>`];
}
