import type { Plan, PlanCost, SkuCost } from '../model/plan.js';
import { formatSigned } from './format-names.js';
import { sanitizeText } from './sanitize-text.js';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An exact decimal amount ("684.00") in its currency, for display: `€684.00`, `¥1,200`,
 * `BHD 1.250`; with `signed`, `+€684.00` / `-€57.00`. The decimal string itself is handed to
 * `Intl.NumberFormat`, which formats it exactly: no floating point on the way. English
 * conventions everywhere, so output does not depend on the machine's locale.
 */
export function formatMoney(amount: string, currency: string, digits: number, signed = false): string {
  const key = `${currency}/${digits}/${signed ? '+' : ''}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', {
      style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: signed ? 'exceptZero' : 'auto',
    });
    formatters.set(key, formatter);
  }
  // Decimal strings are formatted exactly (ECMA-402 "Intl.NumberFormat v3"); the lib typings predate that.
  return formatter.format(amount as unknown as number);
}

/** A plan amount in the plan's currency. */
export function formatCostAmount(cost: PlanCost, amount: string, signed = false): string {
  return formatMoney(amount, cost.currency, cost.minorDigits, signed);
}

/** Net seats over every managed SKU, priced or not: the seat forecast's change summed. */
function netSeats(cost: PlanCost): number {
  return cost.skus.reduce((sum, row) => sum + row.seatsAdded - row.seatsFreed, 0);
}

/**
 * The cost headline: `+12 seats, +€684.00 / month`, and the SKUs left out of the amount for
 * want of a price (`+8 seats, +€0.00 / month (PROJECTPROFESSIONAL has no price)`). Undefined
 * when the plan has no prices.
 */
export function describeCostHeadline(plan: Plan): string | undefined {
  const cost = plan.cost;
  if (cost === undefined) return undefined;
  const seats = netSeats(cost);
  const line = `${seats === 0 ? '0' : formatSigned(seats)} ${seats === 1 || seats === -1 ? 'seat' : 'seats'}, ${formatCostAmount(cost, cost.total.net, true)} / month`;
  return cost.unpriced.length === 0 ? line : `${line} (${describeUnpriced(cost)})`;
}

/** `PROJECTPROFESSIONAL has no price`, `A and B have no price`. */
export function describeUnpriced(cost: PlanCost): string {
  const names = cost.unpriced.map((sku) => sanitizeText(sku.skuPartNumber));
  const list = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  return `${list} ${names.length === 1 ? 'has' : 'have'} no price`;
}

/** The rows worth showing: SKUs whose seats the plan changes. */
export function movingCostRows(cost: PlanCost): SkuCost[] {
  return cost.skus.filter((row) => row.seatsAdded > 0 || row.seatsFreed > 0);
}

/** `EUR, billed annually` — what the amounts are. */
export function describeCostBasis(cost: PlanCost): string {
  const billing = cost.billing === undefined ? '' : `, billed ${cost.billing === 'annual' ? 'annually' : 'monthly'}`;
  return `${cost.currency} per month${billing}; your prices from settings.prices`;
}

/** Cells of one row: price, seats added, seats freed, cost added, cost freed, net. */
export function costCells(cost: PlanCost, row: Pick<SkuCost, 'unitPrice' | 'seatsAdded' | 'seatsFreed' | 'added' | 'freed' | 'net'>): string[] {
  const money = (amount: string | null, signed = false): string => (amount === null ? '–' : formatCostAmount(cost, amount, signed));
  return [
    row.unitPrice === null ? 'no price' : money(row.unitPrice),
    String(row.seatsAdded), String(row.seatsFreed),
    money(row.added), money(row.freed), money(row.net, true),
  ];
}
