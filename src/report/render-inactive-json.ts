import type { InactiveReport } from './inactive-report.js';

/** Version of the report's JSON form; readers must refuse versions they do not know. */
export const INACTIVE_REPORT_FORMAT_VERSION = 1;

/**
 * The report for machines: the report object with `formatVersion` first. Amounts are exact
 * decimal strings in the currency's minor-unit precision, like the plan's.
 */
export function renderInactiveJson(report: InactiveReport): string {
  return `${JSON.stringify({ formatVersion: INACTIVE_REPORT_FORMAT_VERSION, ...report }, null, 2)}\n`;
}
