/**
 * What the planner needs besides the desired state and the snapshot. Everything is data or a
 * pure function so that `computePlan` stays free of I/O: the catalogue lookups are handed in
 * by the caller (the CLI wires them to `src/catalog`).
 */
export interface PlanOptions {
  /** Human description of the store, copied into `Plan.store`, e.g. `file:examples/tenant.json`. */
  storeLocation: string;
  /** The desired-state files as the user gave them, copied into `Plan.configFiles`. */
  configFiles: string[];
  /** skuId -> product display name from Microsoft's catalogue, when known. */
  skuDisplayName?: (skuId: string) => string | undefined;
  /** servicePlanId -> friendly service plan name from Microsoft's catalogue, when known. */
  servicePlanFriendlyName?: (servicePlanId: string) => string | undefined;
  /** `--max-removals N`: replaces `settings.maxRemovals` for this run. */
  maxRemovals?: number;
  /** `--allow-remove-all`: lets a plan remove every managed assignment. */
  allowRemoveAll?: boolean;
  /**
   * The instant the plan is for (milliseconds since the epoch), handed in because the planner
   * reads no clock: license entries with `from`/`until` are desired only within their span.
   * Without it every entry counts as in force and no lifecycle notes are made.
   */
  now?: number;
}
