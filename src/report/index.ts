/** Read-only reports: seats held by people who no longer use them. */
export { findInactiveLicenses, lastSignInOf } from './inactive-report.js';
export type { IdleLicense, IdleSku, IdleUser, InactiveReason, InactiveReport, InactiveReportOptions } from './inactive-report.js';
export { readInactiveReport } from './read-inactive-report.js';
export type { ReportConfig } from './read-inactive-report.js';
export { renderInactiveText } from './render-inactive-text.js';
export { renderInactiveMarkdown } from './render-inactive-markdown.js';
export { renderInactiveJson, INACTIVE_REPORT_FORMAT_VERSION } from './render-inactive-json.js';
export { renderInactiveYaml } from './render-inactive-yaml.js';
