import type { Clock, Sleep } from '../apply/clock.js';
import type { FinishedRun, Trigger, TriggerKind, TriggerSource } from './triggers.js';

export interface TimerTriggerOptions {
  kind: TriggerKind;
  /** For the log, e.g. `every 5m`. */
  detail: string;
  clock: Clock;
  sleep: Sleep;
  /**
   * When to fire next (epoch ms), worked out after each run; undefined: not until a later run
   * says otherwise. The interval is `endedAt + interval`; a schedule of dated changes would
   * return the next date at which the desired state changes.
   */
  nextAt: (run: FinishedRun) => number | undefined;
}

/**
 * A trigger "at time T", re-armed after every run from that run's outcome. Waiting goes
 * through the injected sleep, so tests move a fake clock instead of waiting.
 */
export function createTimerTrigger(options: TimerTriggerOptions): TriggerSource {
  let fire: ((trigger: Trigger) => void) | undefined;
  let waiting: AbortController | undefined;
  const cancel = (): void => {
    waiting?.abort();
    waiting = undefined;
  };
  return {
    async start(onFire) {
      fire = onFire;
    },
    async afterRun(run) {
      cancel();
      const at = options.nextAt(run);
      if (at === undefined || fire === undefined) return;
      const controller = new AbortController();
      waiting = controller;
      void options.sleep(Math.max(0, at - options.clock.now()), controller.signal).then(() => {
        if (controller.signal.aborted) return;
        waiting = undefined;
        fire?.({ kind: options.kind, detail: options.detail });
      });
    },
    async stop() {
      cancel();
      fire = undefined;
    },
  };
}

/** Fires `intervalMs` after each run ends, whatever triggered that run. */
export function createIntervalTrigger(intervalMs: number, detail: string, clock: Clock, sleep: Sleep): TriggerSource {
  return createTimerTrigger({ kind: 'interval', detail, clock, sleep, nextAt: (run) => run.endedAt + intervalMs });
}
