import type { Clock } from '../apply/clock.js';
import { sanitizeText } from '../render/sanitize-text.js';

/**
 * Watch mode's log: one line per event, for people (`text`) or for log pipelines (`json`, one
 * object per line). Every event has a time, a level and a kebab-case name; events of a run
 * also carry its run id and trigger. Strings are sanitised: names come from the tenant and the
 * config, and a newline or an escape sequence in a display name must not forge a log line.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';

/** Counts, durations, names: what an event says besides its message. */
export type LogFields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface WatchLogger {
  log(level: LogLevel, event: string, message: string, fields?: LogFields): void;
  /** The same logger with these fields (run id, trigger) on every event. */
  child(fields: LogFields): WatchLogger;
}

/** Where lines go: a Writable stream or anything with `write(string)`. */
export interface LineSink {
  write(chunk: string): unknown;
}

export interface WatchLoggerOptions {
  format: LogFormat;
  sink: LineSink;
  clock: Clock;
  /** Also write `debug` events. */
  debug?: boolean;
}

const LEVEL_WIDTH = 5;

export function createWatchLogger(options: WatchLoggerOptions, base: LogFields = {}): WatchLogger {
  return {
    log(level, event, message, fields = {}) {
      if (level === 'debug' && options.debug !== true) return;
      const time = new Date(options.clock.now()).toISOString();
      const all = { ...base, ...fields };
      options.sink.write(options.format === 'json' ? jsonLine(time, level, event, message, all) : textLine(time, level, event, message, all));
    },
    child(fields) {
      return createWatchLogger(options, { ...base, ...fields });
    },
  };
}

function clean(value: LogFields[string]): string | number | boolean | null | string[] | undefined {
  if (typeof value === 'string') return sanitizeText(value);
  if (Array.isArray(value)) return value.map((item: string) => sanitizeText(item));
  return value as number | boolean | null | undefined;
}

function jsonLine(time: string, level: LogLevel, event: string, message: string, fields: LogFields): string {
  const record: Record<string, unknown> = { time, level, event, message: sanitizeText(message) };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) record[key] = clean(value);
  }
  return `${JSON.stringify(record)}\n`;
}

/** `2026-05-01T10:00:00.000Z INFO  run-end run=3 trigger=config applied 2 operations  result=applied duration=0.41s` */
function textLine(time: string, level: LogLevel, event: string, message: string, fields: LogFields): string {
  const parts = [time, level.toUpperCase().padEnd(LEVEL_WIDTH), event];
  const { runId, trigger, ...rest } = fields;
  if (runId !== undefined) parts.push(`run=${formatValue(runId)}`);
  // A run's trigger is said where it starts and ends; every line of the run has its id.
  if (trigger !== undefined && (event === 'run-start' || event === 'run-end')) parts.push(`trigger=${formatValue(trigger)}`);
  if (message !== '') parts.push(sanitizeText(message));
  const pairs = Object.entries(rest).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${formatValue(value)}`);
  return `${parts.join(' ')}${pairs.length > 0 ? `  ${pairs.join(' ')}` : ''}\n`;
}

/** A value as logfmt writes it: bare when it has no spaces, quotes or equals signs, else quoted. */
function formatValue(value: LogFields[string]): string {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  const safe = sanitizeText(text);
  return /^[^\s"=]+$/u.test(safe) ? safe : JSON.stringify(safe);
}
