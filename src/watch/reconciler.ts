import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { applyPlan } from '../apply/apply-plan.js';
import type { ApplyOptions } from '../apply/apply-options.js';
import type { Clock } from '../apply/clock.js';
import type { Journal } from '../apply/journal.js';
import { createStopController, type StopController } from '../apply/stop-controller.js';
import { loadCatalog, planFriendlyName, skuDisplayName } from '../catalog/index.js';
import type { DesiredState } from '../model/desired.js';
import type { Plan } from '../model/plan.js';
import type { SnapshotFeed } from '../model/snapshot-feed.js';
import type { Snapshot } from '../model/snapshot.js';
import { StoreError, type Store } from '../model/store.js';
import { computePlan, snapshotQueryFor } from '../plan/index.js';
import { renderPlanSummaryLine } from '../render/render-plan-summary-line.js';
import { classifyDrift } from './classify-drift.js';
import { ConfigKeeper } from './config-keeper.js';
import { logBlockingChecks, logDiagnostics, logDrift, logFailedOutcomes, logPendingOperations } from './log-run.js';
import { afterApplied, observeTenant, type Observation } from './observe-tenant.js';
import type { FinishedRun, Trigger } from './triggers.js';
import type { LogLevel, WatchLogger } from './watch-log.js';
import type { RunResult, WatchMetrics } from './watch-metrics.js';
import type { HealthState } from './health-server.js';

export interface ReconcilerOptions {
  /** Config files and directories, as given (relative to `cwd`). */
  paths: readonly string[];
  cwd: string;
  store: Store;
  feed: SnapshotFeed;
  /** Apply plans that pass every check; false: report only. */
  apply: boolean;
  maxRemovals?: number;
  allowRemoveAll?: boolean;
  /** While this file exists, nothing is applied. */
  suspendFile?: string;
  journal: Journal;
  /** Engine settings (concurrency, pacing, clock and sleep in tests). */
  applyOptions?: Omit<ApplyOptions, 'journal' | 'stop' | 'takeLock' | 'observer'>;
  log: WatchLogger;
  metrics: WatchMetrics;
  clock: Clock;
  /** Consecutive failed runs after which the process reports itself unhealthy. */
  unhealthyAfter: number;
}

interface RunOutcome {
  result: RunResult;
  message: string;
  desired?: DesiredState;
}

/**
 * One reconciliation run after another, with what they share: the config in force, the last
 * observation of the tenant (to classify drift), the failure count (for health). A run never
 * throws: whatever goes wrong is logged, counted, and the loop goes on.
 */
export class Reconciler {
  private readonly config: ConfigKeeper;
  private baseline: Observation | undefined;
  private lastPlanKey: string | undefined;
  private runCount = 0;
  private failures = 0;
  private lastFailure: string | undefined;
  private current: StopController | undefined;

  constructor(private readonly options: ReconcilerOptions) {
    this.config = new ConfigKeeper(options.paths, options.cwd, () => options.clock.now());
  }

  /** Healthy until `unhealthyAfter` runs in a row have failed. */
  health(): HealthState {
    const { failures } = this;
    if (failures >= this.options.unhealthyAfter) return { healthy: false, detail: `${failures} runs in a row failed; the last: ${this.lastFailure ?? 'unknown'}` };
    if (failures > 0) return { healthy: true, detail: `${failures} of the last runs failed (unhealthy from ${this.options.unhealthyAfter})` };
    return { healthy: true, detail: this.runCount === 0 ? 'starting: no run has ended yet' : `${this.runCount} ${this.runCount === 1 ? 'run' : 'runs'}, the last one did not fail` };
  }

  /** Second signal: the run in flight starts no new operation. Third: requests in flight are aborted. */
  interruptRun(signal: string): 'stopping' | 'aborting' | 'idle' {
    const stop = this.current;
    if (stop === undefined) return 'idle';
    if (!stop.stopRequested) {
      stop.stop(signal);
      return 'stopping';
    }
    stop.abort(signal);
    return 'aborting';
  }

  async run(triggers: readonly Trigger[]): Promise<FinishedRun> {
    this.runCount += 1;
    const [first] = triggers;
    const log = this.options.log.child({ runId: this.runCount, trigger: first?.kind ?? 'startup' });
    const details = [...new Set(triggers.map((t) => (t.detail === undefined || t.kind === first?.kind ? t.detail ?? '' : `${t.kind}: ${t.detail}`)))].filter((d) => d !== '');
    log.log('info', 'run-start', details.join('; '), {});
    const started = this.options.clock.now();
    const stop = createStopController();
    this.current = stop;
    let outcome: RunOutcome;
    try {
      outcome = await this.reconcile(log, triggers, stop);
    } catch (error) {
      outcome = { result: 'failed', message: error instanceof Error ? error.message : String(error) };
      log.log('error', 'run-failed', outcome.message, { hint: error instanceof StoreError ? error.hint : undefined });
    } finally {
      this.current = undefined;
    }
    const endedAt = this.options.clock.now();
    this.failures = outcome.result === 'failed' ? this.failures + 1 : 0;
    if (outcome.result === 'failed') this.lastFailure = outcome.message;
    this.options.metrics.recordRun({ trigger: first?.kind ?? 'startup', result: outcome.result, endedAtMs: endedAt, consecutiveFailures: this.failures });
    const level: LogLevel = outcome.result === 'failed' ? 'error' : 'info';
    log.log(level, 'run-end', outcome.message, { result: outcome.result, durationMs: endedAt - started });
    if (this.failures === this.options.unhealthyAfter) log.log('error', 'unhealthy', `${this.failures} runs in a row failed; /healthz now answers 503`, {});
    return { endedAt, ...(outcome.desired === undefined ? {} : { desired: outcome.desired }) };
  }

  private async reconcile(log: WatchLogger, triggers: readonly Trigger[], stop: StopController): Promise<RunOutcome> {
    const { options } = this;
    const refreshed = await this.config.refresh(triggers.some((t) => t.kind === 'config' || t.kind === 'startup'));
    if (refreshed.reloaded) logDiagnostics(log, 'config-invalid', refreshed.problems);
    const release = options.apply ? await options.store.lock() : undefined;
    try {
      const overview = await options.feed.beginRound(stop.abortSignal);
      const config = this.config.resolve(overview.skus);
      options.metrics.setConfigValid(config.ok && config.current);
      if (!config.ok) {
        logDiagnostics(log, 'config-invalid', config.problems);
        return { result: 'failed', message: config.message };
      }
      logDiagnostics(log, config.current ? 'config-warning' : 'config-invalid', config.problems);
      if (!config.current) log.log('warn', 'config-kept', `the files are invalid; the config loaded at ${new Date(config.loadedAt).toISOString()} stays in force`, {});
      const { desired } = config;
      const query = snapshotQueryFor(desired);
      const read = await options.feed.readSnapshot(query, stop.abortSignal);
      if (read.resync === true) log.log('warn', 'store-resync', read.reason ?? 'change tracking was lost; read everything again', {});
      else log.log('debug', 'store-read', `${read.read} read${read.reason === undefined ? '' : ` (${read.reason})`}`, { ...read.changes });
      const plan = this.plan(desired, read.snapshot);
      const observation = observeTenant(read.snapshot, desired.settings.managedSkuIds, JSON.stringify(query));
      this.reportDrift(log, read.snapshot, observation);
      return { ...(await this.act(log, plan, desired, observation, stop)), desired };
    } finally {
      await release?.();
    }
  }

  private plan(desired: DesiredState, snapshot: Snapshot): Plan {
    const catalog = loadCatalog();
    return computePlan(desired, snapshot, {
      storeLocation: this.options.store.location,
      configFiles: this.options.paths.length > 0 ? [...this.options.paths] : desired.files,
      skuDisplayName: (id) => skuDisplayName(catalog, id),
      servicePlanFriendlyName: (id) => planFriendlyName(catalog, id),
      maxRemovals: this.options.maxRemovals,
      allowRemoveAll: this.options.allowRemoveAll,
      // Entries with from/until are judged at the run's time, as plan does.
      now: this.options.clock.now(),
    });
  }

  private reportDrift(log: WatchLogger, snapshot: Snapshot, observation: Observation): void {
    if (this.baseline === undefined) return;
    const findings = classifyDrift(this.baseline, observation, listedPrincipals(snapshot));
    logDrift(log, findings);
    for (const finding of findings) this.options.metrics.recordDrift(finding.kind);
  }

  /** Applies, or says why not; moves the baseline forward by what was applied. */
  private async act(log: WatchLogger, plan: Plan, desired: DesiredState, observation: Observation, stop: StopController): Promise<RunOutcome> {
    const { options } = this;
    this.baseline = observation;
    const planKey = JSON.stringify(plan.operations.map((operation) => [operation.id, operation.request]));
    const repeated = planKey === this.lastPlanKey;
    this.lastPlanKey = planKey;
    const count = plan.operations.length;
    options.metrics.setPending(count);
    if (count > 0 && !repeated) logPendingOperations(log, plan);
    if (plan.blocked) {
      logBlockingChecks(log, plan);
      return { result: 'blocked', message: renderPlanSummaryLine(plan) };
    }
    if (count === 0) return { result: 'converged', message: renderPlanSummaryLine(plan) };
    if (!options.apply) return { result: 'pending', message: `${renderPlanSummaryLine(plan)} Not applied: watch runs without --apply.` };
    const suspended = await this.suspendedBy(desired);
    if (suspended !== undefined) {
      log.log('warn', 'suspended', `not applying: ${suspended}`, {});
      return { result: 'suspended', message: `${renderPlanSummaryLine(plan)} Not applied: suspended.` };
    }
    log.log('info', 'apply-start', renderPlanSummaryLine(plan), { operations: count });
    const result = await applyPlan(plan, options.store, { ...options.applyOptions, journal: options.journal, stop, takeLock: false });
    const { applied, failed, skipped } = result.counts;
    options.metrics.recordApply(applied, failed);
    options.metrics.setPending(failed + skipped);
    logFailedOutcomes(log, plan, result);
    this.baseline = afterApplied(observation, plan, result);
    this.lastPlanKey = failed + skipped > 0 ? planKey : undefined;
    const message = `${applied} applied, ${failed} failed, ${skipped} skipped${result.interrupted ? ` (interrupted: ${result.interruptReason ?? 'stop'})` : ''}`;
    log.log(failed > 0 ? 'error' : 'info', 'apply-end', message, { applied, failed, skipped, durationMs: result.elapsedMs });
    return { result: failed > 0 ? 'failed' : 'applied', message };
  }

  private async suspendedBy(desired: DesiredState): Promise<string | undefined> {
    if (desired.settings.suspend === true) return `settings.suspend is true${desired.settings.source ? ` (${desired.settings.source.file}:${desired.settings.source.line})` : ''}`;
    const file = this.options.suspendFile === undefined ? undefined : resolve(this.options.cwd, this.options.suspendFile);
    if (file !== undefined && (await access(file).then(() => true, () => false))) return `the suspend file ${file} exists`;
    return undefined;
  }
}

/** Operation-style keys (`user:<id>`) of the principals the config's keys name. */
function listedPrincipals(snapshot: Snapshot): Set<string> {
  const listed = new Set<string>();
  for (const ids of snapshot.resolved.users.values()) for (const id of ids) listed.add(`user:${id}`);
  for (const ids of snapshot.resolved.groups.values()) for (const id of ids) listed.add(`group:${id}`);
  return listed;
}
