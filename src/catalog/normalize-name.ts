/**
 * The comparison form of a human-written name: Unicode-compatible (NBSP and friends become
 * spaces), whitespace collapsed, trimmed, lower-case. Part numbers, product names, plan names
 * and friendly names are all compared this way.
 */
export function normalizeName(name: string): string {
  let normal = seen.get(name);
  if (normal === undefined) {
    normal = name.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
    // Names repeat (every lookup normalises the catalogue's names); the cache stays bounded.
    if (seen.size >= 50_000) seen.clear();
    seen.set(name, normal);
  }
  return normal;
}

const seen = new Map<string, string>();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** True for a GUID such as a skuId, servicePlanId or object id (any letter case). */
export function isGuid(value: string): boolean {
  return GUID.test(value.trim());
}
