import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PauseEvent } from '../../src/apply/apply-observer.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import { openGraphStore } from '../../src/stores/graph/open-graph-store.js';
import { createTestToken } from '../../emulator/access-token.js';
import { sendJson, startLocalHttpServer, type LocalHttpServer } from '../support/local-http-server.js';
import { anOperation, aPlan } from './plan-builders.js';

/**
 * Retry-After as Graph sends it, through the real Graph store over HTTP: fractional seconds
 * (`1.25`) and an HTTP date. The first $batch answers its item 429; the engine must pause
 * every sender until then and send nothing earlier.
 */
async function throttleOnce(retryAfter: () => string): Promise<{ server: LocalHttpServer; batchTimes: number[] }> {
  const batchTimes: number[] = [];
  const server = await startLocalHttpServer((request, response) => {
    batchTimes.push(Date.now());
    const { requests } = JSON.parse(request.body) as { requests: { id: string }[] };
    const first = batchTimes.length === 1;
    sendJson(response, 200, {
      responses: requests.map((item) =>
        first
          ? { id: item.id, status: 429, headers: { 'Retry-After': retryAfter() }, body: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } } }
          : { id: item.id, status: 200, headers: {}, body: {} },
      ),
    });
  });
  return { server, batchTimes };
}

describe('Retry-After through the Graph store', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function run(retryAfter: () => string) {
    const { server, batchTimes } = await throttleOnce(retryAfter);
    cleanups.push(server.close);
    const dir = await mkdtemp(join(tmpdir(), 'skuform-retry-after-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: createTestToken({ roles: ['LicenseAssignment.ReadWrite.All'] }) }, graphUrl: server.url });
    const pauses: PauseEvent[] = [];
    const result = await applyPlan(aPlan([anOperation({ id: '0000a11c-0000-4000-8000-000000000001', add: ['E3'] })]), store, {
      journal: createMemoryJournal(),
      writeQuota: null,
      // This stand-in answers writes only: there is nothing to re-read.
      verify: false,
      observer: { onPause: (event) => pauses.push(event) },
    });
    return { result, pauses, batchTimes };
  }

  it('honours fractional seconds exactly', async () => {
    const { result, pauses, batchTimes } = await run(() => '1.25');
    expect(result.counts.applied).toBe(1);
    expect(pauses.map((pause) => pause.delayMs)).toEqual([1250]);
    expect(batchTimes).toHaveLength(2);
    expect((batchTimes[1] as number) - (batchTimes[0] as number)).toBeGreaterThanOrEqual(1250);
  });

  it('honours an HTTP date', async () => {
    let until = 0;
    const { result, pauses, batchTimes } = await run(() => {
      // Whole seconds, as HTTP dates are: at least one second from now.
      until = (Math.floor(Date.now() / 1000) + 2) * 1000;
      return new Date(until).toUTCString();
    });
    expect(result.counts.applied).toBe(1);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]?.until).toBeGreaterThanOrEqual(until - 50);
    expect(pauses[0]?.delayMs).toBeGreaterThan(900);
    expect(batchTimes[1]).toBeGreaterThanOrEqual(until - 50);
  });
});
