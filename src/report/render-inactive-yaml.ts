import { formatMinorUnits, parseMinorUnits } from '../model/money.js';
import { formatYamlScalar } from '../render/emit-yaml.js';
import { sanitizeText } from '../render/sanitize-text.js';
import type { IdleSku, IdleUser, InactiveReport } from './inactive-report.js';
import { describeCriteria, describeIdleLicense, describeIdleUser, reportMoney } from './describe-idle.js';

/** One comment line: names and messages are sanitised, so nothing can end the comment and start YAML. */
const comment = (text: string): string => `# ${sanitizeText(text)}`.trimEnd();

function freedCost(report: InactiveReport, user: IdleUser, skus: ReadonlyMap<string, IdleSku>): string {
  // The seats the entry frees: direct only (an inherited seat stays), managed only (when known).
  const direct = user.licenses.filter((l) => l.direct && l.groups.length === 0 && (!report.configGiven || skus.get(l.sku.skuId)?.managed === true));
  const parts = direct.map((l) => l.sku.skuPartNumber);
  if (report.currency === undefined || direct.some((l) => skus.get(l.sku.skuId)?.unitPrice == null)) return `frees ${parts.join(', ')}`;
  // Exact: the prices are decimal strings with the currency's digits, summed as minor units.
  const digits = report.currency.digits;
  const minor = direct.reduce((sum, l) => sum + (parseMinorUnits(skus.get(l.sku.skuId)?.unitPrice ?? '0', digits) ?? 0n), 0n);
  return `frees ${parts.join(', ')} (${reportMoney(report, formatMinorUnits(minor, digits))} / month)`;
}

/**
 * The config change that frees the idle seats, as a skuform file for a pull request: each idle
 * user with direct licenses listed with `[]`, which removes their direct managed licenses.
 * What a file cannot do is said in comments: users the config already lists (change that
 * entry: a user may be listed once), licenses inherited from groups (remove the user from the
 * group; skuform does not manage membership), and SKUs outside `managedSkus`.
 */
export function renderInactiveYaml(report: InactiveReport, options: { schemaRef: string }): string {
  const skus = new Map(report.skus.map((s) => [s.sku.skuId, s] as const));
  // Without a config nothing is known about managedSkus: every direct license is a candidate.
  const frees = (user: IdleUser): boolean => user.licenses.some((l) => l.direct && (!report.configGiven || skus.get(l.sku.skuId)?.managed === true));
  const listed = report.users.filter((u) => u.listedAt !== undefined);
  const entries = report.users.filter((u) => u.listedAt === undefined && frees(u));
  const elsewhere = report.users.filter((u) => u.listedAt === undefined && !frees(u));
  const lines = [
    `# yaml-language-server: $schema=${options.schemaRef}`,
    comment(`Idle seats in ${report.tenant.displayName} (${report.tenant.defaultDomain}) as of ${report.generatedAt.slice(0, 10)}:`),
    comment(`${describeCriteria(report)}. Made by skuform report inactive --format yaml.`),
    comment('Listing a user with [] removes their direct licenses of managed SKUs at the next apply. Review every'),
    comment('entry, add this file to the config and open a pull request; what a file cannot free is listed at the end.'),
    'version: 1',
    entries.length === 0 ? 'users: {}' : 'users:',
  ];
  for (const user of entries) lines.push(...entryLines(report, user, skus));
  if (!report.configGiven && entries.length > 0) lines.push(comment('skuform only removes SKUs in settings.managedSkus: check that these SKUs are managed.'));
  if (listed.length > 0) {
    lines.push(comment('Already listed in the config (a user may be listed once):'));
    for (const user of listed) {
      const at = user.listedAt === undefined ? '' : ` at ${user.listedAt.file}:${user.listedAt.line}:${user.listedAt.column}`;
      const todo = user.listedEmpty === true ? 'listed with no licenses: the next apply frees the direct seats' : 'change that entry to free the direct seats';
      lines.push(comment(`  ${user.userPrincipalName}${at}: ${describeIdleUser(user)}; holds ${user.licenses.map(describeIdleLicense).join(', ')}; ${todo}`));
    }
  }
  if (elsewhere.length > 0) {
    lines.push(comment('Not freed by a config entry: seats from groups (remove the user from the group; skuform does not'));
    lines.push(comment('manage membership) or of SKUs outside settings.managedSkus:'));
    for (const user of elsewhere) lines.push(comment(`  ${user.userPrincipalName}: ${describeIdleUser(user)}; ${user.licenses.map(describeIdleLicense).join(', ')}`));
  }
  return `${lines.join('\n')}\n`;
}

/** One user's entry with the comments that explain it. */
function entryLines(report: InactiveReport, user: IdleUser, skus: ReadonlyMap<string, IdleSku>): string[] {
  const lines = [`  ${comment(`${describeIdleUser(user)}; ${freedCost(report, user, skus)}`)}`];
  const inherited = user.licenses.filter((l) => l.groups.length > 0);
  if (inherited.length > 0) lines.push(`  ${comment(`also holds ${inherited.map(describeIdleLicense).join(', ')}: remove the user from the group to free that seat`)}`);
  const outside = report.configGiven ? user.licenses.filter((l) => l.direct && skus.get(l.sku.skuId)?.managed === false).map((l) => l.sku.skuPartNumber) : [];
  if (outside.length > 0) lines.push(`  ${comment(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in settings.managedSkus and stays`)}`);
  lines.push(`  ${formatYamlScalar(user.userPrincipalName)}: []`);
  return lines;
}
