import type { Check, Operation, SeatForecast } from '../model/plan.js';
import { countFreeSeats } from '../model/seat-rules.js';
import type { SubscribedSku } from '../model/tenant.js';
import type { Holding } from './compute-holdings.js';
import { holds } from './compute-holdings.js';
import type { PlanContext } from './plan-context.js';
import { compareText } from './plan-context.js';
import type { OperationIndex } from './subject.js';

/**
 * Seats of a SKU the plan may count on: by default `enabled − warning − consumed`, as
 * Microsoft's guidance computes it (units in their renewal grace period stop working unless
 * the subscription is renewed); `enabled − consumed` with `settings.graceSeatsAreFree`.
 * The plan says which rule it used (`settings.graceSeatsAreFree`), and the grace-period
 * units are shown beside the forecast (`SeatForecast.warningUnits`).
 */
export function computeFreeSeats(sku: SubscribedSku, graceSeatsAreFree = false): number {
  return countFreeSeats(sku, graceSeatsAreFree);
}

/** Collects seat changes user by user (see {@link createSeatTally}). */
export interface SeatTally {
  add(holding: Holding): void;
  /** Fills every operation's `seatDelta` and returns the change per managed skuId. */
  finish(): Map<string, number>;
  /** Seats started (+1s) and freed (−1s) per managed skuId, apart: the net change is their difference. */
  movement(): ReadonlyMap<string, SeatMovement>;
}

/** Seats of one SKU the plan starts using and frees, each counted once per user. */
export interface SeatMovement {
  added: number;
  freed: number;
}

/**
 * Seats the plan consumes (+) or frees (−) per managed skuId, counted once per user per SKU
 * across all sources: a user consumes a seat when they hold the SKU by any source. Each
 * user's change is also credited to one operation's `seatDelta` — the user's own operation
 * when it changes that SKU, otherwise the first (in plan order) of their groups' operations
 * that does — so the operations' deltas add up exactly to the forecast.
 */
export function createSeatTally(ctx: PlanContext, operations: readonly Operation[], index: OperationIndex): SeatTally {
  const deltas = new Map<Operation, Map<string, number>>();
  const totals = new Map<string, number>();
  const moved = new Map<string, SeatMovement>();
  const changes = (op: Operation | undefined, skuId: string): op is Operation => op !== undefined && op.changes.some((c) => c.sku.skuId === skuId);
  const credit = (holding: Holding, skuId: string): Operation | undefined => {
    const own = index.get('user', holding.userId);
    if (changes(own, skuId)) return own;
    let best: Operation | undefined;
    for (const sources of [holding.before.get(skuId), holding.after.get(skuId)]) {
      for (const source of sources ?? []) {
        const op = source.group === null ? undefined : index.get('group', source.group);
        if (changes(op, skuId) && (best === undefined || index.orderOf(op) < index.orderOf(best))) best = op;
      }
    }
    return best;
  };
  const add = (holding: Holding, skuId: string, delta: number): void => {
    totals.set(skuId, (totals.get(skuId) ?? 0) + delta);
    const movement = moved.get(skuId) ?? { added: 0, freed: 0 };
    if (delta > 0) movement.added += delta;
    else movement.freed -= delta;
    moved.set(skuId, movement);
    const credited = credit(holding, skuId);
    if (credited === undefined) return;
    const perSku = deltas.get(credited) ?? new Map<string, number>();
    perSku.set(skuId, (perSku.get(skuId) ?? 0) + delta);
    deltas.set(credited, perSku);
  };
  return {
    add(holding) {
      for (const skuId of holding.before.keys()) {
        if (ctx.managed.has(skuId) && !holds(holding.after, skuId)) add(holding, skuId, -1);
      }
      for (const skuId of holding.after.keys()) {
        if (ctx.managed.has(skuId) && !holds(holding.before, skuId)) add(holding, skuId, 1);
      }
    },
    finish() {
      for (const op of operations) {
        const perSku = deltas.get(op);
        const seatDelta: Record<string, number> = {};
        const skuIds = op.changes.map((c) => c.sku.skuId).sort(compareText);
        for (const skuId of skuIds) seatDelta[skuId] = perSku?.get(skuId) ?? 0;
        op.seatDelta = seatDelta;
      }
      return totals;
    },
    movement: () => moved,
  };
}

/** One forecast row per managed SKU the tenant subscribes to, in part-number order. */
export function forecastSeats(ctx: PlanContext, change: ReadonlyMap<string, number>): SeatForecast[] {
  const rows: SeatForecast[] = [];
  for (const skuId of ctx.managedSorted) {
    const sku = ctx.skuById.get(skuId);
    if (sku === undefined) continue;
    const delta = change.get(skuId) ?? 0;
    const free = computeFreeSeats(sku, ctx.desired.settings.graceSeatsAreFree);
    const freeAfter = free - delta;
    const reserve = ctx.desired.settings.seatReserve[skuId] ?? 0;
    rows.push({
      sku: ctx.skuRef(skuId),
      total: sku.prepaidUnits.enabled,
      used: sku.consumedUnits,
      free,
      change: delta,
      freeAfter,
      reserve,
      warningUnits: sku.prepaidUnits.warning,
      short: delta > 0 && (freeAfter < reserve || freeAfter < 0),
    });
  }
  return rows;
}

/** A blocking check per SKU the plan would run short of. */
export function checkSeats(forecasts: readonly SeatForecast[]): Check[] {
  return forecasts
    .filter((row) => row.short)
    .map((row) => ({
      code: 'seats-insufficient',
      severity: 'error',
      sku: row.sku,
      message:
        `${row.sku.skuPartNumber}: the plan needs ${row.change} more ${row.change === 1 ? 'seat' : 'seats'}, ` +
        `${row.free} ${row.free === 1 ? 'is' : 'are'} free and ${row.reserve} must stay free (seatReserve)`,
      hint: 'buy more seats, free some first, or lower seatReserve for this SKU',
    }));
}
