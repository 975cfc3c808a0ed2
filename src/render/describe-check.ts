import { assertNever } from '../model/plan.js';
import type { Check, CheckCode, Plan, PrincipalRef } from '../model/plan.js';
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
 * seven leavers), merged so a section lists the finding once with everyone it concerns.
 */
export interface CheckGroup {
  check: Check;
  principals: PrincipalRef[];
}

/** Merges checks that differ only in their principal; keeps the order of first appearance. */
export function groupSimilarChecks(checks: readonly Check[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const check of checks) {
    const at = check.source ? `${check.source.file}:${check.source.line}:${check.source.column}` : '';
    const key = JSON.stringify([check.severity, check.code, check.message, check.hint ?? '', check.sku?.skuId ?? '', at]);
    const group = groups.get(key) ?? { check, principals: [] };
    if (check.principal) group.principals.push(check.principal);
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

/** `licenses/users.yaml:12:3`, or empty. */
export function describeCheckSource(check: Check): string {
  const at = check.source;
  return at ? `${sanitizeText(at.file)}:${at.line}:${at.column}` : '';
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
