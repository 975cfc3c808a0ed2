import type { Catalog } from '../catalog/index.js';
import { planFriendlyName, skuDisplayName } from '../catalog/index.js';
import type { TenantOverview } from '../model/snapshot.js';
import type { SubscribedSku } from '../model/tenant.js';
import { sanitizeText } from './sanitize-text.js';
import { createTextStyle } from './text-style.js';

export interface SkusTextOptions {
  color: boolean;
  /** List every service plan of every SKU under it. */
  plans: boolean;
}

/** Seats in Microsoft's sense: enabled units minus consumed ones (negative when over-assigned). */
function free(sku: SubscribedSku): number {
  return sku.prepaidUnits.enabled - sku.consumedUnits;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function compareSkus(a: SubscribedSku, b: SubscribedSku): number {
  return a.skuPartNumber.localeCompare(b.skuPartNumber, 'en') || a.skuId.localeCompare(b.skuId);
}

/**
 * `skuform skus`: the tenant's subscribed SKUs with friendly names, seats and (optionally)
 * their service plans — the names a config can use, next to what is left to assign.
 */
export function renderSkusText(overview: TenantOverview, catalog: Catalog, options: SkusTextOptions): string {
  const style = createTextStyle(options.color);
  const skus = [...overview.skus].sort(compareSkus);
  const rows = skus.map((sku) => ({
    sku,
    cells: [
      sanitizeText(sku.skuPartNumber),
      sanitizeText(skuDisplayName(catalog, sku.skuId) ?? '(not in Microsoft\'s catalogue)'),
      sanitizeText(String(sku.capabilityStatus)),
      String(sku.prepaidUnits.enabled),
      String(sku.consumedUnits),
      String(free(sku)),
      String(sku.servicePlans.length),
    ],
  }));
  const header = ['SKU', 'Product', 'Status', 'Total', 'Used', 'Free', 'Plans'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r.cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, widths[i] ?? 0, i >= 3)).join('  ').trimEnd();
  const out = [
    `${style.bold(`Subscribed SKUs of ${sanitizeText(overview.tenant.displayName || overview.tenant.id)}`)} (${sanitizeText(overview.tenant.defaultDomain || overview.tenant.id)})`,
    '',
    style.bold(line(header)),
  ];
  for (const row of rows) {
    const text = line(row.cells);
    out.push(free(row.sku) <= 0 && row.sku.prepaidUnits.enabled > 0 ? style.red(text) : text);
    if (options.plans) {
      for (const plan of [...row.sku.servicePlans].sort((a, b) => a.servicePlanName.localeCompare(b.servicePlanName, 'en'))) {
        const friendly = planFriendlyName(catalog, plan.servicePlanId);
        out.push(`    ${sanitizeText(plan.servicePlanName)}${friendly ? `  ${style.dim(sanitizeText(friendly))}` : ''}  ${style.dim(plan.servicePlanId)}`);
      }
    }
  }
  out.push('', `${skus.length} SKUs. Free = enabled units − consumed units.${options.plans ? '' : ' Add --plans to list the service plans of each SKU.'}`);
  return `${out.join('\n')}\n`;
}
