/**
 * Serialises the flushes of one file and merges every change made while a flush is running
 * into the next one (group commit): however many batches are in flight, at most one write
 * runs at a time, at most one more waits, and each change is on disk before its caller is
 * told it succeeded.
 *
 * Callers change the shared in-memory state synchronously and then call `commit()` in the
 * same tick, so a flush that starts after the change (and serialises the state when it
 * starts) always includes it.
 */
export class GroupCommit {
  readonly #flush: () => Promise<void>;
  #running: Promise<void> | undefined;
  #next: Waiters | undefined;
  #flushes = 0;

  /** `flush` writes the current state; it is never called while another call runs. */
  constructor(flush: () => Promise<void>) {
    this.#flush = flush;
  }

  /** True while a flush runs or waits: the in-memory state is then ahead of the file. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Flushes started so far. */
  get flushes(): number {
    return this.#flushes;
  }

  /**
   * Resolves once a flush that started after this call has finished; rejects with that
   * flush's error. A flush that fails also fails the changes queued behind it: they were made
   * to the same state, which the caller's flush is expected to discard on failure.
   */
  commit(): Promise<void> {
    if (this.#running === undefined) return this.#start();
    this.#next ??= createWaiters();
    return this.#next.promise;
  }

  #start(): Promise<void> {
    this.#flushes += 1;
    const run = this.#flush();
    const tracked = run.then(
      () => this.#finish({ ok: true }),
      (error: unknown) => this.#finish({ ok: false, error }),
    );
    this.#running = tracked;
    return run;
  }

  #finish(outcome: { ok: true } | { ok: false; error: unknown }): void {
    this.#running = undefined;
    const next = this.#next;
    this.#next = undefined;
    if (next === undefined) return;
    if (!outcome.ok) {
      next.reject(outcome.error);
      return;
    }
    this.#start().then(next.resolve, next.reject);
  }
}

interface Waiters {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function createWaiters(): Waiters {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Nobody may be waiting yet when a flush fails; the error still reaches whoever awaits it.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
