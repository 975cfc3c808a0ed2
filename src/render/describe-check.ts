import { assertNever } from '../model/plan.js';
import type { Check, CheckCode, Plan, PrincipalRef } from '../model/plan.js';
import type { SourceLocation } from '../model/diagnostic.js';
import { countPrincipals } from './format-names.js';
import { sanitizeText } from './sanitize-text.js';

/** A short, plain-English label for a check code, for people who do not know the codes. */
export function describeCheckCode(code: CheckCode): string {
  switch (code) {
    case 'tenant-mismatch': return 'wrong tenant';
    case 'principal-not-found': return 'user or group not found';
    case 'principal-duplicate': return 'listed twice';
    case 'group-ambiguous': return 'ambiguous group name';
    case 'group-not-security-enabled': return 'group is not security-enabled';
    case 'usage-location-missing': return 'no usage location';
    case 'usage-location-invalid': return 'invalid usage location';
    case 'member-usage-location-missing': return 'members without usage location';
    case 'account-disabled': return 'account disabled';
    case 'sku-not-assignable': return 'license cannot be assigned';
    case 'sku-not-enabled': return 'subscription not active';
    case 'seats-insufficient': return 'not enough seats';
    case 'removal-guard': return 'too many removals';
    case 'remove-all-guard': return 'would remove every managed license';
    case 'data-loss-risk': return 'data-loss risk';
    case 'inherited-kept': return 'license kept through a group';
    case 'inherited-only': return 'license is only inherited';
    case 'redundant-direct': return 'direct license duplicates a group license';
    case 'unmanaged-holders': return 'unmanaged license holders';
    case 'assignment-error': return 'existing assignment error';
    case 'license-starts-soon': return 'license starts soon';
    case 'license-ends-soon': return 'license ends soon';
    case 'license-not-started': return 'license not started yet';
    case 'license-ended': return 'license ended';
    default: return assertNever(code);
  }
}

/** The check's label, qualified by its SKU part number when it concerns one (`not enough seats (SPE_E5)`). */
export function describeCheck(check: Check): string {
  const label = describeCheckCode(check.code);
  return check.sku ? `${label} (${sanitizeText(check.sku.skuPartNumber)})` : label;
}

/**
 * Checks that say the same thing about different principals (the same data-loss warning for
 * seven leavers, forty users keeping Power BI through one group), merged so a section lists
 * the finding once with everyone it concerns and where each of them is listed.
 */
export interface CheckGroup {
  check: Check;
  principals: PrincipalRef[];
  sources: SourceLocation[];
}

/**
 * Merges checks that differ only in their principal and where it is listed; keeps the order
 * of first appearance. Messages about a principal never name it (see `Check.message`), which
 * is what makes them equal.
 */
export function groupSimilarChecks(checks: readonly Check[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const check of checks) {
    const key = JSON.stringify([check.severity, check.code, check.message, check.hint ?? '', check.sku?.skuId ?? '']);
    const group = groups.get(key) ?? { check, principals: [], sources: [] };
    if (check.principal) group.principals.push(check.principal);
    if (check.source) group.sources.push(check.source);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const MAX_NAMED = 10;

/**
 * What a group of checks concerns: `user dave@contoso.com, SPE_E3`, or
 * `SPE_E3, 5 users: kim@contoso.com, lee@contoso.com, ...`; empty for plan-wide checks.
 * `name` formats one principal name (escaping differs per output).
 */
export function describeGroupSubject(group: CheckGroup, name: (text: string) => string): string {
  const { check, principals } = group;
  const sku = check.sku ? [name(check.sku.skuPartNumber)] : [];
  if (principals.length <= 1) {
    const one = principals[0];
    return [...(one ? [`${one.kind} ${name(one.name)}`] : []), ...sku].join(', ');
  }
  const named = principals.slice(0, MAX_NAMED).map((p) => name(p.name));
  const more = principals.length > MAX_NAMED ? [`and ${principals.length - MAX_NAMED} more`] : [];
  return [...sku, `${countPrincipals(principals)}: ${[...named, ...more].join(', ')}`].join(', ');
}

const MAX_SOURCES = 3;

/**
 * Where a group of checks comes from: `licenses/users.yaml:12:3`, or several places in file
 * and line order with each file named once per run (`a.yaml:4:3, 5:3, b.yaml:9:3`), at most
 * three and a count of the rest; empty when none is known.
 */
export function describeGroupSource(group: CheckGroup): string {
  const places: string[] = [];
  let file: string | undefined;
  const byFile = (a: SourceLocation, b: SourceLocation): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const sorted = [...group.sources].sort((a, b) => byFile(a, b) || a.line - b.line || a.column - b.column);
  for (const at of sorted.slice(0, MAX_SOURCES)) {
    const position = `${at.line}:${at.column}`;
    places.push(at.file === file ? position : `${sanitizeText(at.file)}:${position}`);
    file = at.file;
  }
  const more = group.sources.length - MAX_SOURCES;
  if (more > 0) places.push(`and ${more} more`);
  return places.join(', ');
}

/** The check as one sentence, naming its principal first when it has one (`user kim@contoso.com would lose ...`). */
export function describeCheckSentence(check: Check): string {
  return check.principal ? `${check.principal.kind} ${check.principal.name} ${check.message}` : check.message;
}

const MAX_REASONS = 3;

/** Why a plan is blocked, in one phrase: distinct error labels, at most three named. */
export function describeBlockingReasons(plan: Plan): string {
  const reasons = [...new Set(plan.checks.filter((c) => c.severity === 'error').map(describeCheck))];
  if (reasons.length === 0) return 'a blocking check failed';
  const named = reasons.slice(0, MAX_REASONS).join('; ');
  const more = reasons.length - MAX_REASONS;
  return more > 0 ? `${named}; and ${more} more` : named;
}

/** Checks of one severity, in plan order. */
export function checksOf(plan: Plan, severity: Check['severity']): Check[] {
  return plan.checks.filter((c) => c.severity === severity);
}
