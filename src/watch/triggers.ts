import type { DesiredState } from '../model/desired.js';

/**
 * Why a reconciliation run starts. A new kind of trigger is a new member here and a
 * TriggerSource: a timer for a point in time (see createTimerTrigger), a file watcher, or
 * anything else that calls `fire`.
 */
export type TriggerKind =
  /** The run every watch process starts with. */
  | 'startup'
  /** A config file or directory changed (or a symlink above it was re-pointed). */
  | 'config'
  /** The tenant file of a file store changed. */
  | 'tenant'
  /** `--interval` passed since the last run ended. */
  | 'interval'
  /** A dated license entry (`from` / `until`) of the config in force starts or ends now. */
  | 'lifecycle';

export interface Trigger {
  kind: TriggerKind;
  /** What fired it, for the log: a path, `every 5m`. */
  detail?: string;
  /**
   * Asked just before a queued run starts: false when the cause has gone away, e.g. the tenant
   * file changed only because the last run wrote it.
   */
  stillRelevant?: () => Promise<boolean>;
}

/** What sources learn when a run has ended. */
export interface FinishedRun {
  /** Epoch ms. */
  endedAt: number;
  /** The desired state the run planned with, when it got that far (a schedule may derive its next time from it). */
  desired?: DesiredState;
}

/**
 * Somewhere triggers come from. `afterRun` is called (and awaited) after every run and before
 * the next one starts: timers re-arm there, watchers note what the run itself wrote.
 */
export interface TriggerSource {
  start(fire: (trigger: Trigger) => void): Promise<void>;
  afterRun(run: FinishedRun): Promise<void>;
  stop(): Promise<void>;
}
