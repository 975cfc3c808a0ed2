import { setMaxListeners } from 'node:events';

/**
 * How the CLI (SIGINT/SIGTERM) stops a run. Two levels, like terraform: the first signal is
 * a graceful stop (start nothing new, let requests in flight finish, skip the rest), the
 * second aborts in-flight requests too.
 */
export interface StopController {
  /** Graceful: no new requests; in-flight ones finish; the rest end `skipped` (interrupted). */
  stop(reason?: string): void;
  /** Immediate: also aborts requests in flight (their AbortSignal fires). Implies stop. */
  abort(reason?: string): void;
  readonly stopRequested: boolean;
  readonly abortRequested: boolean;
  /** What was given to stop() or abort() first, e.g. `SIGINT`. */
  readonly reason: string | undefined;
  /** Aborts on stop() or abort(): wakes every wait of the engine. */
  readonly stopSignal: AbortSignal;
  /** Aborts on abort() only: handed to the store with each request. */
  readonly abortSignal: AbortSignal;
}

/** A fresh controller; the CLI calls `stop()` on the first signal and `abort()` on the second. */
export function createStopController(): StopController {
  const stopping = new AbortController();
  const aborting = new AbortController();
  // The engine and the store listen once per wait and per request in flight.
  setMaxListeners(0, stopping.signal, aborting.signal);
  let reason: string | undefined;
  // abort() on an AbortController that has aborted already does nothing: a second call keeps
  // the first reason and fires no listener again.
  return {
    stop(why = 'interrupted') {
      reason ??= why;
      stopping.abort(reason);
    },
    abort(why = 'aborted') {
      reason ??= why;
      stopping.abort(reason);
      aborting.abort(reason);
    },
    get stopRequested() {
      return stopping.signal.aborted;
    },
    get abortRequested() {
      return aborting.signal.aborted;
    },
    get reason() {
      return reason;
    },
    stopSignal: stopping.signal,
    abortSignal: aborting.signal,
  };
}
