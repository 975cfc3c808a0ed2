import type { SeatForecast } from '../model/plan.js';
import { countOf, formatSigned, formatSku, TEXT_WIDTH, wrapWords } from './format-names.js';
import { sanitizeText } from './sanitize-text.js';
import type { TextStyle } from './text-style.js';

/** Seats missing to keep `reserve` free after the plan (0 when there are enough). */
export function seatShortfall(row: SeatForecast): number {
  return Math.max(0, row.reserve - row.freeAfter, -row.freeAfter);
}

/** `short by 3 seats` for rows the planner flagged, empty otherwise. */
export function describeShortfall(row: SeatForecast): string {
  if (!row.short) return '';
  const missing = seatShortfall(row);
  return missing > 0 ? `short by ${countOf(missing, 'seat')}` : 'short';
}

/** Which rule the Free column used (the plan's `settings.graceSeatsAreFree`), for under the table. */
export function describeFreeSeatRule(graceSeatsAreFree: boolean | undefined): string {
  return graceSeatsAreFree === true
    ? 'Free = Total - Used: seats in their renewal grace period count as free (settings.graceSeatsAreFree: true).'
    : 'Free = Total - Used - seats in their renewal grace period (settings.graceSeatsAreFree: false).';
}

const HEADERS = ['SKU', 'Total', 'Used', 'Free', 'Change', 'Free after', 'Reserve'] as const;

function cells(row: SeatForecast): string[] {
  return [
    formatSku(row.sku), String(row.total), String(row.used), String(row.free),
    formatSigned(row.change), String(row.freeAfter), String(row.reserve),
  ];
}

/**
 * The seat forecast as an aligned table (SKU left, numbers right) with shortfalls marked at
 * the end of their row, followed by the rule the Free column used and footnotes for units
 * in their renewal grace period. Lines carry no base indent.
 */
export function renderSeatTable(seats: readonly SeatForecast[], style: TextStyle, graceSeatsAreFree?: boolean): string[] {
  const rows = seats.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const layout = (values: readonly string[]): string =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  const lines = [style.bold(layout(HEADERS))];
  for (const [i, row] of seats.entries()) {
    const mark = describeShortfall(row);
    const line = layout(rows[i] ?? []);
    lines.push(mark === '' ? line : `${line}  ${style.red(mark)}`);
  }
  lines.push(...wrapWords(describeFreeSeatRule(graceSeatsAreFree), '', '', TEXT_WIDTH - 2));
  for (const row of seats) {
    if (row.warningUnits > 0) {
      const note = `${countOf(row.warningUnits, `${sanitizeText(row.sku.skuPartNumber)} seat`)} ` +
        `${row.warningUnits === 1 ? 'is' : 'are'} in the renewal grace period and stop working if the subscription is not renewed.`;
      lines.push(...wrapWords(note, 'Note: ', '      ', TEXT_WIDTH - 2).map(style.yellow));
    }
  }
  return lines;
}
