import type { Observation, ObservedPrincipal, ObservedSku } from './observe-tenant.js';

/**
 * What changed in the tenant between two runs that skuform did not do:
 * - `changed-outside`: a principal the config lists had its managed licenses changed (a portal edit);
 * - `new-holder`: a principal the config does not list gained a managed SKU, or (without
 *   pruning, when holders are not read one by one) more seats of it are held outside the config;
 * - `sku-changed`: a managed SKU's service plans, seats or subscription state changed.
 */
export type DriftKind = 'changed-outside' | 'new-holder' | 'sku-changed';

export interface DriftFinding {
  kind: DriftKind;
  /** `user alice@contoso.com`, `group Sales`, `SKU SPE_E3`. */
  subject: string;
  detail: string;
}

/**
 * Compares this run's observation with the last one (moved forward by what skuform applied).
 * `listed` holds the operation-style keys (`user:<id>`) of principals the config lists.
 */
export function classifyDrift(before: Observation, now: Observation, listed: ReadonlySet<string>): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const named = (skuId: string): string => now.skus.get(skuId)?.skuPartNumber ?? before.skus.get(skuId)?.skuPartNumber ?? skuId;
  const heldOutside = new Set<string>();
  for (const [key, current] of now.principals) {
    const previous = before.principals.get(key);
    if (listed.has(key)) {
      if (previous !== undefined && !sameLicenses(previous, current)) {
        findings.push({ kind: 'changed-outside', subject: subjectOf(current), detail: `changed outside skuform: ${describeChange(previous, current, named)}` });
      }
      continue;
    }
    // A principal first seen now held its SKUs before unless the snapshot holds every holder.
    if (previous === undefined && !now.holdersComplete) continue;
    const gained = [...current.licenses.keys()].filter((skuId) => !(previous?.licenses.has(skuId) ?? false));
    if (gained.length === 0) continue;
    for (const skuId of gained) heldOutside.add(skuId);
    findings.push({ kind: 'new-holder', subject: subjectOf(current), detail: `new holder of ${gained.map(named).sort().join(', ')}, not listed in the config` });
  }
  if (now.scope === before.scope && !now.holdersComplete) {
    for (const [skuId, seats] of now.outside) {
      const grown = seats - (before.outside.get(skuId) ?? seats);
      if (grown > 0 && !heldOutside.has(skuId)) {
        findings.push({ kind: 'new-holder', subject: `SKU ${named(skuId)}`, detail: `${grown} more ${grown === 1 ? 'seat is' : 'seats are'} held outside the config (${seats} now)` });
      }
    }
  }
  findings.push(...skuChanges(before.skus, now.skus));
  return findings;
}

function skuChanges(before: ReadonlyMap<string, ObservedSku>, now: ReadonlyMap<string, ObservedSku>): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const [skuId, current] of now) {
    const previous = before.get(skuId);
    const subject = `SKU ${current.skuPartNumber}`;
    if (previous === undefined) {
      if (before.size > 0) findings.push({ kind: 'sku-changed', subject, detail: 'is now subscribed' });
      continue;
    }
    const details: string[] = [];
    const added = [...current.plans].filter(([id]) => !previous.plans.has(id)).map(([, name]) => name).sort();
    const removed = [...previous.plans].filter(([id]) => !current.plans.has(id)).map(([, name]) => name).sort();
    if (added.length > 0) details.push(`new service ${plural(added.length, 'plan')} ${added.join(', ')}`);
    if (removed.length > 0) details.push(`service ${plural(removed.length, 'plan')} ${removed.join(', ')} gone`);
    if (current.enabled !== previous.enabled) details.push(`seats ${previous.enabled} -> ${current.enabled}`);
    if (current.capabilityStatus !== previous.capabilityStatus) details.push(`subscription ${previous.capabilityStatus} -> ${current.capabilityStatus}`);
    if (details.length > 0) findings.push({ kind: 'sku-changed', subject, detail: details.join('; ') });
  }
  for (const [skuId, previous] of before) {
    if (!now.has(skuId)) findings.push({ kind: 'sku-changed', subject: `SKU ${previous.skuPartNumber}`, detail: 'is no longer subscribed' });
  }
  return findings;
}

function sameLicenses(a: ObservedPrincipal, b: ObservedPrincipal): boolean {
  if (a.licenses.size !== b.licenses.size) return false;
  for (const [skuId, plans] of a.licenses) {
    const other = b.licenses.get(skuId);
    if (other === undefined || other.length !== plans.length || other.some((plan, i) => plan !== plans[i])) return false;
  }
  return true;
}

/** `SPE_E5 added; SPE_E3 removed; POWER_BI_PRO service plans changed` */
function describeChange(before: ObservedPrincipal, now: ObservedPrincipal, named: (skuId: string) => string): string {
  const parts: string[] = [];
  for (const skuId of now.licenses.keys()) if (!before.licenses.has(skuId)) parts.push(`${named(skuId)} added`);
  for (const skuId of before.licenses.keys()) if (!now.licenses.has(skuId)) parts.push(`${named(skuId)} removed`);
  for (const [skuId, plans] of now.licenses) {
    const old = before.licenses.get(skuId);
    if (old !== undefined && (old.length !== plans.length || old.some((plan, i) => plan !== plans[i]))) parts.push(`${named(skuId)} service plans changed`);
  }
  return parts.sort().join('; ');
}

function subjectOf(principal: ObservedPrincipal): string {
  return `${principal.kind} ${principal.name}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
