import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFiles, queryFor, resolveAgainstStore } from '../../../src/cli/make-plan.js';
import { reportError } from '../../../src/cli/report-error.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { computePlan } from '../../../src/plan/index.js';
import { openGraphStore } from '../../../src/stores/graph/open-graph-store.js';
import { createTestToken } from '../../../emulator/access-token.js';
import { createSeededRandom } from '../../../emulator/seeded-random.js';
import { startGraphEmulator, type GraphEmulator } from '../../../emulator/start-graph-emulator.js';
import { aCliContext } from '../../support/cli-context.js';
import { jsonMutants } from '../../support/json-mutants.js';
import { ROOT } from '../../support/run-cli.js';
import { startLocalHttpServer, type LocalHttpServer } from '../../support/local-http-server.js';

/**
 * Graph's answers are untrusted: hundreds of plans of the example config through the Graph
 * store, each with one answer of the emulator replaced on the way by a hostile variant (cut
 * off, wrong types, huge values, deep nesting). Each plan succeeds or ends in a clear error;
 * never a stack trace, never "a bug", and nothing is written to the tenant.
 */
const RUNS = 200;
const ROLES = ['User.Read.All', 'GroupMember.Read.All', 'Organization.Read.All', 'LicenseAssignment.Read.All'];

describe('fuzzing Graph answers', () => {
  let emulator: GraphEmulator;
  let proxy: LocalHttpServer;
  /** Which request (method, URL and body) to answer with `replacement`, every time it is sent. */
  let target = '';
  let replacement = '';
  /** Requests and answers of the last run, in order. */
  const answers: { request: string; body: string }[] = [];

  beforeAll(async () => {
    const tenant = JSON.parse(await readFile(join(ROOT, 'examples', 'tenant.json'), 'utf8')) as TenantDocument;
    emulator = await startGraphEmulator({ tenant });
    proxy = await startLocalHttpServer(async (request, response) => {
      const answer = await fetch(`${emulator.url}${request.url}`, {
        method: request.method,
        headers: { authorization: request.headers.authorization ?? '', 'content-type': 'application/json' },
        ...(request.method === 'GET' ? {} : { body: request.body }),
      });
      const body = await answer.text();
      const key = `${request.method} ${request.url} ${request.body}`;
      answers.push({ request: key, body });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(key === target ? replacement : body);
    });
  });
  afterAll(async () => {
    await proxy.close();
    await emulator.stop();
  });

  /** What `skuform plan examples/licenses --store graph` does, with instant retries. */
  async function planThroughProxy(): Promise<{ code: number; stderr: string }> {
    const { ctx, stderr } = aCliContext({ cwd: ROOT, env: {} });
    const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: createTestToken({ roles: ROLES }) }, graphUrl: proxy.url, sleep: () => Promise.resolve(), maxRetries: 2, timeoutMs: 20_000 });
    try {
      const loaded = await loadConfigFiles(ctx, ['examples/licenses']);
      const desired = await resolveAgainstStore(ctx, loaded, store);
      const snapshot = await store.readSnapshot(queryFor(desired));
      computePlan(desired, snapshot, { storeLocation: store.location, configFiles: ['examples/licenses'] });
      return { code: 0, stderr: stderr.text };
    } catch (error) {
      return { code: reportError(ctx, error), stderr: stderr.text };
    } finally {
      await store.close();
    }
  }

  it(`plans or fails clearly with ${RUNS} mangled answers`, async () => {
    target = '';
    answers.length = 0;
    expect((await planThroughProxy()).code).toBe(0);
    const clean = [...answers];
    const next = createSeededRandom(20_261_205);
    let failed = 0;
    for (let run = 0; run < RUNS; run++) {
      const pick = Math.floor(next() * clean.length);
      const chosen = clean[pick];
      const [mutant] = jsonMutants(JSON.parse(chosen?.body ?? 'null'), 1, 1000 + run);
      if (mutant === undefined || chosen === undefined) throw new Error('no mutant');
      target = chosen.request;
      replacement = mutant.text;
      const { code, stderr } = await planThroughProxy();
      const label = `${chosen.request.slice(0, 120)}: ${mutant.label}`;
      expect([ExitCode.ok, ExitCode.error], label).toContain(code);
      expect(stderr, label).not.toContain('looks like a bug');
      expect(stderr, label).not.toMatch(/\n\s+at /);
      if (code !== ExitCode.ok) failed += 1;
    }
    expect(emulator.stats.writes).toBe(0);
    expect(failed).toBeGreaterThan(RUNS * 0.2);
    console.log(`graph-answer fuzz: ${RUNS} runs over ${clean.length} answers per plan, ${RUNS - failed} planned, ${failed} failed clearly`);
  }, 600_000);
});
