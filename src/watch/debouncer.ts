import type { Sleep } from '../apply/clock.js';

/**
 * Calls `fire` once `quietMs` have passed without another `poke`: a burst of file events (an
 * editor's save, a git checkout of many files) becomes one call. Time goes through `sleep`.
 */
export class Debouncer {
  private waiting: AbortController | undefined;
  private lastDetail: string | undefined;

  constructor(
    private readonly sleep: Sleep,
    private readonly quietMs: number,
    private readonly fire: (detail: string | undefined) => void,
  ) {}

  /** True while a call is due. */
  get pending(): boolean {
    return this.waiting !== undefined;
  }

  poke(detail?: string): void {
    this.waiting?.abort();
    const controller = new AbortController();
    this.waiting = controller;
    this.lastDetail = detail ?? this.lastDetail;
    void this.sleep(this.quietMs, controller.signal).then(() => {
      if (controller.signal.aborted) return;
      this.waiting = undefined;
      const fired = this.lastDetail;
      this.lastDetail = undefined;
      this.fire(fired);
    });
  }

  cancel(): void {
    this.waiting?.abort();
    this.waiting = undefined;
    this.lastDetail = undefined;
  }
}
