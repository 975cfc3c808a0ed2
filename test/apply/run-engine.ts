import type { ApplyObserver, OperationRetryEvent, OperationStartEvent, PauseEvent } from '../../src/apply/apply-observer.js';
import type { ApplyOptions } from '../../src/apply/apply-options.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal, type MemoryJournal } from '../../src/apply/journal.js';
import type { ApplyResult, OperationOutcome } from '../../src/model/apply-result.js';
import type { Plan } from '../../src/model/plan.js';
import type { Store } from '../../src/model/store.js';
import type { FakeClock } from './fake-clock.js';

/** Everything an observer saw, with the fake time of each event. */
export interface RecordedEvents {
  starts: (OperationStartEvent & { at: number })[];
  retries: (OperationRetryEvent & { at: number })[];
  pauses: (PauseEvent & { at: number })[];
  results: (OperationOutcome & { at: number })[];
  groupProcessing: OperationOutcome[];
  runStarts: number;
  runEnds: ApplyResult[];
}

export function recordingObserver(clock: FakeClock): { observer: ApplyObserver; events: RecordedEvents } {
  const events: RecordedEvents = { starts: [], retries: [], pauses: [], results: [], groupProcessing: [], runStarts: 0, runEnds: [] };
  return {
    events,
    observer: {
      onRunStart: () => {
        events.runStarts += 1;
      },
      onStart: (event) => events.starts.push({ ...event, at: clock.now() }),
      onRetry: (event) => events.retries.push({ ...event, at: clock.now() }),
      onPause: (event) => events.pauses.push({ ...event, at: clock.now() }),
      onResult: (outcome) => events.results.push({ ...outcome, at: clock.now() }),
      onGroupProcessing: (outcome) => events.groupProcessing.push(outcome),
      onRunEnd: (result) => events.runEnds.push(result),
    },
  };
}

/** A sink for an observer's output: every chunk written, in order. */
export function textSink(): { chunks: string[]; write: (chunk: string) => void } {
  const chunks: string[] = [];
  return { chunks, write: (chunk) => chunks.push(chunk) };
}

/** Runs the engine on the fake clock with a memory journal and fixed jitter. */
export async function runEngine(
  plan: Plan,
  store: Store,
  clock: FakeClock,
  options: Partial<ApplyOptions> = {},
): Promise<{ result: ApplyResult; journal: MemoryJournal; events: RecordedEvents }> {
  const journal = createMemoryJournal();
  const { observer, events } = recordingObserver(clock);
  const result = await clock.runUntilSettled(
    applyPlan(plan, store, { journal, observer, clock, sleep: clock.sleep, random: () => 0.5, runId: 'run-1', ...options }),
  );
  return { result, journal, events };
}

export function outcomeOf(result: ApplyResult, operationId: string): OperationOutcome {
  const outcome = result.outcomes.find((candidate) => candidate.operationId === operationId);
  if (outcome === undefined) throw new Error(`no outcome for ${operationId}`);
  return outcome;
}
