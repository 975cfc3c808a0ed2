import type { ApplyObserver } from './apply-observer.js';
import { stringifyJson } from '../render/sanitize-text.js';
import { systemClock, type Clock } from './clock.js';

/** Version of the JSON-lines event stream of `apply --format json` (in the run-start event). */
export const APPLY_EVENTS_FORMAT_VERSION = 1;

/** Where observers write: a Writable stream or anything with `write(string)`. */
export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * Writes one JSON object per line per engine event (`--format json`): `run-start`,
 * `operation-start`, `retry`, `pause`, `result`, `group-processing`, `verify`, `run-end`. Each has
 * `event` and `time` (ISO 8601); results carry the full OperationOutcome.
 */
export function createJsonEventsObserver(sink: TextSink, clock: Clock = systemClock): ApplyObserver {
  const emit = (event: string, fields: Record<string, unknown>): void => {
    sink.write(`${stringifyJson({ event, time: new Date(clock.now()).toISOString(), ...fields })}\n`);
  };
  return {
    onRunStart: (event) =>
      emit('run-start', {
        formatVersion: APPLY_EVENTS_FORMAT_VERSION,
        runId: event.runId,
        total: event.total,
        phases: event.phases,
        targetWritesPerSecond: Number.isFinite(event.targetRate) ? event.targetRate : null,
      }),
    onStart: (event) =>
      emit('operation-start', {
        operationId: event.operation.id,
        principal: event.operation.principal,
        phase: event.operation.phase,
        attempt: event.attempt,
        addSkuIds: event.addSkuIds,
        removeSkuIds: event.removeSkuIds,
      }),
    onRetry: (event) => emit('retry', { operationId: event.operation.id, attempt: event.attempt, delayMs: event.delayMs, cause: event.cause }),
    onPause: (event) => emit('pause', { delayMs: event.delayMs, until: new Date(event.until).toISOString(), cause: event.cause }),
    onResult: (outcome) => emit('result', { outcome }),
    onGroupProcessing: (outcome) => emit('group-processing', { outcome }),
    onVerify: (outcome) => emit('verify', { outcome }),
    onRunEnd: (result) =>
      emit('run-end', {
        counts: result.counts,
        interrupted: result.interrupted,
        interruptReason: result.interruptReason ?? null,
        elapsedMs: result.elapsedMs,
        verification: result.verification ?? null,
        journalPath: result.journalPath ?? null,
      }),
  };
}
