import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src/stores/graph/graph-client.js';
import { openGraphStore } from '../../../src/stores/graph/open-graph-store.js';
import { FakeClock, flushCallbacks } from '../../apply/fake-clock.js';
import { startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';
import { generateLargeTenant } from './graph-tenants.js';

const running: EmulatedGraph[] = [];
afterEach(async () => {
  for (const graph of running.splice(0)) await graph.stop();
});

/** What went over the wire and what the client saw, in one order (`seq`) and on the fake clock (`at`). */
interface Trace {
  sends: { seq: number; at: number }[];
  /** 429s as the emulator sent them, with their Retry-After. */
  answered: { at: number; retryAfterMs: number }[];
  /** 429s once the client had read them (its debug events). */
  seen: { seq: number; at: number }[];
  inFlight: number;
  maxInFlight: number;
}

function traced(clock: FakeClock) {
  const trace: Trace = { sends: [], answered: [], seen: [], inFlight: 0, maxInFlight: 0 };
  let seq = 0;
  const fetchWatched: FetchLike = async (url, init) => {
    trace.sends.push({ seq: seq++, at: clock.now() });
    trace.inFlight++;
    trace.maxInFlight = Math.max(trace.maxInFlight, trace.inFlight);
    try {
      const response = await fetch(url, init);
      // Read to the end here, so that nothing is still arriving once the request counts as done.
      const body = await response.clone().text();
      const noted = (retryAfter: unknown) => trace.answered.push({ at: clock.now(), retryAfterMs: Number(retryAfter) * 1000 });
      if (response.status === 429) noted(response.headers.get('retry-after'));
      if (url.endsWith('/$batch') && response.ok) {
        for (const item of (JSON.parse(body) as { responses: { status: number; headers?: Record<string, string> }[] }).responses) {
          if (item.status === 429) noted(item.headers?.['Retry-After']);
        }
      }
      return response;
    } finally {
      trace.inFlight--;
    }
  };
  const debug = (event: { status: number }) => {
    if (event.status === 429) trace.seen.push({ seq: seq++, at: clock.now() });
  };
  return { trace, fetchWatched, debug };
}

/**
 * Runs `work`, moving the fake clock to the next timer only while no request is in flight:
 * requests take no time, waits take all of it. Reads that slip out while others wait for a
 * pause would then go out at the very moment the pause began.
 */
async function runWhileIdle<T>(clock: FakeClock, trace: Trace, work: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = work.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  const tick = () => new Promise((resolve) => setTimeout(resolve, 2));
  while (!settled) {
    await flushCallbacks();
    if (settled) break;
    await tick();
    if (settled || trace.inFlight > 0) continue;
    if (!clock.fireNext()) await tick();
  }
  return tracked;
}

describe('Graph store reads under read throttling', () => {
  it.each([
    ['looked up in many $batches', 1_500],
    ['scanned page after page', 20_000],
  ])('pause every read after a 429 until its Retry-After, with at most 4 in flight, when %s', async (_how, listed) => {
    const clock = new FakeClock();
    // 30 resource units per 10 s: a $batch of 20 lookups costs 20, a page of 999 users 1.
    const graph = await startEmulatedGraph(generateLargeTenant(20_000), {
      clock: { now: () => clock.now(), sleep: (ms) => clock.sleep(ms) },
      resourceUnitQuota: { limit: 30, windowSeconds: 10 },
    });
    running.push(graph);
    const { trace, fetchWatched, debug } = traced(clock);
    const store = openGraphStore({ ...graph.options(), fetch: fetchWatched, debug, now: () => clock.now(), sleep: clock.sleep });
    const users = Array.from({ length: listed }, (_, i) => `user${(i * 13) % 20_000}@contoso.com`);

    const snapshot = await runWhileIdle(clock, trace, store.readSnapshot({ users, groups: ['Team 1', 'Team 2', 'Team 3'], holdersOf: [], members: true }));

    expect([...snapshot.resolved.users.values()].every((ids) => ids.length === 1)).toBe(true);
    expect(snapshot.groups.map((group) => group.members.length)).toEqual([20, 20, 20]);
    expect(trace.seen.length).toBeGreaterThan(0);
    // Once the client has read a 429, no read goes out before that Retry-After has passed.
    for (const throttle of trace.seen) {
      const retryAfterMs = Math.min(...trace.answered.filter((answer) => answer.at === throttle.at).map((answer) => answer.retryAfterMs));
      const early = trace.sends.filter((send) => send.seq > throttle.seq && send.at < throttle.at + retryAfterMs);
      expect(early).toEqual([]);
    }
    expect(trace.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('sends independent $batches side by side, up to 4 at a time', async () => {
    const graph = await startEmulatedGraph(generateLargeTenant(20_000), { latency: 20 });
    running.push(graph);
    const { trace, fetchWatched } = traced(new FakeClock());
    const store = openGraphStore({ ...graph.options(), fetch: fetchWatched });
    const users = Array.from({ length: 3_000 }, (_, i) => `user${i * 6}@contoso.com`);
    await store.readSnapshot({ users, groups: [], holdersOf: [], members: false });
    // 200 lookups are 10 $batches: they overlap, never more than 4 at once.
    expect(trace.maxInFlight).toBe(4);
  });
});
