/** One target of the benchmarks: what was measured in this run against what it should be. */
export interface Verdict {
  what: string;
  measured: string;
  target: string;
  met: boolean;
}

export function verdict(what: string, measured: string, target: string, met: boolean): Verdict {
  return { what, measured, target, met };
}

/** `1.37x` */
export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** The targets as a table: one line each, met or MISSED. */
export function formatVerdicts(verdicts: readonly Verdict[]): string {
  const width = Math.max(...verdicts.map((v) => v.what.length));
  return verdicts.map((v) => `  ${v.met ? 'met   ' : 'MISSED'}  ${v.what.padEnd(width)}  ${v.measured} (target ${v.target})`).join('\n');
}

/** The middle value (the upper one of an even count); NaN when there is none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
