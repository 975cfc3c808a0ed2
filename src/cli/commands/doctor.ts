import type { DoctorCheck, DoctorReport } from '../../stores/graph/doctor.js';
import { runGraphDoctor } from '../../stores/graph/doctor.js';
import { parseStoreSpec } from '../../stores/open-store.js';
import { isGraphCloud } from '../../stores/graph/graph-cloud.js';
import { sanitizeText } from '../../render/sanitize-text.js';
import { createTextStyle, type TextStyle } from '../../render/text-style.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { chooseStore, openCliStore, type StoreFlags } from '../open-cli-store.js';

export interface DoctorCommandOptions {
  storeFlags: StoreFlags;
}

const MARK: Record<DoctorCheck['status'], (s: TextStyle) => string> = {
  pass: (s) => s.green('ok  '),
  info: (s) => s.cyan('info'),
  warn: (s) => s.yellow('warn'),
  fail: (s) => s.red('FAIL'),
  skip: (s) => s.dim('skip'),
};

function renderReport(report: Pick<DoctorReport, 'store' | 'checks' | 'canPlan' | 'canApply'>, color: boolean): string {
  const style = createTextStyle(color);
  const lines = [style.bold(`skuform doctor — ${sanitizeText(report.store)}`), ''];
  for (const check of report.checks) {
    lines.push(`  ${MARK[check.status](style)}  ${sanitizeText(`${check.title}: ${check.detail}`)}`);
    if (check.hint && check.status !== 'pass') lines.push(`        ${style.cyan('hint:')} ${sanitizeText(check.hint)}`);
  }
  lines.push('', `Plan: ${report.canPlan ? 'ready' : 'not ready'}. Apply: ${report.canApply ? 'ready' : 'not ready'}.`);
  return `${lines.join('\n')}\n`;
}

/** A tenant file: readable, consistent, not locked by an apply. */
async function fileDoctor(ctx: CliContext, flags: StoreFlags): Promise<Pick<DoctorReport, 'store' | 'checks' | 'canPlan' | 'canApply'>> {
  const warnings: string[] = [];
  const store = await openCliStore(ctx, flags, undefined, (message) => warnings.push(message));
  const checks: DoctorCheck[] = [];
  let canPlan = false;
  let canApply = false;
  try {
    const overview = await store.readOverview();
    checks.push({ id: 'read', title: 'Tenant file', status: 'pass', detail: `${overview.tenant.displayName || overview.tenant.id}: ${overview.skus.length} SKUs` });
    checks.push(warnings.length === 0
      ? { id: 'consistency', title: 'Consistency', status: 'pass', detail: 'derived fields match the direct assignments and groups' }
      : { id: 'consistency', title: 'Consistency', status: 'warn', detail: warnings.join('; '), hint: 'skuform recomputes them; the next apply writes the corrected file.' });
    canPlan = true;
    const release = await store.lock();
    await release();
    checks.push({ id: 'lock', title: 'Apply lock', status: 'pass', detail: 'free' });
    canApply = true;
  } catch (error) {
    const e = error as { message: string; hint?: string };
    checks.push({ id: canPlan ? 'lock' : 'read', title: canPlan ? 'Apply lock' : 'Tenant file', status: 'fail', detail: e.message, hint: e.hint });
  } finally {
    await store.close();
  }
  return { store: store.location, checks, canPlan, canApply };
}

/** `skuform doctor`: sign-in, permissions and reachability (Graph), or the tenant file's health. */
export async function runDoctorCommand(ctx: CliContext, options: DoctorCommandOptions): Promise<ExitCodeValue> {
  const { spec, baseDir } = chooseStore(ctx, options.storeFlags);
  const parsed = parseStoreSpec(spec, baseDir);
  let report: Pick<DoctorReport, 'store' | 'checks' | 'canPlan' | 'canApply'>;
  if (parsed.kind === 'graph') {
    const cloud = options.storeFlags.cloud ?? 'global';
    if (!isGraphCloud(cloud)) throw new UsageError(`Unknown cloud "${cloud}".`, { hint: 'Use --cloud global, usgov, usgovdod or china.' });
    report = await runGraphDoctor({ env: ctx.env, cloud, graphUrl: parsed.graphUrl ?? options.storeFlags.graphUrl });
  } else {
    report = await fileDoctor(ctx, options.storeFlags);
  }
  ctx.terminal.stdout.write(renderReport(report, ctx.terminal.color));
  // Any failing check fails the command, so a CI step running doctor stops there.
  return report.canPlan && !report.checks.some((check) => check.status === 'fail') ? ExitCode.ok : ExitCode.error;
}
