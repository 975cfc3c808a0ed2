import { formatSku, TEXT_WIDTH, wrapWords } from '../render/format-names.js';
import { sanitizeText } from '../render/sanitize-text.js';
import type { InactiveReport } from './inactive-report.js';
import {
  describeCriteria, describeIdleLicense, describeIdleUser, describeReportCurrency, reportCaveats, reportMoney, SIGN_IN_RULE,
} from './describe-idle.js';

const INDENT = '  ';

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const layout = (values: readonly string[]): string => values.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [layout(headers), ...rows.map(layout)].map((l) => INDENT + l);
}

/** The report for a terminal: what counts as idle, idle seats per SKU with their cost, and who holds them. */
export function renderInactiveText(report: InactiveReport): string {
  const lines = [
    `skuform report inactive for ${sanitizeText(report.tenant.displayName)} (${sanitizeText(report.tenant.defaultDomain)})`,
    `${INDENT}Store:     ${sanitizeText(report.store)}`,
    `${INDENT}As of:     ${report.generatedAt}`,
    `${INDENT}Idle:      ${describeCriteria(report)}`,
    '',
  ];
  if (report.users.length === 0) {
    lines.push('No idle seats: every licensed user signed in within the period and every licensed account is enabled.');
  } else {
    const currency = describeReportCurrency(report);
    lines.push(`Idle seats per SKU${currency === undefined ? '' : ` (${currency})`}:`);
    const priced = report.currency !== undefined;
    const headers = priced ? ['SKU', 'Seats', 'Price', 'Per month'] : ['SKU', 'Seats'];
    const rows = report.skus.map((row) => [formatSku(row.sku), String(row.seats), ...(priced ? [reportMoney(report, row.unitPrice), reportMoney(report, row.monthly)] : [])]);
    rows.push(['Total', String(report.total.seats), ...(priced ? ['', reportMoney(report, report.total.monthly)] : [])]);
    lines.push(...table(headers, rows), '', `Users holding them (${report.users.length}):`);
    for (const user of report.users) {
      lines.push(`${INDENT}${sanitizeText(user.userPrincipalName)}: ${describeIdleUser(user)}`);
      lines.push(...wrapWords(user.licenses.map(describeIdleLicense).join(', '), `${INDENT}    `, `${INDENT}    `, TEXT_WIDTH));
    }
  }
  const notes = [...reportCaveats(report), SIGN_IN_RULE];
  if (report.users.length > 0) notes.push('To free the direct seats in a pull request: run this again with --format yaml.');
  lines.push('', ...notes.flatMap((n) => wrapWords(n, '', '', TEXT_WIDTH)));
  return `${lines.join('\n')}\n`;
}
