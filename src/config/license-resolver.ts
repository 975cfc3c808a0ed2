import { quoteText, resolvePlanName, resolveSkuName } from '../catalog/index.js';
import type { Catalog, PlanResolution, SkuResolution } from '../catalog/index.js';
import type { DesiredLicense, LicenseBound } from '../model/desired.js';
import { DEFAULT_TIME_ZONE } from '../model/desired.js';
import { parseLicenseBound } from './license-bounds.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SubscribedSku } from '../model/tenant.js';
import type { LicenseEntrySpec, Located, ProfileSpec } from './loaded-config.js';
import { indexOfSku, sortLicenses } from './sort-licenses.js';

/** A profile's licenses, resolved once however many principals use it. */
export interface ResolvedProfile {
  licenses: DesiredLicense[];
  /** False when an entry did not resolve (and was reported): principals using it are skipped. */
  ok: boolean;
}

export interface ResolverOptions {
  /**
   * Resolving against the whole catalogue rather than a tenant: a product name that fits
   * several catalogue SKUs is a warning (the tenant will decide), not an error.
   */
  offline?: boolean;
  /** IANA time zone bare `from`/`until` dates are read in (already checked); default UTC. */
  timeZone?: string;
  /** The current instant (ms since the epoch): entries whose `until` has passed are then warned about. */
  now?: number;
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A resolved entry without its place: what repeats of the entry share. */
interface ResolvedEntry {
  skuId: string;
  disabledPlans: string[];
  mode: DesiredLicense['mode'];
  /** Present only on time-bound entries. */
  span?: Pick<DesiredLicense, 'from' | 'until'>;
}

/** What an entry says, as a cache key: each part length-prefixed, so no name can fake a boundary. */
function entryKey(entry: LicenseEntrySpec): string {
  let key = `${entry.sku.value.length}:${entry.sku.value}|${entry.plans?.mode ?? ''}`;
  const names = entry.plans?.names ?? [];
  for (let i = 0; i < names.length; i++) {
    const name = (names[i] as Located<string>).value;
    key += `|${name.length}:${name}`;
  }
  if (entry.from !== undefined || entry.until !== undefined) key += `|from:${entry.from?.value ?? ''}|until:${entry.until?.value ?? ''}`;
  return key;
}

/**
 * Resolves SKU and plan names to ids with caches (a 100,000-user file names a handful of
 * SKUs) and reports each unresolvable name where it is written.
 */
export class LicenseResolver {
  readonly diagnostics: Diagnostic[] = [];
  /** Every skuId an entry resolved to: the default `managedSkus`. */
  readonly namedSkuIds = new Set<string>();
  private readonly skuCache = new Map<string, SkuResolution>();
  private readonly planCache = new Map<SubscribedSku, Map<string, PlanResolution>>();
  private readonly profiles = new Map<string, ResolvedProfile>();
  /**
   * Entries that resolved without a diagnostic, by what they say. Large files repeat a few
   * entries (`- sku: SPE_E5` with `disabledPlans: [SWAY]`) for thousands of users; a repeat
   * then costs a lookup instead of name resolution and plan-set arithmetic.
   */
  private readonly entries = new Map<string, ResolvedEntry>();
  /** Offline: the SKUs `managedSkus` names, chosen first when a product name fits several. */
  private readonly preferred = new Set<string>();

  constructor(
    private readonly skus: readonly SubscribedSku[],
    private readonly catalog: Catalog,
    private readonly options: ResolverOptions = {},
  ) {}

  private error(code: string, message: string, location: Located<unknown>['location'], hint?: string, related?: Diagnostic['related']): undefined {
    this.diagnostics.push({ severity: 'error', code, message, location, hint, related });
    return undefined;
  }

  /**
   * Offline, a product name such as "Visio Plan 2" can fit several catalogue SKUs. The SKUs
   * that `managedSkus` names say which one the admin means; call this before resolving
   * entries. Names that do not resolve are skipped here and reported where they are resolved.
   */
  preferSkus(names: readonly Located<string>[]): void {
    for (const name of names) {
      const resolution = resolveSkuName(name.value, this.skus, this.catalog);
      if (resolution.status === 'found') this.preferred.add(resolution.sku.skuId);
    }
  }

  /** The subscribed SKU a name stands for, or undefined (reported). */
  resolveSku(name: Located<string>, plans: readonly string[] = []): SubscribedSku | undefined {
    let resolution = this.skuCache.get(name.value);
    if (!resolution) {
      resolution = resolveSkuName(name.value, this.skus, this.catalog);
      this.skuCache.set(name.value, resolution);
    }
    switch (resolution.status) {
      case 'found': return resolution.sku;
      case 'ambiguous': {
        if (!this.options.offline) return this.error('ambiguous-sku', resolution.message, name.location, resolution.hint);
        const fitting = resolution.candidates.filter((c) => plans.every((p) => resolvePlanName(p, c, this.catalog).status === 'found'));
        const preferred = fitting.find((c) => this.preferred.has(c.skuId));
        if (preferred) return preferred;
        const parts = resolution.candidates.map((c) => c.skuPartNumber).join(', ');
        this.diagnostics.push({
          severity: 'warning',
          code: 'ambiguous-sku',
          message: `SKU name ${quoteText(name.value)} fits ${resolution.candidates.length} SKUs in Microsoft's catalogue (${parts}); the tenant's subscriptions decide which`,
          location: name.location,
        });
        return fitting[0] ?? resolution.candidates[0];
      }
      case 'not-subscribed': return this.error('sku-not-subscribed', resolution.message, name.location, resolution.hint);
      case 'unknown': return this.error('unknown-sku', resolution.message, name.location, resolution.hint);
    }
  }

  private resolvePlans(entry: LicenseEntrySpec, sku: SubscribedSku): string[] | undefined {
    const ids = new Set<string>();
    let ok = true;
    let cache = this.planCache.get(sku);
    if (!cache) {
      cache = new Map();
      this.planCache.set(sku, cache);
    }
    for (const name of entry.plans?.names ?? []) {
      let plan = cache.get(name.value);
      if (!plan) {
        plan = resolvePlanName(name.value, sku, this.catalog);
        cache.set(name.value, plan);
      }
      if (plan.status === 'found') ids.add(plan.plan.servicePlanId);
      else {
        ok = false;
        const code = plan.status === 'not-in-sku' ? 'plan-not-in-sku' : plan.status === 'ambiguous' ? 'ambiguous-plan' : 'unknown-plan';
        this.error(code, plan.message, name.location, plan.hint);
      }
    }
    return ok ? [...ids] : undefined;
  }

  /** One entry as a desired license, or undefined when a name in it did not resolve (reported). */
  resolveEntry(entry: LicenseEntrySpec, profile?: string): DesiredLicense | undefined {
    const key = entryKey(entry);
    const resolved = this.entries.get(key) ?? this.resolveNewEntry(entry, key);
    if (!resolved) return undefined;
    const { skuId, mode } = resolved;
    const disabledPlans = resolved.disabledPlans.slice();
    const source = entry.location;
    const license: DesiredLicense = profile === undefined ? { skuId, disabledPlans, mode, source } : { skuId, disabledPlans, mode, source, profile };
    return resolved.span === undefined ? license : { ...license, ...resolved.span };
  }

  /** `from`/`until` as instants, or undefined when one is wrong (reported where it is written). */
  private resolveSpan(entry: LicenseEntrySpec): ResolvedEntry['span'] | false {
    if (entry.from === undefined && entry.until === undefined) return undefined;
    const span: NonNullable<ResolvedEntry['span']> = {};
    const timeZone = this.options.timeZone ?? DEFAULT_TIME_ZONE;
    for (const kind of ['from', 'until'] as const) {
      const written = entry[kind];
      if (written === undefined) continue;
      const bound = parseLicenseBound(written.value, kind, timeZone);
      if ('error' in bound) return this.error('invalid-date', `\`${kind}\`: ${bound.error}`, written.location, 'write a date such as 2027-03-31, or a date-time with an offset such as 2027-03-31T17:00:00+01:00') ?? false;
      span[kind] = bound as LicenseBound;
    }
    if (span.from !== undefined && span.until !== undefined && span.from.at >= span.until.at) {
      const until = entry.until as Located<string>;
      return this.error('empty-span', `\`until\` ${quoteText(until.value)} is not after \`from\` ${quoteText(entry.from?.value ?? '')}: the entry would never be in force`, until.location, 'swap the dates, or remove the entry') ?? false;
    }
    return span;
  }

  private resolveNewEntry(entry: LicenseEntrySpec, key: string): ResolvedEntry | undefined {
    const reported = this.diagnostics.length;
    const sku = this.resolveSku(entry.sku, entry.plans?.names.map((n) => n.value));
    if (!sku) return undefined;
    this.namedSkuIds.add(sku.skuId);
    const named = this.resolvePlans(entry, sku);
    if (!named) return undefined;
    const mode = entry.plans?.mode ?? 'disabledPlans';
    // enabledPlans is an allow-list: every user plan not named is off, including plans
    // Microsoft adds to the SKU later, so the next plan shows them being switched off.
    const enabled = new Set(named);
    const disabledPlans = mode === 'enabledPlans'
      ? sku.servicePlans.filter((p) => p.appliesTo === 'User' && !enabled.has(p.servicePlanId)).map((p) => p.servicePlanId)
      : named;
    const span = this.resolveSpan(entry);
    if (span === false) return undefined;
    const resolved: ResolvedEntry = { skuId: sku.skuId, disabledPlans: [...new Set(disabledPlans)].sort(byId), mode };
    if (span !== undefined) resolved.span = span;
    // Only an entry that resolved silently may be reused: a warning must be given at every place.
    if (this.diagnostics.length === reported) this.entries.set(key, resolved);
    return resolved;
  }

  /**
   * An entry list (a profile's or a principal's own) with one entry per SKU; a second
   * entry for the same SKU is an error naming both.
   */
  resolveList(entries: readonly LicenseEntrySpec[], profile?: string): ResolvedProfile {
    // A principal holds a handful of SKUs: a scan beats a map per principal.
    const licenses: DesiredLicense[] = [];
    let ok = true;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as LicenseEntrySpec;
      const license = this.resolveEntry(entry, profile);
      if (!license) {
        ok = false;
        continue;
      }
      const first = licenses[indexOfSku(licenses, license.skuId)];
      if (first) {
        ok = false;
        this.error('duplicate-sku', `SKU ${quoteText(entry.sku.value)} is listed twice`, entry.sku.location, 'give each SKU one entry', [{ message: 'first listed here', location: first.source }]);
        continue;
      }
      licenses.push(license);
    }
    return { licenses: sortLicenses(licenses), ok };
  }

  /** A profile's licenses, resolved and reported on first use only. */
  resolveProfile(profile: ProfileSpec): ResolvedProfile {
    let resolved = this.profiles.get(profile.name);
    if (!resolved) {
      const list = this.resolveList(profile.licenses, profile.name);
      resolved = { licenses: list.licenses, ok: list.ok && !profile.incomplete };
      this.profiles.set(profile.name, resolved);
    }
    return resolved;
  }
}
