/** One license of an exported license set, by the names the file will show. */
export interface ExportLicense {
  sku: string;
  disabledPlans: string[];
  /** Instead of `disabledPlans`, when fewer plans are on than off: the only plans switched on. */
  enabledPlans?: string[];
}

const MAX_NAME = 60;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-+|-+$/gu, '') || 'x';
}

function licenseName(license: ExportLicense): string {
  const base = slug(license.sku);
  const on = license.enabledPlans;
  if (on !== undefined) return on.length <= 2 ? `${base}-only-${on.map(slug).join('-')}` : `${base}-${on.length}-plans-on`;
  const off = license.disabledPlans;
  if (off.length === 0) return base;
  if (off.length <= 2) return `${base}-no-${off.map(slug).join('-no-')}`;
  return `${base}-${off.length}-plans-off`;
}

function setName(licenses: readonly ExportLicense[]): string {
  const parts = licenses.map(licenseName);
  const name = parts.join('+');
  if (name.length <= MAX_NAME || parts.length <= 1) return name.slice(0, MAX_NAME);
  return `${parts[0] ?? ''}+${parts.length - 1}-more`.slice(0, MAX_NAME);
}

/**
 * Readable, unique, deterministic names for license sets (`spe-e3`, `spe-e3-no-sway`,
 * `spe-e3+power-bi-pro`); clashing names get `-2`, `-3` in the order of the sets' keys.
 */
export function nameExportProfiles(sets: ReadonlyMap<string, readonly ExportLicense[]>): Map<string, string> {
  const candidates = [...sets].map(([key, licenses]) => ({ key, name: setName(licenses) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const { key, name } of candidates) {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}-${n}`;
    taken.add(unique);
    names.set(key, unique);
  }
  return names;
}
