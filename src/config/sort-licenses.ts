import type { DesiredLicense } from '../model/desired.js';

/**
 * Small helpers for a principal's license list, which holds a handful of SKUs. They are
 * called once or twice per principal of a 100,000-user file, where `Array.prototype.sort`
 * (which sets up merge state on every call) and a closure per `find` cost more than the
 * work itself.
 */

/** Sorts by skuId in place, stably (insertion sort: the lists are tiny), and returns the list. */
export function sortLicenses(licenses: DesiredLicense[]): DesiredLicense[] {
  for (let i = 1; i < licenses.length; i++) {
    const license = licenses[i] as DesiredLicense;
    let at = i;
    for (; at > 0 && (licenses[at - 1] as DesiredLicense).skuId > license.skuId; at--) licenses[at] = licenses[at - 1] as DesiredLicense;
    licenses[at] = license;
  }
  return licenses;
}

/** Where the list holds a license of the SKU, or -1. */
export function indexOfSku(licenses: readonly DesiredLicense[], skuId: string): number {
  for (let i = 0; i < licenses.length; i++) if (licenses[i]?.skuId === skuId) return i;
  return -1;
}
