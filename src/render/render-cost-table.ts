import type { PlanCost } from '../model/plan.js';
import { costCells, describeCostBasis, describeUnpriced, movingCostRows } from './format-money.js';
import { formatSku, TEXT_WIDTH, wrapWords } from './format-names.js';
import type { TextStyle } from './text-style.js';

const HEADERS = ['SKU', 'Price', 'Added', 'Freed', 'Cost added', 'Cost freed', 'Net'] as const;

/**
 * The monthly cost of the seat changes as an aligned table: one row per SKU whose seats
 * change, a total over the priced ones, and the SKUs without a price named below. Lines carry
 * no base indent.
 */
export function renderCostTable(cost: PlanCost, style: TextStyle): string[] {
  const moving = movingCostRows(cost);
  if (moving.length === 0) return ['No seats are added or freed.'];
  const rows = moving.map((row) => [formatSku(row.sku), ...costCells(cost, row)]);
  const total = ['Total', '', ...costCells(cost, { ...cost.total, unitPrice: '' }).slice(1)];
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => (r[i] ?? '').length)));
  const layout = (values: readonly string[]): string =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  const lines = [style.bold(layout(HEADERS)), ...rows.map(layout), style.bold(layout(total))];
  if (cost.unpriced.length > 0) {
    const note = `${describeUnpriced(cost)}: ${cost.unpriced.length === 1 ? 'its' : 'their'} seats are not in the total; add ${cost.unpriced.length === 1 ? 'the price' : 'the prices'} to settings.prices.`;
    lines.push(...wrapWords(note, 'Note: ', '      ', TEXT_WIDTH - 2).map(style.yellow));
  }
  return lines;
}

/** The section title naming the currency and where the prices come from. */
export function costTitle(cost: PlanCost): string {
  return `Cost (${describeCostBasis(cost)}):`;
}
