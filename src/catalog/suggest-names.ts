import { normalizeName } from './normalize-name.js';

/**
 * Edit distance with adjacent transpositions (optimal string alignment), on the given
 * strings. With `max`, gives up early and returns `max + 1` once the distance must exceed it.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let lastLow = 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (prev2[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    // A transposition reaches back two rows, so two rows past the limit end the search.
    const low = Math.min(...row);
    if (low > max && lastLow > max) return max + 1;
    lastLow = low;
    prev2 = prev;
    prev = row;
  }
  const distance = prev[b.length] ?? 0;
  return distance > max ? max + 1 : distance;
}

/**
 * "Did you mean" candidates for a name nobody knows: the closest 1-3 by edit distance
 * (case- and space-insensitive), or, when none is close, names that contain what was typed
 * (so `E3` suggests `SPE_E3`). Deterministic: ties go to the shorter, then ordinal order.
 */
export function suggestNames(query: string, candidates: Iterable<string>, max = 3): string[] {
  const q = normalizeName(query);
  if (q === '') return [];
  const byNorm = new Map<string, string>();
  for (const name of candidates) {
    const norm = normalizeName(name);
    if (norm !== '' && !byNorm.has(norm)) byNorm.set(norm, name);
  }
  const scored = [...byNorm].map(([norm, name]) => ({ name, norm }));
  const limit = Math.max(1, Math.floor(Math.max(q.length, 3) * 0.34));
  const close = scored
    .map((c) => ({ ...c, distance: editDistance(q, c.norm, limit) }))
    .filter((c) => c.distance <= limit);
  const pool = close.length > 0
    ? close
    : scored.filter((c) => q.length >= 2 && c.norm.includes(q)).map((c) => ({ ...c, distance: c.norm.length - q.length }));
  return pool
    .sort((x, y) => x.distance - y.distance || x.name.length - y.name.length || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, max)
    .map((c) => c.name);
}

/** `A`, `A or B`, `A, B or C` — for "did you mean" hints. */
export function joinAlternatives(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}
