import type { ApplyObserver } from './apply-observer.js';
import { systemClock, type Clock } from './clock.js';
import type { TextSink } from './json-events-observer.js';

export interface ProgressBarOptions {
  clock?: Clock;
  /** Terminal width; the bar shrinks to fit. Default 80. */
  columns?: number;
  /** Redraw at most this often (ms); results always count, the final state always shows. Default 100. */
  minIntervalMs?: number;
}

/** Carriage return plus "erase line": rewrite the one progress line in place. */
const REWRITE = '\r\u001b[2K';

/**
 * A one-line live progress bar for a TTY (the CLI passes stderr):
 * `[█████░░░░░]  812/2000  41%  19.6/s  ETA 1m01s  2 failed  5 retries`, plus
 * `throttled, resuming in 2.1s` during a 429 pause. Hand-written: one line rewritten with
 * `\r` needs no library. Ends with a newline when the run ends.
 */
export function createProgressBarObserver(sink: TextSink, options: ProgressBarOptions = {}): ApplyObserver {
  const clock = options.clock ?? systemClock;
  const minIntervalMs = options.minIntervalMs ?? 100;
  const state: Omit<ProgressState, 'now'> & { drawnAt: number } = { total: 0, done: 0, failed: 0, skipped: 0, retries: 0, startedAt: clock.now(), pausedUntil: 0, drawnAt: Number.NEGATIVE_INFINITY };

  let queued = false;
  let forced = false;
  const paint = (): void => {
    queued = false;
    const now = clock.now();
    if (!forced && now - state.drawnAt < minIntervalMs) return;
    forced = false;
    state.drawnAt = now;
    // A terminal that reports no width (0, as some pseudo-terminals do) gets the usual 80.
    const columns = options.columns !== undefined && options.columns > 0 ? options.columns : 80;
    sink.write(REWRITE + renderProgressLine({ ...state, now }, columns));
  };
  // The engine reports a batch's results in one synchronous burst: paint once after it.
  const draw = (force: boolean): void => {
    forced ||= force;
    if (queued) return;
    queued = true;
    queueMicrotask(paint);
  };

  return {
    onRunStart: (event) => {
      Object.assign(state, { total: event.total, startedAt: event.startedAt });
      draw(true);
    },
    onRetry: () => {
      state.retries += 1;
      draw(false);
    },
    onPause: (event) => {
      state.pausedUntil = event.until;
      draw(true);
    },
    onResult: (outcome) => {
      state.done += 1;
      if (outcome.status === 'failed') state.failed += 1;
      if (outcome.status === 'skipped') state.skipped += 1;
      if (state.done === state.total) state.finishedAt = clock.now();
      draw(state.done === state.total);
    },
    onRunEnd: () => {
      forced = true;
      paint();
      sink.write('\n');
    },
  };
}

export interface ProgressState {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  retries: number;
  startedAt: number;
  pausedUntil: number;
  now: number;
  /** When the last result came in; the rate stops there, so verification does not lower it. */
  finishedAt?: number;
}

/** The progress line without control characters, fitted to `columns`. */
export function renderProgressLine(state: ProgressState, columns: number): string {
  const elapsedSeconds = Math.max(0, (state.finishedAt ?? state.now) - state.startedAt) / 1000;
  const rate = elapsedSeconds > 0 ? state.done / elapsedSeconds : 0;
  const percent = state.total === 0 ? 100 : Math.floor((state.done / state.total) * 100);
  const counts = `${String(state.done).padStart(String(state.total).length)}/${state.total}`;
  const parts = [counts, `${String(percent).padStart(3)}%`, `${rate.toFixed(1)}/s`];
  if (state.done < state.total) parts.push(rate > 0 ? `ETA ${formatDuration((state.total - state.done) / rate)}` : 'ETA --');
  if (state.failed > 0) parts.push(`${state.failed} failed`);
  if (state.skipped > 0) parts.push(`${state.skipped} skipped`);
  if (state.retries > 0) parts.push(`${state.retries} retries`);
  if (state.pausedUntil > state.now) parts.push(`throttled, resuming in ${((state.pausedUntil - state.now) / 1000).toFixed(1)}s`);
  const text = parts.join('  ');
  const barWidth = Math.max(0, Math.min(30, columns - text.length - 4));
  if (barWidth < 5) return text.slice(0, Math.max(0, columns - 1));
  const filled = state.total === 0 ? barWidth : Math.round((state.done / state.total) * barWidth);
  return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${text}`;
}

/** `45s`, `3m07s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
