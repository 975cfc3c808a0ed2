import { joinAlternatives, quoteText, suggestNames } from '../catalog/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { FileConfig } from './read-file-config.js';
import type { Located, LoadedConfig, PrincipalSpec, ProfileSpec } from './loaded-config.js';
import { emptyLoadedConfig } from './loaded-config.js';

/**
 * Combines the files into one config: `profiles`, `users` and `groups` merge; `settings`
 * may come from one file only; `tenant` and `store` may repeat but must agree. Every clash
 * names both places.
 */

function twice(code: string, message: string, second: Located<unknown>['location'], first: Located<unknown>['location'], hint?: string): Diagnostic {
  return { severity: 'error', code, message, location: second, hint, related: [{ message: 'first given here', location: first }] };
}

function mergeSingle(config: LoadedConfig, file: FileConfig, diagnostics: Diagnostic[]): void {
  for (const key of ['tenant', 'store'] as const) {
    const next = file[key];
    const current = config[key];
    if (!next) continue;
    if (!current) config[key] = next;
    else if (current.value !== next.value) {
      diagnostics.push(twice(`conflicting-${key}`, `\`${key}\` is ${quoteText(next.value)} here but ${quoteText(current.value)} in another file`, next.location, current.location));
    }
  }
  if (!file.settings) return;
  if (config.settings) {
    diagnostics.push(twice('duplicate-settings', '`settings` may appear in one file only', file.settings.location, config.settings.location, 'keep all settings in one file'));
  } else config.settings = file.settings;
}

/** Printable ASCII without capitals or blanks: its own identity. `toLowerCase` allocates a new string even when nothing changes. */
const IDENTITY_FORM = /^[!-@[-~]*$/u;

/** The identity of a principal's key within its kind: users by UPN or object id, groups by display name or object id, case-insensitive. */
export function principalIdentity(principal: Pick<PrincipalSpec, 'kind' | 'key'>): string {
  if (IDENTITY_FORM.test(principal.key)) return principal.key;
  const key = principal.key.toLowerCase();
  const trimmed = key.length > 0 && (key.charCodeAt(0) <= 32 || key.charCodeAt(key.length - 1) <= 32) ? key.trim() : key;
  return trimmed;
}

/**
 * The principals of one kind merged so far, by identity. A file read from its tape has
 * distinct keys, and when every key is also written in identity form (lower case, no
 * surrounding blanks) its principals cannot clash with each other. Such a first file is
 * indexed only when a later file lists principals too: a single 100,000-user file then
 * costs no map of 100,000 entries.
 */
class PrincipalIndex {
  readonly list: PrincipalSpec[] = [];
  private readonly seen = new Map<string, PrincipalSpec>();
  private indexed = 0;

  merge(incoming: readonly PrincipalSpec[], distinctKeys: boolean, diagnostics: Diagnostic[]): void {
    if (incoming.length === 0) return;
    if (this.list.length === 0 && distinctKeys && incoming.every((p) => principalIdentity(p) === p.key)) {
      for (let i = 0; i < incoming.length; i++) this.list.push(incoming[i] as PrincipalSpec);
      return;
    }
    for (; this.indexed < this.list.length; this.indexed++) {
      const principal = this.list[this.indexed] as PrincipalSpec;
      this.seen.set(principalIdentity(principal), principal);
    }
    for (let i = 0; i < incoming.length; i++) this.add(incoming[i] as PrincipalSpec, diagnostics);
  }

  private add(principal: PrincipalSpec, diagnostics: Diagnostic[]): void {
    const id = principalIdentity(principal);
    const first = this.seen.get(id);
    if (first) {
      const same = first.key === principal.key ? '' : ` (as ${quoteText(first.key)})`;
      diagnostics.push(twice('duplicate-principal', `${principal.kind} ${quoteText(principal.key)} is listed twice${same}`, principal.location, first.location, 'list each user or group once; combine profiles with `profiles: [a, b]`'));
      return;
    }
    this.seen.set(id, principal);
    this.list.push(principal);
    this.indexed++;
  }
}

function mergeProfiles(profiles: Map<string, ProfileSpec>, incoming: ProfileSpec[], diagnostics: Diagnostic[]): void {
  for (const profile of incoming) {
    const first = profiles.get(profile.name);
    if (first) diagnostics.push(twice('duplicate-profile', `profile ${quoteText(profile.name)} is defined twice`, profile.location, first.location));
    else profiles.set(profile.name, profile);
  }
}

function unknownProfile(ref: Located<string>, names: readonly string[]): Diagnostic {
  const suggestions = suggestNames(ref.value, names);
  return {
    severity: 'error',
    code: 'unknown-profile',
    message: `unknown profile ${quoteText(ref.value)}`,
    location: ref.location,
    hint: suggestions.length > 0
      ? `did you mean ${joinAlternatives(suggestions)}?`
      : names.length > 0 ? `defined profiles: ${names.slice(0, 10).join(', ')}` : 'no profiles are defined; add them under `profiles:`',
  };
}

function checkProfileReferences(config: LoadedConfig, diagnostics: Diagnostic[]): void {
  const names = [...config.profiles.keys()];
  // Indexed loops, here and over principals elsewhere: they run once per load, mostly before
  // the optimizing compiler takes over, when `for...of` allocates a result object per step.
  for (const principals of [config.users, config.groups]) {
    for (let i = 0; i < principals.length; i++) {
      const refs = (principals[i] as PrincipalSpec).profiles;
      for (let r = 0; r < refs.length; r++) {
        const ref = refs[r] as Located<string>;
        if (!config.profiles.has(ref.value)) diagnostics.push(unknownProfile(ref, names));
      }
    }
  }
}

/** Merges the files' contributions in load order and reports clashes between them. */
export function mergeFileConfigs(files: readonly FileConfig[]): { config: LoadedConfig; diagnostics: Diagnostic[] } {
  const config = emptyLoadedConfig();
  const diagnostics: Diagnostic[] = [];
  const users = new PrincipalIndex();
  const groups = new PrincipalIndex();
  for (const file of files) {
    config.files.push(file.file);
    mergeSingle(config, file, diagnostics);
    mergeProfiles(config.profiles, file.profiles, diagnostics);
    users.merge(file.users, file.distinctKeys === true, diagnostics);
    groups.merge(file.groups, file.distinctKeys === true, diagnostics);
  }
  config.users = users.list;
  config.groups = groups.list;
  checkProfileReferences(config, diagnostics);
  return { config, diagnostics };
}
