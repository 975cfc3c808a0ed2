import type { ApplyObserver } from './apply-observer.js';
import { systemClock, systemSleep, type Clock, type Random, type Sleep } from './clock.js';
import type { Journal } from './journal.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { StopController } from './stop-controller.js';
import { GRAPH_WRITE_QUOTA, maxBurstFor, type WriteQuota } from './write-pacer.js';

/** How long to follow Graph's asynchronous processing of group operations. */
export interface GroupProcessingPolicy {
  /** Give up reading after this long (the outcome then says processing had not finished). 0: do not poll. */
  maxWaitMs: number;
  /**
   * Wait before the first read on a store whose reads lag (Graph): a read right after the
   * write often still shows the previous state. Other stores are read at once.
   */
  firstPollDelayMs: number;
  /** Delay between the first and the second read; doubles per read. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** How long to re-read before calling an applied change unconfirmed (stores whose reads lag only). */
export interface VerifyPolicy {
  /** Stop re-reading after this long; what is still not seen is then `not-yet-visible` or `lost`. */
  maxWaitMs: number;
  /** Delay before the second read; doubles per read. The first read is immediate. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Graph usually shows a write everywhere within seconds; a minute covers a slow replica. */
export const DEFAULT_VERIFY: VerifyPolicy = { maxWaitMs: 60_000, initialDelayMs: 2_000, maxDelayMs: 15_000 };

export const DEFAULT_GROUP_PROCESSING: GroupProcessingPolicy = { maxWaitMs: 300_000, firstPollDelayMs: 5_000, initialDelayMs: 2_000, maxDelayMs: 30_000 };

/** Batches in flight at once by default (each up to the store's batch size). */
export const DEFAULT_CONCURRENCY = 4;

export interface ApplyOptions {
  /** The audit log; see `openFileJournal` and `defaultJournalPath`. */
  journal: Journal;
  observer?: ApplyObserver;
  /** SIGINT/SIGTERM: see `createStopController`. */
  stop?: StopController;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /**
   * Cap below the store's own `maxBatchSize` (e.g. 1 for a one-call-at-a-time run). Under a
   * write quota batches are also kept to 3 % of it (see maxBurstFor).
   */
  maxBatchSize?: number;
  /**
   * Write quota to pace to. Default: Graph's directory write quota when the store says its
   * writes are paced (`pacedWrites`), none otherwise. null: never pace.
   */
  writeQuota?: WriteQuota | null;
  /** Share of the quota to aim for, in (0, 1]; see WritePacer. */
  utilisation?: number;
  retry?: Partial<RetryPolicy>;
  /** Overall limit in ms from the start; operations not started by then end `skipped` (deadline). */
  deadlineMs?: number;
  groupProcessing?: Partial<GroupProcessingPolicy>;
  /**
   * Re-read the applied principals after the last phase and confirm each change (default on).
   * false: skip it (`--no-verify`); outcomes then carry no `verification`.
   */
  verify?: Partial<VerifyPolicy> | false;
  /** Take the store's exclusive apply lock for the run (default true). */
  takeLock?: boolean;
  /** Identifies the run in the journal; default a random UUID. */
  runId?: string;
  clock?: Clock;
  sleep?: Sleep;
  random?: Random;
}

/** ApplyOptions with every default filled in. */
export interface ResolvedApplyOptions {
  journal: Journal;
  observer: ApplyObserver;
  stop: StopController | undefined;
  concurrency: number;
  maxBatchSize: number;
  writeQuota: WriteQuota | null;
  utilisation: number | undefined;
  retry: RetryPolicy;
  deadlineMs: number | undefined;
  groupProcessing: GroupProcessingPolicy;
  /** null: verification switched off. */
  verify: VerifyPolicy | null;
  takeLock: boolean;
  runId: string;
  clock: Clock;
  sleep: Sleep;
  random: Random;
}

export function resolveApplyOptions(
  options: ApplyOptions,
  store: { maxBatchSize: number; pacedWrites: boolean },
  newRunId: () => string,
): ResolvedApplyOptions {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const writeQuota = options.writeQuota === undefined ? (store.pacedWrites ? GRAPH_WRITE_QUOTA : null) : options.writeQuota;
  const burst = writeQuota === null ? Number.POSITIVE_INFINITY : maxBurstFor(writeQuota);
  const maxBatchSize = Math.max(1, Math.min(store.maxBatchSize, options.maxBatchSize ?? store.maxBatchSize, burst));
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (retry.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
  return {
    journal: options.journal,
    observer: options.observer ?? {},
    stop: options.stop,
    concurrency,
    maxBatchSize,
    writeQuota,
    utilisation: options.utilisation,
    retry,
    deadlineMs: options.deadlineMs,
    groupProcessing: checkedWaits('groupProcessing', { ...DEFAULT_GROUP_PROCESSING, ...options.groupProcessing }),
    verify: options.verify === false ? null : checkedWaits('verify', { ...DEFAULT_VERIFY, ...options.verify }),
    takeLock: options.takeLock ?? true,
    runId: options.runId ?? newRunId(),
    clock: options.clock ?? systemClock,
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
  };
}

/**
 * A wait's delays must grow from a positive start: a delay of 0 doubles to 0 and would re-read
 * the store back to back until the wait ends.
 */
function checkedWaits<T extends VerifyPolicy & { firstPollDelayMs?: number }>(name: string, policy: T): T {
  if (!(policy.maxWaitMs >= 0)) throw new RangeError(`${name}.maxWaitMs must be 0 or more, got ${policy.maxWaitMs}`);
  if (!(policy.initialDelayMs > 0)) throw new RangeError(`${name}.initialDelayMs must be positive, got ${policy.initialDelayMs}`);
  if (!(policy.maxDelayMs >= policy.initialDelayMs)) throw new RangeError(`${name}.maxDelayMs must be at least initialDelayMs, got ${policy.maxDelayMs}`);
  if (policy.firstPollDelayMs !== undefined && !(policy.firstPollDelayMs >= 0)) throw new RangeError(`${name}.firstPollDelayMs must be 0 or more, got ${policy.firstPollDelayMs}`);
  return policy;
}
