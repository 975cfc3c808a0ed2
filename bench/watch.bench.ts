import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/apply/clock.js';
import { createMemoryJournal } from '../src/apply/journal.js';
import { openGraphStore } from '../src/stores/graph/open-graph-store.js';
import { Reconciler } from '../src/watch/reconciler.js';
import { createWatchLogger } from '../src/watch/watch-log.js';
import { WatchMetrics } from '../src/watch/watch-metrics.js';
import { generateTenant } from '../emulator/generate-tenant.js';
import { startGraphEmulator } from '../emulator/start-graph-emulator.js';
import { median } from './verdict.js';

/**
 * SPEC 10: a drift round of `skuform watch` on a quiet Graph tenant costs the same at 1,000
 * and 50,000 users. Each size: the emulator (50 ms latency) over a generated tenant, a config
 * of 40 users and a group, one start-up run (the full read), then quiet rounds, each measured
 * in HTTP requests (the emulator's count) and wall time.
 */
export interface WatchBenchResult {
  users: number;
  startupRequests: number;
  roundRequests: number[];
  roundMs: number[];
}

const CONFIG = `settings:\n  managedSkus: [SPE_E3]\nusers:\n${Array.from({ length: 40 }, (_, n) => `  user${n * 5}@contoso.example: [{ sku: SPE_E3 }]`).join('\n')}\ngroups:\n  Team 1: { licenses: [{ sku: SPE_E3 }] }\n`;

export async function runWatchBench(users: number, rounds: number): Promise<WatchBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-watch-bench-'));
  const emulator = await startGraphEmulator({ tenant: generateTenant({ users }), cloneTenant: false, latency: 50 });
  try {
    await mkdir(join(dir, 'licenses'));
    await writeFile(join(dir, 'licenses', 'users.yaml'), CONFIG);
    const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: emulator.token }, graphUrl: emulator.url });
    const reconciler = new Reconciler({
      paths: ['licenses'],
      cwd: dir,
      store,
      feed: store.openSnapshotFeed(),
      apply: false,
      journal: createMemoryJournal(),
      log: createWatchLogger({ format: 'json', clock: systemClock, sink: { write: () => undefined } }),
      metrics: new WatchMetrics({ processMetrics: false }),
      clock: systemClock,
      unhealthyAfter: 3,
    });
    emulator.resetStats();
    await reconciler.run([{ kind: 'startup' }]);
    const startupRequests = emulator.stats.httpRequests;
    const roundRequests: number[] = [];
    const roundMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      emulator.resetStats();
      const started = performance.now();
      await reconciler.run([{ kind: 'interval' }]);
      roundMs.push(performance.now() - started);
      roundRequests.push(emulator.stats.httpRequests);
    }
    return { users, startupRequests, roundRequests, roundMs };
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatWatchBench(results: readonly WatchBenchResult[]): string {
  const lines = results.map((r) => `  ${r.users.toLocaleString('en-US').padStart(7)} users: start-up ${r.startupRequests} requests; quiet round ${[...new Set(r.roundRequests)].join('/')} request(s), median ${median(r.roundMs).toFixed(0)} ms`);
  const [small, large] = results;
  if (small && large) {
    const same = small.roundRequests.every((n) => n === large.roundRequests[0]) && large.roundRequests.every((n) => n === small.roundRequests[0]);
    lines.push(`  requests per quiet round equal at both sizes: ${same ? 'yes' : 'NO'}; time ratio ${(median(large.roundMs) / median(small.roundMs)).toFixed(2)}x`);
  }
  return lines.join('\n');
}
