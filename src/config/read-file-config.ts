import type { PrincipalKind } from '../model/desired.js';
import type { SourceLocation } from '../model/diagnostic.js';
import type { LicenseEntrySpec, Located, PrincipalSpec, ProfileSpec, SettingsSpec } from './loaded-config.js';
import type { YamlEntry, YamlMap, YamlNode } from './yaml-node.js';
import { findEntry } from './yaml-node.js';

/**
 * Reads the parts of one file's document that have the right shape. Shape errors were
 * already reported by the schema; whatever does not fit is skipped here, never guessed.
 */

/** Where things are in one file. */
export type Locate = (offset: number) => SourceLocation;

/** One file's contribution, with the location of each top-level key. */
export interface FileConfig {
  file: string;
  tenant?: Located<string>;
  store?: Located<string> & { baseDir?: string };
  settings?: SettingsSpec;
  profiles: ProfileSpec[];
  users: PrincipalSpec[];
  groups: PrincipalSpec[];
  /** True when the file holds no document at all. */
  empty: boolean;
  /** The principals' keys are known to differ from each other (a file read from its tape). */
  distinctKeys?: boolean;
}

function map(node: YamlNode | undefined): YamlMap | undefined {
  return node?.kind === 'map' ? node : undefined;
}

function text(node: YamlNode | undefined, locate: Locate): Located<string> | undefined {
  // Blank names pass through: resolution reports them (`unknown SKU ' '`) rather than losing them quietly.
  return node?.kind === 'scalar' && typeof node.value === 'string' && node.value !== ''
    ? { value: node.value, location: locate(node.offset) }
    : undefined;
}

function texts(node: YamlNode | undefined, locate: Locate): Located<string>[] | undefined {
  if (node?.kind !== 'seq') return undefined;
  return node.items.map((item) => text(item, locate)).filter((t) => t !== undefined);
}

const ENTRY_KEYS = new Set(['sku', 'disabledPlans', 'enabledPlans', 'from', 'until']);

/** `from`/`until` of an entry, when written as text; undefined values are left out. */
function bounds(entry: YamlMap, locate: Locate): Pick<LicenseEntrySpec, 'from' | 'until'> {
  const from = text(findEntry(entry, 'from')?.value, locate);
  const until = text(findEntry(entry, 'until')?.value, locate);
  return { ...(from && { from }), ...(until && { until }) };
}

/** A license entry, or undefined when any part of it is malformed (a partial entry would change plans silently). */
function licenseEntry(node: YamlNode, locate: Locate): LicenseEntrySpec | undefined {
  const entry = map(node);
  const sku = text(entry && findEntry(entry, 'sku')?.value, locate);
  if (!entry || !sku || entry.entries.some((e) => !ENTRY_KEYS.has(e.key))) return undefined;
  const modes = (['disabledPlans', 'enabledPlans'] as const).filter((m) => findEntry(entry, m));
  const [mode] = modes;
  if (modes.length > 1) return undefined;
  const span = bounds(entry, locate);
  for (const key of ['from', 'until'] as const) if (findEntry(entry, key) && !span[key]) return undefined;
  if (!mode) return { sku, location: locate(entry.offset), ...span };
  const list = findEntry(entry, mode);
  const names = texts(list?.value, locate);
  if (!list || !names || list.value.kind !== 'seq' || names.length !== list.value.items.length) return undefined;
  return { sku, plans: { mode, names, location: locate(list.keyOffset) }, location: locate(entry.offset), ...span };
}

interface Entries {
  entries: LicenseEntrySpec[];
  complete: boolean;
}

function licenseList(node: YamlNode | undefined, locate: Locate): Entries | undefined {
  if (node?.kind !== 'seq') return undefined;
  const entries = node.items.map((item) => licenseEntry(item, locate)).filter((e) => e !== undefined);
  return { entries, complete: entries.length === node.items.length };
}

function complete<T extends object>(spec: T, ok: boolean): T {
  return ok ? spec : { ...spec, incomplete: true };
}

const PRINCIPAL_KEYS = new Set(['profiles', 'licenses']);

/** The `{ profiles, licenses }` form; any malformed part makes the whole principal incomplete. */
function principalObject(kind: PrincipalKind, entry: YamlEntry, object: YamlMap, locate: Locate): PrincipalSpec {
  const profilesNode = findEntry(object, 'profiles')?.value;
  const licensesNode = findEntry(object, 'licenses')?.value;
  const names = profilesNode && texts(profilesNode, locate);
  const own = licensesNode && licenseList(licensesNode, locate);
  const ok = (!profilesNode || (names !== undefined && profilesNode.kind === 'seq' && names.length === profilesNode.items.length))
    && (!licensesNode || own?.complete === true)
    && object.entries.every((e) => PRINCIPAL_KEYS.has(e.key));
  const spec: PrincipalSpec = { kind, key: entry.key, profiles: names ?? [], licenses: own?.entries ?? [], location: locate(entry.keyOffset) };
  return complete(spec, ok);
}

function principal(kind: PrincipalKind, entry: YamlEntry, locate: Locate): PrincipalSpec | undefined {
  const value = entry.value;
  if (value.kind === 'scalar') {
    const location = locate(entry.keyOffset);
    const shorthand = text(value, locate);
    return shorthand ? { kind, key: entry.key, profiles: [shorthand], licenses: [], location } : undefined;
  }
  if (value.kind === 'map') return principalObject(kind, entry, value, locate);
  const location = locate(entry.keyOffset);
  const list = licenseList(value, locate);
  return list && complete({ kind, key: entry.key, profiles: [], licenses: list.entries, location }, list.complete);
}

function principals(kind: PrincipalKind, node: YamlNode | undefined, locate: Locate): PrincipalSpec[] {
  const out: PrincipalSpec[] = [];
  for (const entry of map(node)?.entries ?? []) {
    const spec = principal(kind, entry, locate);
    if (spec) out.push(spec);
  }
  return out;
}

function profiles(node: YamlNode | undefined, locate: Locate): ProfileSpec[] {
  return (map(node)?.entries ?? []).flatMap((e) => {
    if (e.key === '') return [];
    const list = licenseList(e.value, locate);
    return [complete({ name: e.key, licenses: list?.entries ?? [], location: locate(e.keyOffset) }, list?.complete === true)];
  });
}

/** A count (`maxRemovals`, seats) as read: a whole number from 0, else undefined. */
export function countOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function count(node: YamlNode | undefined): number | undefined {
  return countOf(node?.kind === 'scalar' ? node.value : undefined);
}

/** A price as decimal text: a YAML number in its shortest exact form, or the text as written; undefined when it is neither. */
export function priceText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? String(value) : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function prices(node: YamlNode | undefined, locate: Locate): SettingsSpec['prices'] {
  const entries = map(node)?.entries;
  if (!entries) return undefined;
  return entries.flatMap((e) => {
    const price = e.value.kind === 'scalar' ? priceText(e.value.value) : undefined;
    return price === undefined ? [] : [{ sku: { value: e.key, location: locate(e.keyOffset) }, price: { value: price, location: locate(e.value.offset) } }];
  });
}

/** `billing` when it is one of the allowed words. */
export function billingOf(value: unknown): SettingsSpec['billing'] {
  return value === 'monthly' || value === 'annual' ? value : undefined;
}

function settings(entry: YamlEntry | undefined, locate: Locate): SettingsSpec | undefined {
  const node = map(entry?.value);
  if (!entry || !node) return undefined;
  const prune = findEntry(node, 'prune')?.value;
  const suspend = findEntry(node, 'suspend')?.value;
  const grace = findEntry(node, 'graceSeatsAreFree')?.value;
  const reserve = map(findEntry(node, 'seatReserve')?.value)?.entries ?? [];
  const managed = findEntry(node, 'managedSkus')?.value;
  const billing = findEntry(node, 'billing')?.value;
  return {
    managedSkus: texts(managed, locate),
    prune: prune?.kind === 'scalar' && typeof prune.value === 'boolean' ? prune.value : undefined,
    maxRemovals: count(findEntry(node, 'maxRemovals')?.value),
    ...(suspend?.kind === 'scalar' && typeof suspend.value === 'boolean' ? { suspend: suspend.value } : {}),
    seatReserve: reserve.flatMap((e) => {
      const seats = count(e.value);
      return seats === undefined ? [] : [{ sku: { value: e.key, location: locate(e.keyOffset) }, seats }];
    }),
    prices: prices(findEntry(node, 'prices')?.value, locate),
    currency: text(findEntry(node, 'currency')?.value, locate),
    billing: billingOf(billing?.kind === 'scalar' ? billing.value : undefined),
    lookahead: count(findEntry(node, 'lookahead')?.value),
    timeZone: text(findEntry(node, 'timeZone')?.value, locate),
    ...(grace?.kind === 'scalar' && typeof grace.value === 'boolean' ? { graceSeatsAreFree: grace.value } : {}),
    location: locate(entry.keyOffset),
  };
}

/** `store:` as read, with the directory a relative `file:` path is relative to; undefined when it is not a store. */
export function storeText(store: Located<string> | undefined, baseDir: string | undefined): FileConfig['store'] {
  if (!store || !/^(file:.+|graph)$/u.test(store.value)) return undefined;
  return baseDir === undefined ? store : { ...store, baseDir };
}

/** The usable parts of one file's document. */
export function readFileConfig(file: string, root: YamlNode | undefined, locate: Locate, baseDir?: string): FileConfig {
  const top = map(root);
  const at = (key: string): YamlEntry | undefined => (top ? findEntry(top, key) : undefined);
  return {
    file,
    tenant: text(at('tenant')?.value, locate),
    store: storeText(text(at('store')?.value, locate), baseDir),
    settings: settings(at('settings'), locate),
    profiles: profiles(at('profiles')?.value, locate),
    users: principals('user', at('users')?.value, locate),
    groups: principals('group', at('groups')?.value, locate),
    empty: root === undefined,
  };
}
