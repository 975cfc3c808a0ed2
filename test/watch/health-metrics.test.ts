import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchMetrics } from '../../src/watch/watch-metrics.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { startHarness, tinyTenant, type Harness } from './watch-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const REQUIRED = {
  skuform_reconcile_runs_total: 'counter',
  skuform_last_run_timestamp_seconds: 'gauge',
  skuform_last_run_success: 'gauge',
  skuform_drift_detected_total: 'counter',
  skuform_operations_applied_total: 'counter',
  skuform_operations_failed_total: 'counter',
  skuform_pending_operations: 'gauge',
  skuform_store_requests_total: 'counter',
  skuform_config_valid: 'gauge',
};

async function get(url: string, init: RequestInit = {}): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('/metrics', () => {
  it('serves Prometheus text with every required metric, as a strict reader of the format reads it', async () => {
    harness = await startHarness({ apply: true, health: { host: '127.0.0.1', port: 0 } });
    const url = harness.watch.healthUrl ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, type, body } = await get(`${url}/metrics`);
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(body);
    for (const [name, kind] of Object.entries(REQUIRED)) {
      expect(families.get(name)?.type, name).toBe(kind);
      expect(families.get(name)?.help, name).toBeTruthy();
    }
    expect(families.get('skuform_reconcile_runs_total')?.samples).toEqual([{ name: 'skuform_reconcile_runs_total', labels: { trigger: 'startup', result: 'applied' }, value: 1 }]);
    expect(families.get('skuform_operations_applied_total')?.samples[0]?.value).toBe(1);
    expect(families.get('skuform_last_run_timestamp_seconds')?.samples[0]?.value).toBe(harness.clock.now() / 1000);
    expect(families.get('skuform_store_requests_total')?.samples[0]?.value).toBe(0);
  });

  it('escapes label values a Prometheus server must read back exactly', async () => {
    const metrics = new WatchMetrics();
    metrics.recordRun({ trigger: 'config "quoted" \\ back\nslash', result: 'failed', endedAtMs: 1_700_000_000_000, consecutiveFailures: 1 });
    metrics.recordStoreRequests(3);
    const families = parsePrometheusText((await metrics.render()).text);
    expect(families.get('skuform_reconcile_runs_total')?.samples[0]?.labels).toEqual({ trigger: 'config "quoted" \\ back\nslash', result: 'failed' });
    expect(families.get('skuform_store_requests_total')?.samples[0]?.value).toBe(3);
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
  });

  it('rejects what Prometheus would reject (the reader is strict)', () => {
    expect(() => parsePrometheusText('a 1')).toThrow(/newline/);
    expect(() => parsePrometheusText('a{b="x} 1\n')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('a 1\nb 2\na 3\n')).toThrow(/not together|duplicate/);
    expect(() => parsePrometheusText('a 1\n# TYPE a counter\n')).toThrow(/after its samples/);
    expect(() => parsePrometheusText('a{b="1",b="2"} 1\n')).toThrow(/twice/);
    expect(() => parsePrometheusText('a one\n')).toThrow(/bad value/);
  });
});

describe('/healthz', () => {
  it('answers 200, then 503 after the configured number of failed runs in a row, then 200 again', async () => {
    harness = await startHarness({ unhealthyAfter: 2, health: { host: '127.0.0.1', port: 0 }, prepare: (dir) => rm(join(dir, 'tenant.json')) });
    const url = `${harness.watch.healthUrl ?? ''}/healthz`;
    expect(harness.runs()).toMatchObject([{ result: 'failed' }]);
    expect(await get(url)).toMatchObject({ status: 200, body: expect.stringMatching(/^ok: 1 of the last runs failed/) });
    await harness.afterInterval();
    const unhealthy = await get(url);
    expect(unhealthy.status).toBe(503);
    expect(unhealthy.body).toMatch(/^unhealthy: 2 runs in a row failed; the last: .*tenant\.json/);
    expect(harness.events.filter((e) => e.event === 'unhealthy')).toHaveLength(1);
    expect((await get(`${harness.watch.healthUrl ?? ''}/metrics`)).body).toMatch(/^skuform_last_run_success 0$/m);

    await writeFile(harness.tenantFile, JSON.stringify(tinyTenant()));
    await harness.afterInterval();
    expect(await get(url)).toMatchObject({ status: 200, body: expect.stringMatching(/^ok: /) });
  });

  it('serves nothing else, and only GET and HEAD', async () => {
    harness = await startHarness({ health: { host: '127.0.0.1', port: 0 } });
    const root = harness.watch.healthUrl ?? '';
    expect((await get(`${root}/`)).status).toBe(404);
    expect((await get(`${root}/metrics`, { method: 'POST' })).status).toBe(405);
    expect(await get(`${root}/healthz`, { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
  });
});
