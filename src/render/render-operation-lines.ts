import { assertNever } from '../model/plan.js';
import type { Check, Operation, PrincipalRef, SkuChange } from '../model/plan.js';
import { describeCheckCode } from './describe-check.js';
import { countOf, formatPlanList, formatPrincipal, formatSku, TEXT_WIDTH, wrapList, wrapWords } from './format-names.js';
import { sanitizeText } from './sanitize-text.js';
import type { TextStyle } from './text-style.js';

const DETAIL = '    ';

/** Seat effect of a group operation, e.g. `uses 10 SPE_E3 seats`: the fan-out is the surprising part. */
function describeGroupSeats(op: Operation): string[] {
  return op.changes.flatMap((c) => {
    const delta = op.seatDelta[c.sku.skuId] ?? 0;
    if (delta === 0) return [];
    const seats = countOf(Math.abs(delta), `${sanitizeText(c.sku.skuPartNumber)} seat`);
    return [delta > 0 ? `uses ${seats}` : `frees ${seats}`];
  });
}

/**
 * What the principal's line says besides its name: members and seat fan-out for groups (the
 * surprising part of a group change), and that a swap is one call, because admins fear a
 * remove-then-add gap in mail and Teams.
 */
export function describeOperationFacts(op: Operation): string[] {
  const facts: string[] = [];
  if (op.principal.kind === 'group') {
    if (op.memberCount !== undefined) facts.push(countOf(op.memberCount, 'member'));
    facts.push(...describeGroupSeats(op));
  }
  if (op.phase === 'swap') facts.push('swapped in one call, no gap in service');
  return facts;
}

/** `# user alice@contoso.com`, `# group Sales (12 members; uses 10 SPE_E3 seats)`. */
export function renderOperationHeader(op: Operation): string {
  const head = `# ${formatPrincipal(op.principal)}`;
  const facts = describeOperationFacts(op);
  return facts.length === 0 ? head : `${head} (${facts.join('; ')})`;
}

/** `! warning: data-loss risk — <message>`, wrapped and coloured by severity; lines carry no indent. */
export function renderCheckMark(check: Check, style: TextStyle): string[] {
  const text = `${check.severity}: ${describeCheckCode(check.code)} — ${sanitizeText(check.message)}`;
  const paint = check.severity === 'error' ? style.red : style.yellow;
  return wrapWords(text, '! ', '  ', TEXT_WIDTH - DETAIL.length).map(paint);
}

function labelledList(label: string, items: string[]): string[] {
  const pad = ' '.repeat(DETAIL.length + label.length);
  const [first = '', ...rest] = wrapList(items, pad, TEXT_WIDTH);
  return [`${DETAIL}${label}${first.slice(pad.length)}`, ...rest];
}

function renderChange(change: SkuChange, style: TextStyle): string[] {
  const sku = formatSku(change.sku);
  switch (change.action) {
    case 'assign': {
      const off = change.after?.disabledPlans ?? [];
      if (off.length === 0) return [style.green(`+ assign ${sku}, all service plans on`)];
      return [
        style.green(`+ assign ${sku}, ${countOf(off.length, 'service plan')} off:`),
        ...wrapList(formatPlanList(off), DETAIL, TEXT_WIDTH).map(style.green),
      ];
    }
    case 'update': {
      const lines = [
        `~ update ${sku}, service plans:`,
        ...(change.plansEnabled.length > 0 ? labelledList('switch on:  ', formatPlanList(change.plansEnabled)) : []),
        ...(change.plansDisabled.length > 0 ? labelledList('switch off: ', formatPlanList(change.plansDisabled)) : []),
      ];
      return lines.map(style.yellow);
    }
    case 'remove':
      return [style.red(`- remove ${sku}`)];
    default:
      return assertNever(change.action);
  }
}

/** A plan's errors and warnings by the principal they concern, in plan order (see {@link indexOperationChecks}). */
export type OperationChecks = ReadonlyMap<string, readonly Check[]>;

/**
 * Indexes the checks once, so that rendering every operation with its checks costs
 * operations + checks rather than operations × checks (100,000 of each are possible).
 */
export function indexOperationChecks(checks: readonly Check[]): OperationChecks {
  const index = new Map<string, Check[]>();
  for (const check of checks) {
    if (check.severity === 'note' || check.principal === undefined) continue;
    const key = principalKeyOf(check.principal);
    const list = index.get(key);
    if (list === undefined) index.set(key, [check]);
    else list.push(check);
  }
  return index;
}

/** The errors and warnings that concern this operation's principal. */
export function checksForOperation(op: Operation, checks: OperationChecks): readonly Check[] {
  return checks.get(principalKeyOf(op.principal)) ?? [];
}

function principalKeyOf(principal: PrincipalRef): string {
  return `${principal.kind}:${principal.id}`;
}

/**
 * The body of one principal's block: one entry per SKU change (`+`, `~`, `-`) with its plan
 * details, and errors and warnings marked right under what they concern. Lines carry no base
 * indent; callers add it.
 */
export function renderOperationBody(op: Operation, checks: OperationChecks, style: TextStyle): string[] {
  const own = checksForOperation(op, checks);
  const skuIds = new Set(op.changes.map((c) => c.sku.skuId));
  const marks = (selected: readonly Check[]): string[] => selected.flatMap((c) => renderCheckMark(c, style)).map((l) => DETAIL + l);
  const lines = marks(own.filter((c) => !c.sku || !skuIds.has(c.sku.skuId)));
  // Line by line: a change's plan list can be long, more than a call takes arguments.
  for (const change of op.changes) {
    for (const line of [...renderChange(change, style), ...marks(own.filter((c) => c.sku?.skuId === change.sku.skuId))]) lines.push(line);
  }
  return lines;
}
