import { describe, expect, it } from 'vitest';
import { createStopController } from '../../src/apply/stop-controller.js';

/** How often each of the controller's signals fired. */
function countAborts(stop: ReturnType<typeof createStopController>): { stop: number; abort: number } {
  const fired = { stop: 0, abort: 0 };
  stop.stopSignal.addEventListener('abort', () => (fired.stop += 1));
  stop.abortSignal.addEventListener('abort', () => (fired.abort += 1));
  return fired;
}

describe('createStopController', () => {
  it('stop(): requests a graceful stop only, named "interrupted" unless told why', () => {
    const stop = createStopController();
    const fired = countAborts(stop);
    stop.stop();
    expect({ stopRequested: stop.stopRequested, abortRequested: stop.abortRequested, reason: stop.reason }).toEqual({ stopRequested: true, abortRequested: false, reason: 'interrupted' });
    expect(fired).toEqual({ stop: 1, abort: 0 });
  });

  it('abort(): implies a stop, fires both signals once, named "aborted" unless told why', () => {
    const stop = createStopController();
    const fired = countAborts(stop);
    stop.abort();
    expect({ stopRequested: stop.stopRequested, abortRequested: stop.abortRequested, reason: stop.reason }).toEqual({ stopRequested: true, abortRequested: true, reason: 'aborted' });
    expect(fired).toEqual({ stop: 1, abort: 1 });
    expect(stop.stopSignal.reason).toBe('aborted');
  });

  it('the first reason given stays, whichever call gave it (a second Ctrl-C after SIGTERM)', () => {
    const stopFirst = createStopController();
    const fired = countAborts(stopFirst);
    stopFirst.stop('SIGTERM');
    stopFirst.stop('SIGINT');
    stopFirst.abort('SIGINT');
    stopFirst.abort('SIGINT');
    expect(stopFirst.reason).toBe('SIGTERM');
    expect(stopFirst.abortSignal.reason).toBe('SIGTERM');
    // Each signal fires once, however often it is asked to.
    expect(fired).toEqual({ stop: 1, abort: 1 });

    const abortFirst = createStopController();
    abortFirst.abort('SIGTERM');
    abortFirst.stop('SIGINT');
    expect(abortFirst.reason).toBe('SIGTERM');
  });
});
