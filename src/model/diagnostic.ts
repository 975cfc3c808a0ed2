/**
 * Problems a user can fix. They are collected and returned, never thrown, and printed in the
 * compiler convention `path:line:col: error: message` that editors and CI problem matchers read.
 */

/** A place in a desired-state file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case identifier, e.g. `unknown-sku`, `duplicate-principal`. */
  code: string;
  message: string;
  /** Where the problem is; absent for problems that belong to no file (e.g. no config found). */
  location?: SourceLocation;
  /** What to do about it. */
  hint?: string;
  /** Other places involved, e.g. the first listing of a principal listed twice. */
  related?: { message: string; location: SourceLocation }[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
