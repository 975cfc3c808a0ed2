import type { DesiredLicense, DesiredPrincipal, DesiredState, LicenseBound } from '../model/desired.js';
import { DEFAULT_LOOKAHEAD_DAYS, DEFAULT_TIME_ZONE } from '../model/desired.js';
import type { Check, PlanLifecycle } from '../model/plan.js';
import type { PlanContext } from './plan-context.js';
import type { Subject } from './subject.js';
import { subjectRef } from './subject.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the entry has a `from` or an `until`. */
export function isTimeBound(license: Pick<DesiredLicense, 'from' | 'until'>): boolean {
  return license.from !== undefined || license.until !== undefined;
}

/**
 * Whether an entry is desired at `now`: from `from` (inclusive) up to `until` (exclusive).
 * Without a `now` every entry is in force (see `PlanOptions.now`).
 */
export function isInForce(license: Pick<DesiredLicense, 'from' | 'until'>, now: number | undefined): boolean {
  if (now === undefined) return true;
  return (license.from === undefined || license.from.at <= now) && (license.until === undefined || now < license.until.at);
}

/**
 * The first instant after `after` at which a managed entry of the desired state starts or
 * ends, or undefined when none does: the moment a long-running reconciler should plan again.
 * Pure; the caller owns the clock and the timer.
 */
export function nextLifecycleBoundary(desired: DesiredState, after: number): number | undefined {
  const managed = new Set(desired.settings.managedSkuIds);
  let next: number | undefined;
  const consider = (bound: LicenseBound | undefined): void => {
    if (bound !== undefined && bound.at > after && (next === undefined || bound.at < next)) next = bound.at;
  };
  for (const principals of [desired.users, desired.groups]) {
    for (const principal of principals) {
      for (const license of principal.licenses) {
        if (!managed.has(license.skuId)) continue;
        consider(license.from);
        consider(license.until);
      }
    }
  }
  return next;
}

/** True when any principal of the desired state has a time-bound license entry. */
export function hasTimeBoundEntries(desired: DesiredState): boolean {
  const bound = (principal: DesiredPrincipal): boolean => principal.licenses.some(isTimeBound);
  return desired.users.some(bound) || desired.groups.some(bound);
}

/** The plan's statement of how time-bound entries were judged, when the config has any. */
export function describeLifecycle(ctx: PlanContext): PlanLifecycle | undefined {
  const now = ctx.options.now;
  if (now === undefined || !hasTimeBoundEntries(ctx.desired)) return undefined;
  const settings = ctx.desired.settings;
  return {
    evaluatedAt: new Date(now).toISOString(),
    timeZone: settings.timeZone ?? DEFAULT_TIME_ZONE,
    lookaheadDays: settings.lookaheadDays ?? DEFAULT_LOOKAHEAD_DAYS,
  };
}

/** A listed subject together with its time-bound entries (rare: most entries have none). */
export interface TimeBoundSubject {
  subject: Subject;
  licenses: readonly DesiredLicense[];
}

/**
 * Notes about time-bound entries: starts and ends within the lookahead, so reviewers and
 * drift checks see them coming, and the changes of this plan that a passed or future bound
 * causes (a license removed because its `until` passed, or held before its `from`).
 */
export function checkLifecycle(ctx: PlanContext, bound: readonly TimeBoundSubject[]): Check[] {
  const now = ctx.options.now;
  if (now === undefined) return [];
  const horizon = now + (ctx.desired.settings.lookaheadDays ?? DEFAULT_LOOKAHEAD_DAYS) * DAY_MS;
  const checks: Check[] = [];
  for (const { subject, licenses } of bound) {
    for (const license of licenses) {
      if (!ctx.managed.has(license.skuId)) continue;
      const note = (code: Check['code'], message: string): void => {
        checks.push({ code, severity: 'note', message, principal: subjectRef(subject), sku: ctx.skuRef(license.skuId), source: license.source });
      };
      const part = ctx.skuRef(license.skuId).skuPartNumber;
      const held = subject.before.has(license.skuId);
      const { from, until } = license;
      if (from !== undefined && from.at > now) {
        if (from.at <= horizon) note('license-starts-soon', `gets ${part} ${describeStart(from)} (${describeIn(from.at - now)})`);
        if (held && !subject.after.has(license.skuId)) note('license-not-started', `holds ${part} before its start ${describeStart(from)}; the plan removes it until then`);
      }
      if (until !== undefined && until.at > now && until.at <= horizon) {
        note('license-ends-soon', `loses ${part} ${describeEnd(until)} (${describeIn(until.at - now)})`);
      }
      if (until !== undefined && until.at <= now && held && !subject.after.has(license.skuId)) {
        note('license-ended', `held ${part} until ${until.text}, which has passed; the plan removes it`);
      }
    }
  }
  return checks;
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/u;

/** `from 2027-01-01` or `from 2027-01-01T09:00:00+01:00`. */
function describeStart(bound: LicenseBound): string {
  return `from ${bound.text}`;
}

/** A bare date includes the day: `after 2027-03-31`; a date-time ends at it: `at 2027-03-31T17:00:00Z`. */
function describeEnd(bound: LicenseBound): string {
  return BARE_DATE.test(bound.text) ? `after ${bound.text}` : `at ${bound.text}`;
}

/** `in 3 days`, `in 1 day` (exactly a day ahead), `within a day`. */
function describeIn(ms: number): string {
  if (ms < DAY_MS) return 'within a day';
  const days = Math.ceil(ms / DAY_MS);
  return `in ${days} ${days === 1 ? 'day' : 'days'}`;
}
