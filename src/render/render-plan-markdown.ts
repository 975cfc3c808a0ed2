import type { Plan } from '../model/plan.js';
import { countPrincipals } from './format-names.js';
import { renderPrincipalDetails, renderSkuSummary, renderTopPrincipals } from './markdown-details.js';
import {
  describeFullPlan, renderContext, renderFooter, renderHeadline, renderNotes, renderProblems, renderSeatTableMarkdown,
} from './markdown-sections.js';
import type { MarkdownFooterFacts } from './markdown-sections.js';
import { renderCostTableMarkdown } from './markdown-cost.js';

/** Options of {@link renderPlanMarkdown}. The output depends only on the plan and these. */
export interface PlanMarkdownOptions extends MarkdownFooterFacts {
  /** The config this comment is about (one sticky comment per config). Default: the plan's files. */
  configPath?: string;
  /** The result is always shorter than this (GitHub's comment limit by default). */
  maxLength?: number;
}

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65536;

/** Per-list cap once the plan no longer fits: the first entries, then "and N more". */
const SUMMARY_LIST_LIMIT = 20;
const TOP_PRINCIPALS = 10;

const join = (sections: readonly string[][]): string => sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n');

function renderFull(plan: Plan, options: PlanMarkdownOptions): string {
  return join([
    renderHeadline(plan),
    renderContext(plan, options.configPath),
    ...renderProblems(plan, Number.POSITIVE_INFINITY),
    renderSeatTableMarkdown(plan),
    renderCostTableMarkdown(plan),
    renderPrincipalDetails(plan),
    renderNotes(plan, Number.POSITIVE_INFINITY),
    renderFooter(options),
  ]);
}

function condensedNote(plan: Plan, options: PlanMarkdownOptions): string[] {
  return [
    '> [!NOTE]',
    `> This plan is too large for one comment, so the changes of its ${countPrincipals(plan.operations.map((o) => o.principal))} ` +
    `are summarised by SKU and long lists are shortened. See ${describeFullPlan(options.fullPlanUrl)} for every change.`,
  ];
}

/** Step 2: no per-principal details; counts per SKU, the largest changes, shortened lists. */
function renderCondensedBody(plan: Plan, options: PlanMarkdownOptions, withNotes: boolean): string[][] {
  return [
    renderHeadline(plan),
    condensedNote(plan, options),
    renderContext(plan, options.configPath),
    ...renderProblems(plan, SUMMARY_LIST_LIMIT),
    renderSeatTableMarkdown(plan),
    renderCostTableMarkdown(plan),
    renderSkuSummary(plan),
    renderTopPrincipals(plan, TOP_PRINCIPALS),
    withNotes ? renderNotes(plan, SUMMARY_LIST_LIMIT) : [],
  ];
}

/**
 * Step 3: the condensed text cut at a line boundary, with a note saying so. Notes are left
 * out first so the cut never lands inside an open `<details>` that would hide the note.
 */
function renderTruncated(plan: Plan, options: PlanMarkdownOptions, maxLength: number): string {
  const body = join(renderCondensedBody(plan, options, false));
  const tail = [
    '> [!WARNING]',
    `> Truncated to fit GitHub's comment limit. See ${describeFullPlan(options.fullPlanUrl)} for the complete plan.`,
  ].join('\n');
  const footer = join([renderFooter(options)]);
  const budget = maxLength - 1 - (tail.length + footer.length + 4);
  let cut = budget > 0 ? body.slice(0, budget) : '';
  const lastBreak = cut.lastIndexOf('\n');
  if (cut.length < body.length && lastBreak > 0) cut = cut.slice(0, lastBreak);
  const text = `${cut}\n\n${tail}\n\n${footer}`;
  // A limit too small even for the note: a hard cut is all that is left.
  return text.length < maxLength ? text : text.slice(0, Math.max(0, maxLength - 1));
}

/**
 * The plan as a pull-request comment: the headline first (what changes and what it does to
 * seats, "No changes", or "Blocked: why"), then errors, data-loss risks and warnings, the seat
 * table, one collapsible section per principal, notes, and a footer with commit and time.
 *
 * Always shorter than `maxLength`: when the full text does not fit, the per-principal details
 * give way to a summary by SKU with the largest changes; if even that does not fit, the text
 * is cut with a note. Both point to the job summary or `fullPlanUrl` for the full plan.
 * Names are escaped: display names are user-controlled.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT;
  const full = `${renderFull(plan, options)}\n`;
  if (full.length < maxLength) return full;
  const condensed = `${join([...renderCondensedBody(plan, options, true), renderFooter(options)])}\n`;
  if (condensed.length < maxLength) return condensed;
  return renderTruncated(plan, options, maxLength);
}
