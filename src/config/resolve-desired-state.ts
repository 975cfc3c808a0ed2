import { isAbsolute, resolve, dirname } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import { quoteText } from '../catalog/index.js';
import type { DesiredLicense, DesiredPrincipal, DesiredSettings, DesiredState } from '../model/desired.js';
import { DEFAULT_MAX_REMOVALS } from '../model/desired.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SubscribedSku } from '../model/tenant.js';
import { checkTimeZone } from './license-bounds.js';
import { LicenseResolver } from './license-resolver.js';
import { resolvePricing } from './resolve-pricing.js';
import { warnExpiredEntries } from './warn-expired-entries.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import { indexOfSku, sortLicenses } from './sort-licenses.js';
import type { ResolverOptions } from './license-resolver.js';
import type { Located, LoadedConfig, PrincipalSpec } from './loaded-config.js';

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A principal's own copy: planners may keep or change it without touching other principals.
 * Written as one literal per shape: a property added afterwards costs every copy an extra
 * property store, and there is a copy per license per user.
 */
function copyLicense(license: DesiredLicense): DesiredLicense {
  const { skuId, mode, source, profile } = license;
  const disabledPlans = license.disabledPlans.slice();
  const copy: DesiredLicense = profile === undefined ? { skuId, disabledPlans, mode, source } : { skuId, disabledPlans, mode, source, profile };
  // Time-bound entries are rare; the common copy keeps its shape.
  if (license.from === undefined && license.until === undefined) return copy;
  if (license.from !== undefined) copy.from = license.from;
  if (license.until !== undefined) copy.until = license.until;
  return copy;
}

function twoProfiles(spec: PrincipalSpec, other: DesiredLicense, license: DesiredLicense, profile: string): Diagnostic {
  return {
    severity: 'error',
    code: 'sku-from-two-profiles',
    message: `${spec.kind} ${quoteText(spec.key)} gets the same SKU from profiles ${quoteText(other.profile ?? '')} and ${quoteText(profile)}`,
    location: spec.location,
    hint: 'a SKU may come from one profile only; give the principal its own `licenses` entry for that SKU, or split the profiles',
    related: [other.source, license.source].map((location) => ({ message: 'the SKU is given here', location })),
  };
}

/** What a principal gets of a profile's license: its own copy, or (when the result is only checked) the profile's. */
type TakeLicense = (license: DesiredLicense) => DesiredLicense;

function shareLicense(license: DesiredLicense): DesiredLicense {
  return license;
}

/**
 * Options of {@link resolveDesiredState}. `shareLicenses`: principals take their profiles'
 * license objects (and a profile-only principal the profile's list) instead of copies, for a
 * caller that only reads the diagnostics and never plans or changes the result, such as
 * offline validation; on a large file the copies are a large part of resolution's work.
 */
export interface ResolveOptions extends ResolverOptions {
  shareLicenses?: boolean;
}

/** Profiles first (in the order given), then the principal's own entries, which replace a profile's entry for the same SKU. */
function resolvePrincipal(spec: PrincipalSpec, config: LoadedConfig, resolver: LicenseResolver, take: TakeLicense, diagnostics: Diagnostic[]): DesiredPrincipal | undefined {
  const only = spec.profiles[0];
  if (!spec.incomplete && only && spec.profiles.length === 1 && spec.licenses.length === 0) {
    // The common shorthand `alice: knowledge-worker`: the profile's licenses, already sorted.
    const profile = config.profiles.get(only.value);
    const resolved = profile && resolver.resolveProfile(profile);
    if (!resolved?.ok) return undefined;
    const licenses = take === shareLicense ? resolved.licenses : resolved.licenses.map(take);
    return { kind: spec.kind, key: spec.key, licenses, source: spec.location };
  }
  const licenses = resolveLicenses(spec, config, resolver, take, diagnostics);
  return licenses && { kind: spec.kind, key: spec.key, licenses, source: spec.location };
}

/**
 * A principal's licenses from its profiles and its own entries, or undefined when any does
 * not resolve (reported). A principal holds a handful of SKUs: scans beat a map per principal.
 */
function resolveLicenses(spec: PrincipalSpec, config: LoadedConfig, resolver: LicenseResolver, take: TakeLicense, diagnostics: Diagnostic[]): DesiredLicense[] | undefined {
  let ok = !spec.incomplete;
  const licenses: DesiredLicense[] = [];
  for (let p = 0; p < spec.profiles.length; p++) {
    const ref = spec.profiles[p] as Located<string>;
    const profile = config.profiles.get(ref.value);
    const resolved = profile && resolver.resolveProfile(profile);
    if (!resolved?.ok) ok = false;
    const given = resolved?.licenses ?? [];
    for (let l = 0; l < given.length; l++) {
      const license = given[l] as DesiredLicense;
      const other = licenses[indexOfSku(licenses, license.skuId)];
      if (other) {
        ok = false;
        diagnostics.push(twoProfiles(spec, other, license, ref.value));
      } else licenses.push(take(license));
    }
  }
  if (spec.licenses.length > 0) {
    const own = resolver.resolveList(spec.licenses);
    if (!own.ok) ok = false;
    for (let l = 0; l < own.licenses.length; l++) {
      const license = own.licenses[l] as DesiredLicense;
      const replaced = indexOfSku(licenses, license.skuId);
      if (replaced >= 0) licenses[replaced] = license;
      else licenses.push(license);
    }
  }
  // A copy at its final length: the list grew by push, and the principal keeps it for the whole run.
  return ok ? sortLicenses(licenses.slice()) : undefined;
}

function resolvePrincipals(specs: readonly PrincipalSpec[], config: LoadedConfig, resolver: LicenseResolver, take: TakeLicense, diagnostics: Diagnostic[]): DesiredPrincipal[] {
  const resolved: DesiredPrincipal[] = [];
  // Indexed: this runs once per load, mostly before the optimizing compiler takes over, when
  // `for...of` allocates a result object per step.
  for (let i = 0; i < specs.length; i++) {
    const principal = resolvePrincipal(specs[i] as PrincipalSpec, config, resolver, take, diagnostics);
    if (principal) resolved.push(principal);
  }
  return resolved;
}

function resolveSettings(config: LoadedConfig, resolver: LicenseResolver, timeZone: string | undefined, diagnostics: Diagnostic[]): DesiredSettings {
  const spec = config.settings;
  const explicit = spec?.managedSkus;
  const managed = explicit
    ? explicit.map((name) => resolver.resolveSku(name)?.skuId).filter((id) => id !== undefined)
    : [...resolver.namedSkuIds];
  const seatReserve: Record<string, number> = {};
  const reservedAt = new Map<string, Diagnostic['location']>();
  for (const reserve of spec?.seatReserve ?? []) {
    const sku = resolver.resolveSku(reserve.sku);
    if (!sku) continue;
    const first = reservedAt.get(sku.skuId);
    if (first) {
      diagnostics.push({ severity: 'error', code: 'duplicate-sku', message: `seats of ${quoteText(reserve.sku.value)} are reserved twice`, location: reserve.sku.location, related: [{ message: 'first reserved here', location: first }] });
      continue;
    }
    reservedAt.set(sku.skuId, reserve.sku.location);
    seatReserve[sku.skuId] = reserve.seats;
  }
  const settings: DesiredSettings = {
    managedSkuIds: [...new Set(managed)].sort(byText),
    managedSkusExplicit: explicit !== undefined,
    prune: spec?.prune ?? false,
    maxRemovals: spec?.maxRemovals ?? DEFAULT_MAX_REMOVALS,
    seatReserve,
    ...resolvePricing(spec, resolver, diagnostics),
  };
  if (spec?.lookahead !== undefined) settings.lookaheadDays = spec.lookahead;
  if (timeZone !== undefined) settings.timeZone = timeZone;
  if (spec?.graceSeatsAreFree !== undefined) settings.graceSeatsAreFree = spec.graceSeatsAreFree;
  if (spec) settings.source = spec.location;
  if (spec?.suspend !== undefined) settings.suspend = spec.suspend;
  return settings;
}

/** `settings.timeZone` checked against the IANA database; undefined when not given or wrong (reported). */
function resolveTimeZone(config: LoadedConfig, diagnostics: Diagnostic[]): string | undefined {
  const written = config.settings?.timeZone;
  if (written === undefined) return undefined;
  const checked = checkTimeZone(written.value);
  if (checked.ok) return checked.timeZone;
  diagnostics.push({ severity: 'error', code: 'unknown-time-zone', message: checked.message, location: written.location, hint: checked.hint });
  return undefined;
}

/** Warns where a listed SKU lies outside an explicit `managedSkus`: skuform will not touch it. */
function warnUnmanaged(lists: readonly (readonly DesiredPrincipal[])[], settings: DesiredSettings, diagnostics: Diagnostic[]): void {
  if (!settings.managedSkusExplicit) return;
  const managed = new Set(settings.managedSkuIds);
  // Licenses from one profile entry share its source object: warn once per entry.
  const warned = new Set<object>();
  const warn = (license: DesiredLicense): void => {
    if (managed.has(license.skuId) || warned.has(license.source)) return;
    warned.add(license.source);
    diagnostics.push({
      severity: 'warning',
      code: 'unmanaged-sku',
      message: 'this SKU is not in `settings.managedSkus`, so skuform will not change it',
      location: license.source,
      hint: 'add it to `managedSkus`, or remove the entry',
    });
  };
  for (const list of lists) list.forEach((principal) => principal.licenses.forEach(warn));
}

function resolveStore(config: LoadedConfig): DesiredState['store'] {
  const store = config.store;
  if (!store) return undefined;
  const path = store.value.startsWith('file:') ? store.value.slice('file:'.length) : undefined;
  if (path === undefined || isAbsolute(path)) return { value: store.value, source: store.location };
  return { value: `file:${resolve(store.baseDir ?? dirname(store.location.file), path)}`, source: store.location };
}

/**
 * Resolves a loaded config's names against a SKU list — the tenant's subscribed SKUs, or
 * `catalogAsSubscribedSkus(catalog)` for offline validation (pass `{ offline: true }`).
 * Principals whose licenses do not fully resolve are left out and reported; a result with
 * error diagnostics must not be planned.
 */
export function resolveDesiredState(
  loaded: LoadedConfig,
  skus: readonly SubscribedSku[],
  catalog: Catalog,
  options: ResolveOptions = {},
): { desired: DesiredState; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const timeZone = resolveTimeZone(loaded, diagnostics);
  const resolver = new LicenseResolver(skus, catalog, timeZone === undefined ? options : { ...options, timeZone });
  if (options.offline) resolver.preferSkus(loaded.settings?.managedSkus ?? []);
  for (const profile of loaded.profiles.values()) resolver.resolveProfile(profile);
  const take = options.shareLicenses === true ? shareLicense : copyLicense;
  const users = resolvePrincipals(loaded.users, loaded, resolver, take, diagnostics);
  const groups = resolvePrincipals(loaded.groups, loaded, resolver, take, diagnostics);
  const settings = resolveSettings(loaded, resolver, timeZone, diagnostics);
  warnUnmanaged([users, groups], settings, diagnostics);
  if (options.now !== undefined) warnExpiredEntries([users, groups], options.now, diagnostics);
  const desired: DesiredState = { settings, users, groups, files: [...loaded.files] };
  if (loaded.tenant) desired.tenant = { value: loaded.tenant.value, source: loaded.tenant.location };
  const store = resolveStore(loaded);
  if (store) desired.store = store;
  return { desired, diagnostics: sortDiagnostics([...resolver.diagnostics, ...diagnostics], loaded.files) };
}
