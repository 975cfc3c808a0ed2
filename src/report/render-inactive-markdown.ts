import { codeSpan, escapeMarkdown, tableCodeSpan } from '../render/markdown-escape.js';
import { markdownSku } from '../render/markdown-sections.js';
import type { InactiveReport } from './inactive-report.js';
import {
  describeCriteria, describeIdleLicense, describeIdleUser, describeReportCurrency, reportCaveats, reportMoney, SIGN_IN_RULE,
} from './describe-idle.js';

/** The report for an issue or a pull request: headline with the monthly cost, per-SKU table, the users. */
export function renderInactiveMarkdown(report: InactiveReport): string {
  const cost = report.total.monthly === null ? '' : ` · ${escapeMarkdown(reportMoney(report, report.total.monthly))} / month`;
  const lines = [
    `### skuform report inactive: ${report.total.seats} idle ${report.total.seats === 1 ? 'seat' : 'seats'}${cost}`,
    '',
    `Tenant ${escapeMarkdown(report.tenant.displayName)} (${codeSpan(report.tenant.defaultDomain)}) · store ${codeSpan(report.store)} · idle: ${escapeMarkdown(describeCriteria(report))} · as of ${escapeMarkdown(report.generatedAt)}`,
  ];
  if (report.users.length > 0) {
    const priced = report.currency !== undefined;
    const currency = describeReportCurrency(report);
    lines.push('', `#### Idle seats per SKU${currency === undefined ? '' : ` (${escapeMarkdown(currency)})`}`, '');
    lines.push(priced ? '| SKU | Seats | Price | Per month |' : '| SKU | Seats |', priced ? '|---|--:|--:|--:|' : '|---|--:|');
    for (const row of report.skus) {
      const money = priced ? ` ${escapeMarkdown(reportMoney(report, row.unitPrice))} | ${escapeMarkdown(reportMoney(report, row.monthly))} |` : '';
      lines.push(`| ${markdownSku(row.sku)} | ${row.seats} |${money}`);
    }
    lines.push(`| **Total** | **${report.total.seats}** |${priced ? ` | **${escapeMarkdown(reportMoney(report, report.total.monthly))}** |` : ''}`);
    lines.push('', `<details><summary>Users holding them (${report.users.length})</summary>`, '', '| User | Why | Licenses |', '|---|---|---|');
    for (const user of report.users) {
      lines.push(`| ${tableCodeSpan(user.userPrincipalName)} | ${escapeMarkdown(`${describeIdleUser(user)}`)} | ${escapeMarkdown(user.licenses.map(describeIdleLicense).join(', '))} |`);
    }
    lines.push('', '</details>');
  }
  const notes = [...reportCaveats(report), SIGN_IN_RULE];
  lines.push('', ...notes.map((n) => `<sub>${escapeMarkdown(n)}</sub><br>`));
  return `${lines.join('\n')}\n`;
}
