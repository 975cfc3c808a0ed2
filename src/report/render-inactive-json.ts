import { stringifyJson } from '../render/sanitize-text.js';
import type { InactiveReport } from './inactive-report.js';

/** Version of the report's JSON form; readers must refuse versions they do not know. */
export const INACTIVE_REPORT_FORMAT_VERSION = 1;

/**
 * The report for machines: the report object with `formatVersion` first. Amounts are exact
 * decimal strings in the currency's minor-unit precision, like the plan's. Names keep their
 * value; control and bidi characters in them are written as JSON escapes, never raw.
 */
export function renderInactiveJson(report: InactiveReport): string {
  return `${stringifyJson({ formatVersion: INACTIVE_REPORT_FORMAT_VERSION, ...report }, 2)}\n`;
}
