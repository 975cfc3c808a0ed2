import type { AssignedLicense } from '../src/model/tenant.js';

type Licensed = { id: string; assignedLicenses: readonly AssignedLicense[] };

/**
 * skuId -> ids of the objects whose `assignedLicenses` contain it (direct or inherited), so
 * `$filter=assignedLicenses/any(x:x/skuId eq ...)` reads only the holders. Built on first
 * use (a tenant that is never filtered by license starts faster), then kept current by
 * re-indexing an object whenever the semantics module reports it changed.
 */
export class LicenseHolderIndex {
  private readonly holders = new Map<string, Set<string>>();
  private readonly skusOf = new Map<string, string[]>();
  private pending: (() => Iterable<Licensed>) | null;

  constructor(objects: () => Iterable<Licensed>) {
    this.pending = objects;
  }

  private build(): void {
    const objects = this.pending;
    if (objects === null) return;
    this.pending = null;
    for (const object of objects()) this.index(object.id, object.assignedLicenses);
  }

  /** Re-indexes one object (pass an empty list when it was deleted). */
  update(id: string, licenses: readonly AssignedLicense[]): void {
    // Before the first build there is nothing to keep current: the build reads the live objects.
    if (this.pending === null) this.index(id, licenses);
  }

  private index(id: string, licenses: readonly AssignedLicense[]): void {
    for (const skuId of this.skusOf.get(id) ?? []) this.holders.get(skuId)?.delete(id);
    const skuIds = licenses.map((license) => license.skuId.toLowerCase());
    for (const skuId of skuIds) {
      let set = this.holders.get(skuId);
      if (set === undefined) { set = new Set(); this.holders.set(skuId, set); }
      set.add(id);
    }
    if (skuIds.length === 0) this.skusOf.delete(id);
    else this.skusOf.set(id, skuIds);
  }

  holdersOf(skuId: string): Iterable<string> {
    this.build();
    return this.holders.get(skuId.toLowerCase()) ?? [];
  }
}
