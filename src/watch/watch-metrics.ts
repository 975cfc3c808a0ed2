import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** How a reconciliation run ended (the `result` label). */
export type RunResult = 'converged' | 'pending' | 'applied' | 'blocked' | 'suspended' | 'failed';

/**
 * The Prometheus metrics of one watch process, in its own registry (prom-client), served as
 * text on `/metrics`. Counters only go up for the life of the process; gauges say how the last
 * run left things.
 */
export class WatchMetrics {
  readonly registry = new Registry();
  private readonly runs = new Counter({
    name: 'skuform_reconcile_runs_total',
    help: 'Reconciliation runs, by what triggered them and how they ended (converged, pending, applied, blocked, suspended, failed).',
    labelNames: ['trigger', 'result'] as const,
    registers: [this.registry],
  });
  private readonly lastRun = new Gauge({ name: 'skuform_last_run_timestamp_seconds', help: 'When the last run ended, in seconds since the epoch.', registers: [this.registry] });
  private readonly lastSuccess = new Gauge({ name: 'skuform_last_run_success', help: '1 when the last run did not fail, else 0.', registers: [this.registry] });
  private readonly drift = new Counter({
    name: 'skuform_drift_detected_total',
    help: 'Changes made outside skuform that were detected, by kind (changed-outside, new-holder, sku-changed).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly applied = new Counter({ name: 'skuform_operations_applied_total', help: 'Operations (one assignLicense call each) applied.', registers: [this.registry] });
  private readonly failed = new Counter({ name: 'skuform_operations_failed_total', help: 'Operations that failed when applied.', registers: [this.registry] });
  private readonly pending = new Gauge({ name: 'skuform_pending_operations', help: 'Operations the last plan had that are not applied (report-only, blocked, suspended or failed).', registers: [this.registry] });
  private readonly requests = new Counter({
    name: 'skuform_store_requests_total',
    help: 'Requests sent to the assignment store: HTTP requests for Microsoft Graph (a $batch counts once), reads and writes for a tenant file.',
    registers: [this.registry],
  });
  private readonly configValid = new Gauge({ name: 'skuform_config_valid', help: '1 when the config files as they are now are valid, 0 while the last good config is kept in force.', registers: [this.registry] });
  private readonly consecutiveFailures = new Gauge({ name: 'skuform_consecutive_failed_runs', help: 'Runs that failed in a row; /healthz answers 503 from the configured threshold.', registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.lastSuccess.set(1);
    this.configValid.set(1);
    this.pending.set(0);
    this.consecutiveFailures.set(0);
    for (const kind of ['changed-outside', 'new-holder', 'sku-changed']) this.drift.inc({ kind }, 0);
  }

  recordRun(run: { trigger: string; result: RunResult; endedAtMs: number; consecutiveFailures: number }): void {
    this.runs.inc({ trigger: run.trigger, result: run.result });
    this.lastRun.set(run.endedAtMs / 1000);
    this.lastSuccess.set(run.result === 'failed' ? 0 : 1);
    this.consecutiveFailures.set(run.consecutiveFailures);
  }

  recordDrift(kind: string, count = 1): void {
    this.drift.inc({ kind }, count);
  }

  recordApply(applied: number, failed: number): void {
    this.applied.inc(applied);
    this.failed.inc(failed);
  }

  setPending(operations: number): void {
    this.pending.set(operations);
  }

  recordStoreRequests(count = 1): void {
    this.requests.inc(count);
  }

  setConfigValid(valid: boolean): void {
    this.configValid.set(valid ? 1 : 0);
  }

  /** The exposition text and its content type, for `/metrics`. */
  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
