import type { Snapshot } from '../model/snapshot.js';
import type { AssignedLicense, SubscribedSku } from '../model/tenant.js';
import { nameExportProfiles } from './name-export-profiles.js';
import type { ExportLicense } from './name-export-profiles.js';
import { yamlScalar } from './yaml-scalar.js';

export interface ExportConfigOptions {
  /** Turn license sets held by two or more principals into named profiles. */
  profiles?: boolean;
  /** The schema reference in the editor comment (relative to where the file will live, or a URL). */
  schemaRef?: string;
}

export const DEFAULT_SCHEMA_REF = 'node_modules/skuform/schemas/skuform.schema.json';

interface ExportPrincipal {
  key: string;
  licenses: ExportLicense[];
  /** The license set as a string, when profiles are wanted (identical sets, identical keys). */
  setKey?: string;
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Part numbers and plan names where they are unambiguous; GUIDs where they are not (they always resolve). */
class Namer {
  private readonly skus = new Map<string, SubscribedSku>();
  private readonly partCount = new Map<string, number>();
  /** A tenant has a few distinct license shapes however many users hold them. */
  private readonly named = new Map<string, ExportLicense>();

  constructor(skus: readonly SubscribedSku[]) {
    for (const sku of skus) {
      this.skus.set(sku.skuId.toLowerCase(), sku);
      const part = sku.skuPartNumber.toLowerCase();
      this.partCount.set(part, (this.partCount.get(part) ?? 0) + 1);
    }
  }

  license(assigned: AssignedLicense): ExportLicense {
    const key = `${assigned.skuId}:${assigned.disabledPlans.join(',')}`;
    let named = this.named.get(key);
    if (!named) {
      named = this.name(assigned);
      this.named.set(key, named);
    }
    const copy: ExportLicense = { sku: named.sku, disabledPlans: named.disabledPlans.slice() };
    if (named.enabledPlans) copy.enabledPlans = named.enabledPlans.slice();
    return copy;
  }

  private name(assigned: AssignedLicense): ExportLicense {
    const sku = this.skus.get(assigned.skuId.toLowerCase());
    const unique = sku && sku.skuPartNumber.trim() !== '' && this.partCount.get(sku.skuPartNumber.toLowerCase()) === 1;
    const plans = [...new Set(assigned.disabledPlans.map((id) => this.plan(sku, id)))].sort(compareText);
    const name = unique ? sku.skuPartNumber : assigned.skuId;
    // An admin who left 4 of E5's 86 plans on wrote an allow-list, and reads one back best;
    // `enabledPlans` also keeps plans Microsoft adds later off, as that admin would expect.
    const off = new Set(assigned.disabledPlans.map((id) => id.toLowerCase()));
    const on = sku?.servicePlans.filter((p) => !off.has(p.servicePlanId.toLowerCase())) ?? [];
    if (sku && on.length > 0 && on.length < plans.length) {
      const enabledPlans = [...new Set(on.map((p) => this.plan(sku, p.servicePlanId)))].sort(compareText);
      return { sku: name, disabledPlans: [], enabledPlans };
    }
    return { sku: name, disabledPlans: plans };
  }

  private plan(sku: SubscribedSku | undefined, planId: string): string {
    const plan = sku?.servicePlans.find((p) => p.servicePlanId.toLowerCase() === planId.toLowerCase());
    if (!sku || !plan || plan.servicePlanName.trim() === '') return planId;
    const name = plan.servicePlanName.toLowerCase();
    return sku.servicePlans.filter((p) => p.servicePlanName.toLowerCase() === name).length === 1 ? plan.servicePlanName : planId;
  }
}

function principal(key: string, assigned: readonly AssignedLicense[], namer: Namer, profiles: boolean): ExportPrincipal {
  const bySku = new Map(assigned.map((a) => [a.skuId.toLowerCase(), a]));
  const licenses = [...bySku.values()].map((a) => namer.license(a));
  if (licenses.length > 1) licenses.sort((a, b) => compareText(a.sku, b.sku));
  return profiles ? { key, licenses, setKey: JSON.stringify(licenses) } : { key, licenses };
}

/** Sorted by key, case-insensitively first; each key lower-cased once, not once per comparison. */
function sortByKey(list: ExportPrincipal[]): ExportPrincipal[] {
  return list
    .map((p) => ({ p, lower: p.key.toLowerCase() }))
    .sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : 0))
    .map((x) => x.p);
}

/** Keys as written in the file; a name two principals share (or none) falls back to the object id. */
function keys<T extends { id: string }>(items: readonly T[], name: (item: T) => string): Map<T, string> {
  const lower = items.map((item) => name(item).toLowerCase());
  const count = new Map<string, number>();
  for (const l of lower) count.set(l, (count.get(l) ?? 0) + 1);
  return new Map(items.map((item, i) => {
    const n = name(item);
    return [item, n.trim() !== '' && count.get(lower[i] ?? '') === 1 ? n : item.id];
  }));
}

function directPrincipals(snapshot: Snapshot, namer: Namer, profiles: boolean): { users: ExportPrincipal[]; groups: ExportPrincipal[] } {
  const userKeys = keys(snapshot.users, (u) => u.userPrincipalName);
  const groupKeys = keys(snapshot.groups, (g) => g.displayName);
  const users = snapshot.users.flatMap((u) => {
    const direct = u.licenseAssignmentStates.filter((s) => s.assignedByGroup == null);
    return direct.length > 0 ? [principal(userKeys.get(u) ?? u.id, direct, namer, profiles)] : [];
  });
  const groups = snapshot.groups.flatMap((g) => (g.assignedLicenses.length > 0 ? [principal(groupKeys.get(g) ?? g.id, g.assignedLicenses, namer, profiles)] : []));
  return { users: sortByKey(users), groups: sortByKey(groups) };
}

function entryLines(licenses: readonly ExportLicense[], indent: string): string[] {
  return licenses.flatMap((l) => [
    `${indent}- sku: ${yamlScalar(l.sku)}`,
    ...(l.enabledPlans ? [`${indent}  enabledPlans: [${l.enabledPlans.map(yamlScalar).join(', ')}]`] : []),
    ...(l.disabledPlans.length > 0 ? [`${indent}  disabledPlans: [${l.disabledPlans.map(yamlScalar).join(', ')}]`] : []),
  ]);
}

function profileSets(all: readonly ExportPrincipal[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const p of all) if (p.setKey !== undefined) count.set(p.setKey, (count.get(p.setKey) ?? 0) + 1);
  const shared = new Map(all.flatMap((p) => (p.setKey !== undefined && (count.get(p.setKey) ?? 0) >= 2 ? [[p.setKey, p.licenses] as const] : [])));
  return nameExportProfiles(shared);
}

function principalLines(section: string, list: readonly ExportPrincipal[], profiles: ReadonlyMap<string, string>): string[] {
  if (list.length === 0) return [];
  return [`${section}:`, ...list.flatMap((p) => {
    const profile = p.setKey === undefined ? undefined : profiles.get(p.setKey);
    if (profile !== undefined) return [`  ${yamlScalar(p.key)}: ${yamlScalar(profile)}`];
    return [`  ${yamlScalar(p.key)}:`, '    licenses:', ...entryLines(p.licenses, '      ')];
  })];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The current direct assignments of a snapshot (which must hold every direct holder) as a
 * skuform desired-state file, with part numbers and plan names rather than GUIDs. Planning
 * it against the same store shows no changes. Deterministic: same snapshot, same bytes.
 */
export function exportConfig(snapshot: Snapshot, options: ExportConfigOptions = {}): string {
  const namer = new Namer(snapshot.skus);
  const { users, groups } = directPrincipals(snapshot, namer, options.profiles === true);
  const profiles = options.profiles ? profileSets([...users, ...groups]) : new Map<string, string>();
  const profileLines = [...profiles]
    .sort(([, a], [, b]) => compareText(a, b))
    .flatMap(([setKey, name]) => [`  ${yamlScalar(name)}:`, ...entryLines(JSON.parse(setKey) as ExportLicense[], '    ')]);
  return [
    `# yaml-language-server: $schema=${options.schemaRef ?? DEFAULT_SCHEMA_REF}`,
    `# Direct license assignments of ${count(users.length, 'user')} and ${count(groups.length, 'group')}, exported by skuform.`,
    'version: 1',
    `tenant: ${yamlScalar(snapshot.tenant.defaultDomain || snapshot.tenant.id)}`,
    ...(profileLines.length > 0 ? ['profiles:', ...profileLines] : []),
    ...principalLines('users', users, profiles),
    ...principalLines('groups', groups, profiles),
    '',
  ].join('\n');
}
