import { joinAlternatives, quoteText, suggestNames } from '../catalog/index.js';
import type { LicenseBound } from '../model/desired.js';
import { DEFAULT_TIME_ZONE } from '../model/desired.js';

/**
 * `from`/`until` of a license entry as instants. The rule, stated in the plan and the docs:
 * a bare date is read in the configured time zone (default UTC); `from: D` starts at the
 * midnight that begins D there, `until: D` ends at the midnight that ends D, so D itself is
 * included. A date-time carries its own offset and means exactly that instant.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A time zone name checked against the runtime's IANA database, with a suggestion when it is not one. */
export function checkTimeZone(name: string): { ok: true; timeZone: string } | { ok: false; message: string; hint?: string } {
  try {
    return { ok: true, timeZone: formatterFor(name).resolvedOptions().timeZone };
  } catch {
    const suggestions = suggestNames(name, [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf('timeZone')]);
    return {
      ok: false,
      message: `unknown time zone ${quoteText(name)}`,
      hint: suggestions.length > 0 ? `did you mean ${joinAlternatives(suggestions)}?` : 'use an IANA time zone such as UTC or Europe/Amsterdam',
    };
  }
}

/** How far the zone's wall clock is ahead of UTC at the instant, in milliseconds. */
function zoneOffset(timeZone: string, at: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the day `utcMidnight` (the date taken as UTC midnight) starts in the zone: the
 * earliest instant whose wall clock there reads that midnight. Where the zone skips midnight
 * (a daylight-saving jump at 00:00) the day starts when the clock jumps.
 */
function startOfDay(utcMidnight: number, timeZone: string): number {
  if (timeZone === DEFAULT_TIME_ZONE) return utcMidnight;
  // The offsets half a day either side cover any one transition near midnight.
  const candidates = [utcMidnight - zoneOffset(timeZone, utcMidnight - DAY_MS / 2), utcMidnight - zoneOffset(timeZone, utcMidnight + DAY_MS / 2)];
  const exact = candidates.filter((at) => at + zoneOffset(timeZone, at) === utcMidnight);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

/** A calendar date's UTC midnight, or undefined when the date does not exist (2027-02-30). */
function dateAt(year: number, month: number, day: number): number | undefined {
  const at = Date.UTC(year, month - 1, day);
  const check = new Date(at);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? at : undefined;
}

/**
 * A bound as written (`2027-03-31` or `2027-03-31T17:00:00+01:00`) as an instant, or a
 * message saying what is wrong with it.
 */
export function parseLicenseBound(text: string, kind: 'from' | 'until', timeZone: string): LicenseBound | { error: string } {
  const date = DATE.exec(text);
  if (date !== null) {
    const day = dateAt(Number(date[1]), Number(date[2]), Number(date[3]));
    if (day === undefined) return { error: `${quoteText(text)} is not a date in the calendar` };
    return { at: startOfDay(kind === 'from' ? day : day + DAY_MS, timeZone), text };
  }
  const dateTime = DATE_TIME.exec(text);
  if (dateTime === null) return { error: `${quoteText(text)} is neither a date (2027-03-31) nor a date-time with an offset (2027-03-31T17:00:00+01:00)` };
  const [, y, mo, d, h, mi, s = '0'] = dateTime;
  const day = dateAt(Number(y), Number(mo), Number(d));
  if (day === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return { error: `${quoteText(text)} is not a valid date-time` };
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return { error: `${quoteText(text)} is not a valid date-time` };
  return { at, text };
}
