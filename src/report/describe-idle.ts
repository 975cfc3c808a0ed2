import { formatMoney } from '../render/format-money.js';
import { sanitizeText } from '../render/sanitize-text.js';
import type { IdleLicense, IdleUser, InactiveReport } from './inactive-report.js';

/** Shared wording of the report's renderings (text, markdown, YAML comments). */

/**
 * Why the user's seats are idle, in one phrase: `account disabled, last sign-in 2026-09-30
 * (64 days ago)`, `never signed in`, `last sign-in 2026-05-19 (199 days ago)`.
 */
export function describeIdleUser(user: IdleUser): string {
  const last = user.lastSignIn === null ? 'never signed in' : `last sign-in ${user.lastSignIn.slice(0, 10)} (${user.daysSince ?? '?'} days ago)`;
  return user.reason === 'disabled' ? `account disabled, ${last}` : last;
}

/** `SPE_E3`, `SPE_F1 via Frontline Workers`, `SPE_E3 direct and via Sales`. */
export function describeIdleLicense(license: IdleLicense): string {
  const part = sanitizeText(license.sku.skuPartNumber);
  const groups = license.groups.map((g) => sanitizeText(g.name));
  if (groups.length === 0) return part;
  return `${part} ${license.direct ? 'direct and ' : ''}via ${groups.join(', ')}`;
}

/** An amount of the report's currency for display; '–' without a price. */
export function reportMoney(report: InactiveReport, amount: string | null): string {
  return amount === null || report.currency === undefined ? '–' : formatMoney(amount, report.currency.code, report.currency.digits);
}

/** `no sign-in since 2026-09-05 (90 days), never signed in, or account disabled` */
export function describeCriteria(report: InactiveReport): string {
  return `no sign-in since ${report.cutoff.slice(0, 10)} (${report.days} days), never signed in, or account disabled`;
}

/** What the amounts are: `EUR per month, billed annually; your prices from settings.prices`. */
export function describeReportCurrency(report: InactiveReport): string | undefined {
  const currency = report.currency;
  if (currency === undefined) return undefined;
  const billing = currency.billing === undefined ? '' : `, billed ${currency.billing === 'annual' ? 'annually' : 'monthly'}`;
  return `${currency.code} per month${billing}; your prices from settings.prices`;
}

/** The rule the report judges sign-ins by, for its footer. */
export const SIGN_IN_RULE = 'Last sign-in is the last successful sign-in Graph records (lastSuccessfulSignInDateTime), '
  + 'else the latest interactive or non-interactive sign-in attempt.';

/** Notes that qualify the numbers: users without sign-in data, SKUs without a price. */
export function reportCaveats(report: InactiveReport): string[] {
  const notes: string[] = [];
  if (report.withoutSignInData > 0) {
    notes.push(`${report.withoutSignInData} licensed ${report.withoutSignInData === 1 ? 'user has' : 'users have'} no sign-in data in the store and ${report.withoutSignInData === 1 ? 'was' : 'were'} not judged `
      + '(Graph needs AuditLog.Read.All and Microsoft Entra ID P1; a tenant file needs signInActivity).');
  }
  if (report.unpriced.length > 0) {
    notes.push(`No price for ${report.unpriced.map((s) => sanitizeText(s.skuPartNumber)).join(', ')}: not in the total; add ${report.unpriced.length === 1 ? 'it' : 'them'} to settings.prices.`);
  }
  if (!report.configGiven) notes.push('No config was given: pass the config (files or directory) for prices and for where each user is listed.');
  return notes;
}
