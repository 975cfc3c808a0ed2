import { UsageError } from './exit-codes.js';

export type PlanFormat = 'text' | 'json' | 'markdown' | 'diff';

const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'json', 'markdown', 'diff'];

export function parsePlanFormat(value: string | undefined): PlanFormat {
  const format = (value ?? 'text').toLowerCase();
  if ((PLAN_FORMATS as readonly string[]).includes(format)) return format as PlanFormat;
  throw new UsageError(`Unknown format "${value}".`, { hint: `Use --format ${PLAN_FORMATS.join(', ')}.` });
}

/** Parses a positive whole number flag such as `--concurrency 8`. */
export function parseCount(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} needs a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${value}".`);
  }
  return n;
}

/** Parses a duration such as `90s`, `5m`, `2h` or plain seconds into milliseconds. */
export function parseDuration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new UsageError(`${flag} needs a duration such as 90s, 5m or 2h, got "${value}".`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

/**
 * Parses `--write-quota WRITES/SECONDS` (e.g. `3000/150`, Graph's directory write quota per app
 * and tenant) or `off`; null means "do not pace".
 */
export function parseWriteQuota(value: string | undefined): { writes: number; windowMs: number } | null | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === 'off') return null;
  const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(value.trim());
  const writes = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || writes < 1 || seconds <= 0) {
    throw new UsageError(`--write-quota needs WRITES/SECONDS such as 3000/150, or off; got "${value}".`);
  }
  return { writes, windowMs: Math.round(seconds * 1000) };
}
