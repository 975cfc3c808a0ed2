import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Operation, Plan, PlanRef, SkuChange } from '../model/plan.js';
import { emitPrincipalYaml, formatFlowList } from './emit-yaml.js';
import type { PlanListStyle, YamlLicense } from './emit-yaml.js';
import { checksOf, describeBlockingReasons, describeCheckSentence } from './describe-check.js';
import { describeCostHeadline } from './format-money.js';
import { countOf, countPrincipals } from './format-names.js';
import { sanitizeText } from './sanitize-text.js';
import { createTextStyle } from './text-style.js';
import type { TextStyle } from './text-style.js';

/** Options of {@link renderPlanDiff}. */
export interface PlanDiffOptions {
  color: boolean;
}

/** Flow lists longer than this go one plan per line, so a diff shows the one plan that changed. */
const FLOW_LIST_WIDTH = 80;
/** As `git diff`: three lines of context; the file header already names the principal. */
const CONTEXT_LINES = 3;

const names = (plans: readonly PlanRef[]): string[] => plans.map((p) => p.servicePlanName);

function licensesOf(changes: readonly SkuChange[], side: 'before' | 'after'): YamlLicense[] {
  return changes.flatMap((c) => {
    const state = c[side];
    return state ? [{ sku: c.sku.skuPartNumber, disabledPlans: names(state.disabledPlans) }] : [];
  });
}

/** One style for both sides, so switching style never shows up as a change. */
function chooseStyle(current: readonly YamlLicense[], desired: readonly YamlLicense[]): PlanListStyle {
  const tooLong = [...current, ...desired].some((l) => formatFlowList(l.disabledPlans).length > FLOW_LIST_WIDTH);
  return tooLong ? 'block' : 'flow';
}

/** File-header-safe: no tabs or line breaks (the header would end there). */
const headerName = (name: string): string => sanitizeText(name).replace(/\s/g, ' ');

/** The two sides of one principal's diff: its changed licenses now and after the plan, as YAML. */
export function renderPrincipalFragments(op: Operation): { path: string; current: string; desired: string } {
  const section = op.principal.kind === 'user' ? 'users' : 'groups';
  const current = licensesOf(op.changes, 'before');
  const desired = licensesOf(op.changes, 'after');
  const style = chooseStyle(current, desired);
  return {
    path: `${section}/${headerName(op.principal.name)}`,
    current: emitPrincipalYaml(section, op.principal.name, current, style),
    desired: emitPrincipalYaml(section, op.principal.name, desired, style),
  };
}

function renderOperationPatch(op: Operation): string {
  const { path, current, desired } = renderPrincipalFragments(op);
  return createTwoFilesPatch(`current/${path}`, `desired/${path}`, current, desired, undefined, undefined, {
    context: CONTEXT_LINES, headerOptions: FILE_HEADERS_ONLY,
  });
}

function colorLine(line: string, style: TextStyle): string {
  if (line.startsWith('---') || line.startsWith('+++')) return style.bold(line);
  if (line.startsWith('@@')) return style.cyan(line);
  if (line.startsWith('+')) return style.green(line);
  if (line.startsWith('-')) return style.red(line);
  if (line.startsWith('#')) return style.dim(line);
  return line;
}

/** Most errors named one by one in a blocked diff's comment lines; the plan's text form has them all. */
const MAX_BLOCKING_LINES = 20;

/** Why a blocked plan cannot be applied, as `#` comment lines (which patch tools skip). */
function blockedPreamble(plan: Plan): string {
  if (!plan.blocked) return '';
  const errors = checksOf(plan, 'error');
  const lines = [
    `# Plan blocked by ${countOf(errors.length, 'error')}: ${sanitizeText(describeBlockingReasons(plan))}. Nothing can be applied until ${errors.length === 1 ? 'it is' : 'they are'} fixed.`,
    ...errors.slice(0, MAX_BLOCKING_LINES).map((check) => `#   x ${sanitizeText(describeCheckSentence(check))}`),
    ...(errors.length > MAX_BLOCKING_LINES ? [`#   x and ${errors.length - MAX_BLOCKING_LINES} more (skuform plan without --format diff lists them all)`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A unified diff between the current and the desired direct licenses of every principal the
 * plan changes, both written as skuform YAML (part numbers and plan names), one file per
 * principal: what `git diff` and `kubectl diff` users read at a glance. Only the licenses the
 * plan changes appear (the plan does not carry the others); the first line says so. A blocked
 * plan starts with why, as comment lines. Empty when nothing changes, like `git diff`.
 */
export function renderPlanDiff(plan: Plan, options: PlanDiffOptions): string {
  const style = createTextStyle(options.color);
  const preamble = `# skuform plan for ${sanitizeText(plan.tenant.defaultDomain)}: direct licenses of the ` +
    `${countPrincipals(plan.operations.map((o) => o.principal))} this plan changes, current -> desired ` +
    '(licenses it leaves alone are not shown).';
  const cost = describeCostHeadline(plan);
  const costLine = cost === undefined ? '' : `# Cost: ${cost} (${plan.cost?.currency ?? ''}, your prices from settings.prices).\n`;
  // Each patch ends with a newline; no blank lines between them, which patch tools could misread.
  const patches = plan.operations.length === 0 ? '' : `${preamble}\n${costLine}${plan.operations.map(renderOperationPatch).join('')}`;
  const text = `${blockedPreamble(plan)}${patches}`;
  return style.color ? text.replace(/[^\n]+/g, (line) => colorLine(line, style)) : text;
}
