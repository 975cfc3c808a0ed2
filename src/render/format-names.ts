import type { PlanRef, PrincipalRef, SkuRef } from '../model/plan.js';
import { sanitizeText } from './sanitize-text.js';

/** Text output is wrapped to this width (plan lists of big SKUs run to dozens of names). */
export const TEXT_WIDTH = 100;

/** Compares names loosely so `SWAY` / `Sway` count as the same and the friendly name adds nothing. */
function sameName(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');
  return norm(a) === norm(b);
}

/** `SPE_E3 (Microsoft 365 E3)`, or just the part number when no product name is known. */
export function formatSku(sku: SkuRef): string {
  const part = sanitizeText(sku.skuPartNumber);
  const name = sku.displayName;
  return name !== undefined && name !== '' && !sameName(name, sku.skuPartNumber) ? `${part} (${sanitizeText(name)})` : part;
}

/** `TEAMS1 (Microsoft Teams)`; the friendly name only when asked for and when it says more than the plan name. */
export function formatPlan(plan: PlanRef, withFriendlyName: boolean): string {
  const name = sanitizeText(plan.servicePlanName);
  const friendly = plan.friendlyName;
  if (!withFriendlyName || friendly === undefined || friendly === '' || sameName(friendly, plan.servicePlanName)) return name;
  return `${name} (${sanitizeText(friendly)})`;
}

/** `user alice@contoso.com` / `group Sales`. */
export function formatPrincipal(principal: PrincipalRef): string {
  return `${principal.kind} ${sanitizeText(principal.name)}`;
}

/** `1 member`, `12 members`. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** `4 users`, `1 group`, `3 users and 1 group`. */
export function countPrincipals(principals: readonly PrincipalRef[]): string {
  const users = principals.filter((p) => p.kind === 'user').length;
  const groups = principals.length - users;
  if (groups === 0) return countOf(users, 'user');
  if (users === 0) return countOf(groups, 'group');
  return `${countOf(users, 'user')} and ${countOf(groups, 'group')}`;
}

/** `+3`, `-2`, `0`: a signed seat change. */
export function formatSigned(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

/**
 * Friendly names help on short lists; on long ones (an allow-list switches off dozens of
 * plans) they turn one line into a page, so only the plan names are shown.
 */
export const FRIENDLY_NAME_LIST_LIMIT = 6;

/** Plan names for a list, with friendly names while the list is short. */
export function formatPlanList(plans: readonly PlanRef[]): string[] {
  const friendly = plans.length <= FRIENDLY_NAME_LIST_LIMIT;
  return plans.map((plan) => formatPlan(plan, friendly));
}

/** Joins items with `, ` and breaks into lines no wider than `width`, each starting with `indent`. */
export function wrapList(items: readonly string[], indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    if (line !== '' && indent.length + line.length + 1 + piece.length > width) {
      lines.push(indent + line);
      line = piece;
    } else {
      line = line === '' ? piece : `${line} ${piece}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/**
 * Breaks prose into lines no wider than `width` (words longer than a line stay whole). The
 * first line starts with `first`, the others with `rest`.
 */
export function wrapWords(text: string, first: string, rest: string, width: number): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line = empty ? line + word : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
