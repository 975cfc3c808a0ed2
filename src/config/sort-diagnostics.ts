import type { Diagnostic } from '../model/diagnostic.js';

/** Orders diagnostics by file (in load order), line, column; those without a place first. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], files: readonly string[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f, i]));
  const rank = (d: Diagnostic): number[] => (d.location
    ? [order.get(d.location.file) ?? files.length, d.location.line, d.location.column]
    : [-1, 0, 0]);
  return diagnostics
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => (a.r[0] ?? 0) - (b.r[0] ?? 0) || (a.r[1] ?? 0) - (b.r[1] ?? 0) || (a.r[2] ?? 0) - (b.r[2] ?? 0) || a.i - b.i)
    .map((x) => x.d);
}
