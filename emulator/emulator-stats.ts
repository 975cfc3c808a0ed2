/**
 * What the emulator saw, for tests and benchmarks to assert on. Keys of the request maps are
 * `METHOD /path/{template}` (e.g. `POST /users/{id}/assignLicense`).
 */
export class EmulatorStats {
  /** Top-level HTTP requests (a `$batch` counts once). */
  httpRequests = 0;
  /** Top-level requests by route template. */
  byRoute: Record<string, number> = {};
  /** Logical requests by route template: top-level ones and every `$batch` item. */
  byOperation: Record<string, number> = {};
  /** Responses by status, logical requests (batch items included). */
  byStatus: Record<string, number> = {};
  /** Logical requests answered 429 by the write quota or the read budget. */
  throttled = 0;
  /** Injected faults by kind (`500`, `429`, `drop`, `lost`...). */
  faults: Record<string, number> = {};
  /** Writes admitted by the quota (assignLicense calls that reached the directory). */
  writes = 0;
  /** Admitted writes per whole second since the emulator started (index = second). */
  writeTimeline: number[] = [];
  /** Filtered collection requests that had to scan every object because no index applied. */
  filterScans = 0;
  /** Epoch ms the timeline counts from. */
  startedAt: number;

  constructor(now: number) {
    this.startedAt = now;
  }

  /** Logical requests (top-level non-batch requests plus batch items). */
  get operations(): number {
    return Object.values(this.byOperation).reduce((sum, n) => sum + n, 0);
  }

  countHttp(route: string): void {
    this.httpRequests++;
    bump(this.byRoute, route);
  }

  countOperation(route: string): void {
    bump(this.byOperation, route);
  }

  countStatus(status: number): void {
    bump(this.byStatus, String(status));
  }

  countFault(kind: string): void {
    bump(this.faults, kind);
  }

  countWrite(now: number): void {
    this.writes++;
    const second = Math.max(0, Math.floor((now - this.startedAt) / 1000));
    while (this.writeTimeline.length <= second) this.writeTimeline.push(0);
    this.writeTimeline[second] = (this.writeTimeline[second] ?? 0) + 1;
  }

  /** Forgets everything; the timeline restarts at `now`. */
  reset(now: number): void {
    this.httpRequests = 0;
    this.byRoute = {};
    this.byOperation = {};
    this.byStatus = {};
    this.throttled = 0;
    this.faults = {};
    this.writes = 0;
    this.filterScans = 0;
    this.writeTimeline = [];
    this.startedAt = now;
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
