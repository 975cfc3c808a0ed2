import type { Plan } from '../model/plan.js';
import { costCells, describeCostBasis, describeUnpriced, movingCostRows } from './format-money.js';
import { escapeMarkdown } from './markdown-escape.js';
import { markdownSku } from './markdown-sections.js';

/** The cost of the seat changes as a table: rows with seat changes, the total, and SKUs without a price named. */
export function renderCostTableMarkdown(plan: Plan): string[] {
  const cost = plan.cost;
  if (cost === undefined) return [];
  const title = [`#### Cost (${escapeMarkdown(describeCostBasis(cost))})`, ''];
  const moving = movingCostRows(cost);
  if (moving.length === 0) return [...title, 'No seats are added or freed.'];
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [
    ...title,
    '| SKU | Price | Seats added | Seats freed | Cost added | Cost freed | Net |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...moving.map((r) => row([markdownSku(r.sku), ...costCells(cost, r).map(escapeMarkdown)])),
    row(['**Total**', '', ...costCells(cost, { ...cost.total, unitPrice: null }).slice(1).map((c) => `**${escapeMarkdown(c)}**`)]),
  ];
  if (cost.unpriced.length > 0) lines.push('', `⚠️ ${escapeMarkdown(describeUnpriced(cost))}: not in the total; add ${cost.unpriced.length === 1 ? 'its price' : 'their prices'} to \`settings.prices\`.`);
  return lines;
}
