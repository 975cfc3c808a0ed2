import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { startGraphEmulator } from '../../emulator/start-graph-emulator.js';
import { CLI, copyExamples, EXAMPLE_NOW, ROOT, runCli } from '../support/run-cli.js';
import { parsePrometheusText } from '../support/prometheus-text.js';

interface WatchProcess {
  child: ChildProcess;
  events: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the first event matching, or rejects when the process exits first. */
  next(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exit: Promise<number | null>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function startWatchProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): WatchProcess {
  const child = spawn(process.execPath, [CLI, 'watch', ...args], { cwd, env: { ...process.env, SKUFORM_NOW: EXAMPLE_NOW, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  const waiters: { match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const event = JSON.parse(line) as Record<string, unknown>;
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => {
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(`skuform watch exited (${code}) first; stderr: ${stderr}`));
    resolve(code);
  }));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return {
    child,
    events,
    stderr: () => stderr,
    exit,
    next: (match) => {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }));
    },
  };
}

describe('skuform watch (the built CLI)', () => {
  it('runs at start, serves /healthz and /metrics, and exits 0 on SIGTERM', async () => {
    const { dir, cleanup } = await copyExamples();
    cleanups.push(cleanup);
    const watch = startWatchProcess(['examples/licenses', '--store', 'file:examples/tenant.json', '--health-port', '0', '--log-format', 'json', '--interval', '1h'], dir);
    const listening = await watch.next((e) => e.event === 'health-listening');
    const ended = await watch.next((e) => e.event === 'run-end');
    expect(ended).toMatchObject({ level: 'info', runId: 1, trigger: 'startup', result: 'pending', message: 'Plan: 7 to assign, 5 to update, 4 to remove; +10 seats, +€288.00 / month. Not applied: watch runs without --apply.' });
    expect(watch.events.filter((e) => e.event === 'pending')).toHaveLength(14);
    const url = String(listening.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const metrics = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
    expect(metrics.get('skuform_pending_operations')?.samples[0]?.value).toBe(14);
    expect(metrics.get('skuform_store_requests_total')?.samples[0]?.value).toBeGreaterThan(0);
    expect(metrics.get('skuform_config_valid')?.samples[0]?.value).toBe(1);
    watch.child.kill('SIGTERM');
    expect(await watch.exit).toBe(0);
    expect(watch.events.at(-1)).toMatchObject({ event: 'watch-stop', runs: 1 });
    expect(watch.stderr()).toBe('');
  });

  it('on SIGTERM finishes the run in flight; a second SIGTERM starts no new operation in it', async () => {
    const tenant = JSON.parse(await readFile(join(ROOT, 'examples', 'tenant.json'), 'utf8')) as TenantDocument;
    for (const [signals, expectation] of [[1, { skipped: 0 }], [2, { skippedAtLeast: 1 }]] as const) {
      const emulator = await startGraphEmulator({ tenant, latency: 250 });
      cleanups.push(() => emulator.stop());
      const watch = startWatchProcess(['examples/licenses', '--store', `graph:${emulator.url}`, '--apply', '--log-format', 'json', '--journal', join(tmpdir(), `skuform-watch-journal-${process.pid}-${signals}.jsonl`)], ROOT, { SKUFORM_GRAPH_TOKEN: emulator.token });
      await watch.next((e) => e.event === 'apply-start');
      // Signals of one kind sent back to back may arrive as one: wait for each to be seen.
      for (let n = 1; n <= signals; n++) {
        watch.child.kill('SIGTERM');
        await watch.next((e) => e.event === 'watch-stopping' && watch.events.filter((x) => x.event === 'watch-stopping').length >= n);
      }
      expect(await watch.exit).toBe(0);
      const end = watch.events.find((e) => e.event === 'apply-end') as { applied: number; skipped: number };
      expect(watch.events.find((e) => e.event === 'run-end')).toMatchObject({ result: 'applied' });
      if ('skipped' in expectation) expect(end).toMatchObject({ applied: 14, skipped: 0 });
      else expect(end.skipped).toBeGreaterThanOrEqual(expectation.skippedAtLeast);
      expect(watch.events.at(-1)).toMatchObject({ event: 'watch-stop' });
    }
  });

  it('refuses bad flag values before starting anything', async () => {
    const run = await runCli(['watch', '--interval', '5x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--interval needs a duration such as 90s, 5m or 2h, got "5x"');
  });

  it('says so when the health port is taken', async () => {
    const { dir, cleanup } = await copyExamples();
    cleanups.push(cleanup);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as AddressInfo).port;
    const run = await runCli(['watch', join('examples', 'licenses'), '--store', 'file:examples/tenant.json', '--health-port', String(port)], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: Cannot serve /healthz and /metrics on 127.0.0.1:${port} (EADDRINUSE).`);
    expect(run.stderr).toContain('choose another --health-port');
  });
});
