import { assertNever } from '../model/plan.js';
import type { Operation, Plan, SkuAction } from '../model/plan.js';
import { codeBlock, escapeHtml, tableCodeSpan } from './markdown-escape.js';
import { markdownSku } from './markdown-sections.js';
import { checksForOperation, describeOperationFacts, indexOperationChecks, renderOperationBody, type OperationChecks } from './render-operation-lines.js';
import { createTextStyle } from './text-style.js';

const PLAIN = createTextStyle(false);

function countActions(op: Operation): Record<SkuAction, number> {
  const counts: Record<SkuAction, number> = { assign: 0, update: 0, remove: 0 };
  for (const c of op.changes) counts[c.action] += 1;
  return counts;
}

function describeCounts(counts: Record<SkuAction, number>): string {
  const parts: string[] = [];
  if (counts.assign > 0) parts.push(`${counts.assign} to assign`);
  if (counts.update > 0) parts.push(`${counts.update} to update`);
  if (counts.remove > 0) parts.push(`${counts.remove} to remove`);
  return parts.join(', ');
}

function summaryLine(op: Operation, operationChecks: OperationChecks): string {
  const checks = checksForOperation(op, operationChecks);
  const mark = checks.some((c) => c.severity === 'error') ? '⛔ ' : checks.length > 0 ? '⚠️ ' : '';
  const facts = describeOperationFacts(op);
  const extra = facts.length > 0 ? ` (${escapeHtml(facts.join('; '))})` : '';
  return `${mark}${op.principal.kind} <code>${escapeHtml(op.principal.name)}</code>${extra} — ${describeCounts(countActions(op))}`;
}

/**
 * One collapsible section per principal. The body is the text renderer's block in a `diff`
 * code block, so GitHub colours `+` and `-` and both formats say exactly the same thing.
 */
export function renderPrincipalDetails(plan: Plan): string[] {
  if (plan.operations.length === 0) return [];
  const lines = ['#### Changes by user and group', ''];
  const checks = indexOperationChecks(plan.checks);
  for (const op of plan.operations) {
    const body = renderOperationBody(op, checks, PLAIN).join('\n');
    lines.push(`<details><summary>${summaryLine(op, checks)}</summary>`, '', codeBlock(body, 'diff'), '', '</details>');
  }
  return lines;
}

interface SkuTally {
  sku: Operation['changes'][number]['sku'];
  counts: Record<SkuAction, number>;
  users: number;
  groups: number;
}

/** Counts per SKU, for plans too large to list principal by principal. */
export function renderSkuSummary(plan: Plan): string[] {
  const tallies = new Map<string, SkuTally>();
  for (const op of plan.operations) {
    for (const change of op.changes) {
      const tally = tallies.get(change.sku.skuId)
        ?? { sku: change.sku, counts: { assign: 0, update: 0, remove: 0 }, users: 0, groups: 0 };
      tally.counts[change.action] += 1;
      if (op.principal.kind === 'user') tally.users += 1;
      else tally.groups += 1;
      tallies.set(change.sku.skuId, tally);
    }
  }
  const rows = [...tallies.values()].sort((a, b) => (a.sku.skuPartNumber < b.sku.skuPartNumber ? -1 : 1));
  return [
    '#### Changes by SKU',
    '',
    '| SKU | Assign | Update | Remove | Users | Groups |',
    '|---|--:|--:|--:|--:|--:|',
    ...rows.map((t) =>
      `| ${markdownSku(t.sku)} | ${t.counts.assign} | ${t.counts.update} | ${t.counts.remove} | ${t.users} | ${t.groups} |`),
  ];
}

function actionSymbol(action: SkuAction): string {
  switch (action) {
    case 'assign': return '+';
    case 'update': return '~';
    case 'remove': return '-';
    default: return assertNever(action);
  }
}

/** Most changes first; among equals, the group reaching more members, then by name. */
function compareByChanges(a: Operation, b: Operation): number {
  return b.changes.length - a.changes.length
    || (b.memberCount ?? 0) - (a.memberCount ?? 0)
    || (a.principal.name < b.principal.name ? -1 : a.principal.name > b.principal.name ? 1 : 0);
}

/** The principals with the most SKU changes, largest first. */
export function renderTopPrincipals(plan: Plan, limit: number): string[] {
  if (plan.operations.length === 0) return [];
  const top = [...plan.operations].sort(compareByChanges).slice(0, limit);
  const changes = (op: Operation): string => tableCodeSpan(op.changes.map((c) => `${actionSymbol(c.action)}${c.sku.skuPartNumber}`).join(' '));
  return [
    `#### Largest changes (top ${top.length} of ${plan.operations.length})`,
    '',
    '| Principal | Members | Changes |',
    '|---|--:|---|',
    ...top.map((op) => `| ${op.principal.kind} ${tableCodeSpan(op.principal.name)} | ${op.memberCount ?? ''} | ${changes(op)} |`),
  ];
}
