import type { PrincipalKind } from '../model/desired.js';
import { conformsApartFromPrincipals, conformsAsPrincipal } from './config-schema.js';
import { LocatedAt } from './loaded-config.js';
import type { LicenseEntrySpec, Located, PlanListMode, PrincipalSpec, ProfileSpec, SettingsSpec } from './loaded-config.js';
import { billingOf, countOf, priceText, storeText } from './read-file-config.js';
import type { FileConfig, Locate } from './read-file-config.js';
import type { YamlTape } from './yaml-tape.js';

/**
 * `readFileConfig` for the common case, a document that conforms to the schema, read from
 * its tape (yaml-tape.ts) instead of a tree of located nodes. Conformance is checked here,
 * principal by principal as they are read, and it settles every question of shape that
 * `readFileConfig` asks: nothing is malformed or partial, no name is blank, an entry has at
 * most one plan list. The result equals what `readFileConfig` gives for the same document
 * (a test compares them); for a document that does not conform the result is undefined and
 * the caller takes the general path, which reports why.
 */

type Seats = SettingsSpec['seatReserve'];

/** The own entries of every `alice: knowledge-worker`: one frozen list rather than one each. */
const NO_ENTRIES = Object.freeze([]) as unknown as LicenseEntrySpec[];

class TapeReader {
  private readonly verdicts = new Map<unknown, boolean>();

  constructor(private readonly tape: YamlTape, private readonly locate: Locate) {}

  /** The principals of a mapping, or undefined at the first value that does not conform. */
  principals(kind: PrincipalKind, map: number): PrincipalSpec[] | undefined {
    const tape = this.tape;
    const out = new Array<PrincipalSpec>(tape.count(map) / 2);
    let n = 0;
    for (let key = tape.first(map); key < tape.end(map); key = tape.after(tape.after(key))) {
      if (!this.conforms(tape.value(tape.after(key)))) return undefined;
      out[n++] = this.principal(kind, key);
    }
    return out;
  }

  profiles(map: number): ProfileSpec[] {
    const tape = this.tape;
    const out: ProfileSpec[] = [];
    for (let key = tape.first(map); key < tape.end(map); key = tape.after(tape.after(key))) {
      out.push({ name: tape.key(key), licenses: this.licenseList(tape.after(key)), location: this.locate(tape.keyOffset(key)) });
    }
    return out;
  }

  settings(settingsKey: number): SettingsSpec {
    const tape = this.tape;
    const map = tape.after(settingsKey);
    let managedSkus: Located<string>[] | undefined;
    let prune: boolean | undefined;
    let maxRemovals: number | undefined;
    let suspend: boolean | undefined;
    let graceSeatsAreFree: boolean | undefined;
    const seatReserve: Seats = [];
    const spec: Partial<SettingsSpec> = {};
    for (let key = tape.first(map); key < tape.end(map); key = tape.after(tape.after(key))) {
      const value = tape.after(key);
      switch (tape.key(key)) {
        case 'managedSkus': managedSkus = this.names(value); break;
        case 'prune': prune = tape.value(value) as boolean; break;
        case 'maxRemovals': maxRemovals = countOf(tape.value(value)); break;
        case 'suspend': suspend = tape.value(value) as boolean; break;
        case 'graceSeatsAreFree': graceSeatsAreFree = tape.value(value) as boolean; break;
        case 'seatReserve': this.readSeatReserve(value, seatReserve); break;
        case 'prices': spec.prices = this.prices(value); break;
        case 'currency': spec.currency = this.text(value); break;
        case 'billing': spec.billing = billingOf(tape.value(value)); break;
        case 'lookahead': spec.lookahead = countOf(tape.value(value)); break;
        case 'timeZone': spec.timeZone = this.text(value); break;
        default: break;
      }
    }
    return { managedSkus, prune, maxRemovals, ...(suspend === undefined ? {} : { suspend }), seatReserve, ...(graceSeatsAreFree === undefined ? {} : { graceSeatsAreFree }), ...spec, location: this.locate(tape.keyOffset(settingsKey)) };
  }

  /** `prices` (the schema guarantees a mapping of non-negative numbers or decimal text). */
  private prices(map: number): NonNullable<SettingsSpec['prices']> {
    const tape = this.tape;
    const out: NonNullable<SettingsSpec['prices']> = [];
    for (let key = tape.first(map); key < tape.end(map); key = tape.after(tape.after(key))) {
      const value = tape.after(key);
      const price = priceText(tape.value(value));
      if (price !== undefined) out.push({ sku: { value: tape.key(key), location: this.locate(tape.keyOffset(key)) }, price: { value: price, location: this.locate(tape.offset(value)) } });
    }
    return out;
  }

  /** A string value (the schema guarantees a string) where it is written. */
  text(node: number): Located<string> {
    return { value: this.tape.value(node) as string, location: this.locate(this.tape.offset(node)) };
  }

  /**
   * Whether a principal's value conforms. A scalar's verdict depends on the scalar alone, so
   * the few profile names that most users are written with are checked once each.
   */
  private conforms(value: unknown): boolean {
    if (typeof value === 'object' && value !== null) return conformsAsPrincipal(value);
    let verdict = this.verdicts.get(value);
    if (verdict === undefined) {
      verdict = conformsAsPrincipal(value);
      this.verdicts.set(value, verdict);
    }
    return verdict;
  }

  private principal(kind: PrincipalKind, key: number): PrincipalSpec {
    const tape = this.tape;
    const value = tape.after(key);
    const location = this.locate(tape.keyOffset(key));
    switch (tape.kind(value)) {
      case 'scalar': return { kind, key: tape.key(key), profiles: [this.name(value)], licenses: NO_ENTRIES, location };
      case 'seq': return { kind, key: tape.key(key), profiles: [], licenses: this.licenseList(value), location };
      case 'map': {
        let profiles: Located<string>[] = [];
        let licenses: LicenseEntrySpec[] = [];
        for (let part = tape.first(value); part < tape.end(value); part = tape.after(tape.after(part))) {
          if (tape.key(part) === 'profiles') profiles = this.names(tape.after(part));
          else licenses = this.licenseList(tape.after(part));
        }
        return { kind, key: tape.key(key), profiles, licenses, location };
      }
    }
  }

  private licenseList(seq: number): LicenseEntrySpec[] {
    // Lists are allocated at their final length: grown by push, each would keep room for 16.
    const out = new Array<LicenseEntrySpec>(this.tape.count(seq));
    let n = 0;
    for (let item = this.tape.first(seq); item < this.tape.end(seq); item = this.tape.after(item)) out[n++] = this.licenseEntry(item);
    return out;
  }

  private licenseEntry(map: number): LicenseEntrySpec {
    const tape = this.tape;
    let sku: Located<string> | undefined;
    let plans: { mode: PlanListMode; key: number } | undefined;
    let span: Pick<LicenseEntrySpec, 'from' | 'until'> | undefined;
    for (let key = tape.first(map); key < tape.end(map); key = tape.after(tape.after(key))) {
      const name = tape.key(key);
      if (name === 'sku') sku = this.name(tape.after(key));
      else if (name === 'from' || name === 'until') (span ??= {})[name] = this.text(tape.after(key));
      else plans = { mode: name as PlanListMode, key };
    }
    // The schema requires `sku`.
    const required = sku as Located<string>;
    const location = this.locate(tape.offset(map));
    // Time-bound entries are rare: the common entry keeps its two- or three-property shape.
    if (!plans) return span === undefined ? { sku: required, location } : { sku: required, location, ...span };
    const names = this.names(tape.after(plans.key));
    const entry: LicenseEntrySpec = { sku: required, plans: { mode: plans.mode, names, location: this.locate(tape.keyOffset(plans.key)) }, location };
    return span === undefined ? entry : { ...entry, ...span };
  }

  private names(seq: number): Located<string>[] {
    const out = new Array<Located<string>>(this.tape.count(seq));
    let n = 0;
    for (let item = this.tape.first(seq); item < this.tape.end(seq); item = this.tape.after(item)) out[n++] = this.name(item);
    return out;
  }

  /** A name (profile, SKU or plan) where it is written; located only if a diagnostic needs it. */
  private name(node: number): Located<string> {
    return new LocatedAt(this.tape.value(node) as string, this.tape.offset(node), this.locate);
  }

  private readSeatReserve(map: number, out: Seats): void {
    const tape = this.tape;
    for (let key = tape.first(map); key < tape.end(map); key = tape.after(tape.after(key))) {
      const seats = countOf(tape.value(tape.after(key)));
      if (seats !== undefined) out.push({ sku: { value: tape.key(key), location: this.locate(tape.keyOffset(key)) }, seats });
    }
  }
}

/** The root mapping's keys (the tape has no duplicates), each to its key node. */
function topLevelKeys(tape: YamlTape): Map<string, number> {
  const keys = new Map<string, number>();
  for (let key = tape.first(tape.root); key < tape.end(tape.root); key = tape.after(tape.after(key))) keys.set(tape.key(key), key);
  return keys;
}

/**
 * The usable parts of a document read from its tape, or undefined when the document does
 * not conform to the schema (then `readFileConfig` and the schema's errors take over).
 */
export function readConformingFileConfig(file: string, tape: YamlTape, locate: Locate, baseDir?: string): FileConfig | undefined {
  if (!conformsApartFromPrincipals(tape.value(tape.root) as Record<string, unknown>)) return undefined;
  const reader = new TapeReader(tape, locate);
  const top = topLevelKeys(tape);
  const value = (key: string): number | undefined => {
    const at = top.get(key);
    return at === undefined ? undefined : tape.after(at);
  };
  const usersMap = value('users');
  const groupsMap = value('groups');
  const users = usersMap === undefined ? [] : reader.principals('user', usersMap);
  const groups = groupsMap === undefined ? [] : reader.principals('group', groupsMap);
  if (!users || !groups) return undefined;
  const tenant = value('tenant');
  const store = value('store');
  const settings = top.get('settings');
  const profiles = value('profiles');
  return {
    file,
    tenant: tenant === undefined ? undefined : reader.text(tenant),
    store: storeText(store === undefined ? undefined : reader.text(store), baseDir),
    settings: settings === undefined ? undefined : reader.settings(settings),
    profiles: profiles === undefined ? [] : reader.profiles(profiles),
    users,
    groups,
    empty: false,
    // The tape holds no duplicated key, and no conforming principal is stored without events.
    distinctKeys: true,
  };
}
