import { formatMinorUnits } from '../model/money.js';
import type { PlanCost, SkuCost } from '../model/plan.js';
import type { SeatMovement } from './forecast-seats.js';
import type { PlanContext } from './plan-context.js';

/**
 * What the plan's seat changes are worth per month, from `settings.prices`, or undefined
 * when the config gives no prices. Seats are the seat forecast's own counts (once per user
 * per SKU, group fan-out included), so cost and seats cannot disagree. Arithmetic is in
 * integer minor units (bigint); a SKU without a price is named, never guessed.
 */
export function computeCost(ctx: PlanContext, movement: ReadonlyMap<string, SeatMovement>): PlanCost | undefined {
  const { currency, prices = {}, billing } = ctx.desired.settings;
  if (currency === undefined) return undefined;
  const money = (minor: bigint): string => formatMinorUnits(minor, currency.digits);
  const rows: SkuCost[] = [];
  const unpriced: PlanCost['unpriced'] = [];
  let seatsAdded = 0;
  let seatsFreed = 0;
  let added = 0n;
  let freed = 0n;
  for (const skuId of ctx.managedSorted) {
    if (!ctx.skuById.has(skuId)) continue;
    const sku = ctx.skuRef(skuId);
    const moved = movement.get(skuId) ?? { added: 0, freed: 0 };
    const price = prices[skuId];
    if (price === undefined) {
      rows.push({ sku, unitPrice: null, seatsAdded: moved.added, seatsFreed: moved.freed, added: null, freed: null, net: null });
      if (moved.added > 0 || moved.freed > 0) unpriced.push(sku);
      continue;
    }
    const rowAdded = price * BigInt(moved.added);
    const rowFreed = price * BigInt(moved.freed);
    rows.push({
      sku,
      unitPrice: money(price),
      seatsAdded: moved.added,
      seatsFreed: moved.freed,
      added: money(rowAdded),
      freed: money(rowFreed),
      net: money(rowAdded - rowFreed),
    });
    seatsAdded += moved.added;
    seatsFreed += moved.freed;
    added += rowAdded;
    freed += rowFreed;
  }
  const cost: PlanCost = {
    currency: currency.code,
    minorDigits: currency.digits,
    skus: rows,
    total: { seatsAdded, seatsFreed, added: money(added), freed: money(freed), net: money(added - freed) },
    unpriced,
  };
  if (billing !== undefined) cost.billing = billing;
  return cost;
}
