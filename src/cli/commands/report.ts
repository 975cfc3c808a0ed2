import { loadCatalog, skuDisplayName } from '../../catalog/index.js';
import { DEFAULT_SCHEMA_REF } from '../../config/export-config.js';
import type { LoadConfigResult } from '../../config/load-config-sources.js';
import { assertNever } from '../../model/plan.js';
import { StoreError, type Store } from '../../model/store.js';
import type { InactiveReport, ReportConfig } from '../../report/index.js';
import { readInactiveReport, renderInactiveJson, renderInactiveMarkdown, renderInactiveText, renderInactiveYaml } from '../../report/index.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { loadConfigFiles, resolveAgainstStore, resolveOrExit } from '../make-plan.js';
import { openCliStore, type StoreFlags } from '../open-cli-store.js';
import { countErrors } from '../report-diagnostics.js';

export type ReportFormat = 'text' | 'markdown' | 'json' | 'yaml';

export interface ReportInactiveOptions {
  paths: string[];
  storeFlags: StoreFlags;
  /** A sign-in older than this many days is idle. */
  days: number;
  format: ReportFormat;
  schemaRef?: string;
}

export const DEFAULT_INACTIVE_DAYS = 90;

function render(report: InactiveReport, options: ReportInactiveOptions): string {
  switch (options.format) {
    case 'text': return renderInactiveText(report);
    case 'markdown': return renderInactiveMarkdown(report);
    case 'json': return renderInactiveJson(report);
    case 'yaml': return renderInactiveYaml(report, { schemaRef: options.schemaRef ?? DEFAULT_SCHEMA_REF });
    default: return assertNever(options.format);
  }
}

/** The config's part in the report: prices, managed SKUs and where each user is listed. */
async function reportConfigOf(ctx: CliContext, loaded: LoadConfigResult, store: Store): Promise<ReportConfig> {
  const desired = await resolveAgainstStore(ctx, loaded, store);
  const { settings } = desired;
  const config: ReportConfig = {
    prices: settings.prices ?? {},
    managedSkuIds: settings.managedSkuIds,
    users: desired.users.map((u) => ({ key: u.key, source: u.source, empty: u.licenses.length === 0 })),
  };
  if (settings.currency !== undefined) config.currency = settings.currency;
  if (settings.billing !== undefined) config.billing = settings.billing;
  return config;
}

/**
 * Graph refuses `$select=signInActivity` without AuditLog.Read.All, and on tenants without
 * Microsoft Entra ID P1: plans never ask for it, so a 403 here is almost always that.
 */
function withSignInHint(error: unknown): unknown {
  if (!(error instanceof StoreError) || error.status !== 403) return error;
  const hint = 'Reading sign-in activity needs the application permission AuditLog.Read.All (with admin consent) and a tenant with '
    + 'Microsoft Entra ID P1 or P2; `skuform doctor --store graph` shows what the token carries.';
  return new StoreError(error.message, { status: error.status, code: error.code, requestId: error.requestId, hint, cause: error });
}

/**
 * `skuform report inactive`: seats held by licensed users who have not signed in for
 * `--days` days or never did, and by disabled accounts, with what they cost per month when
 * the config has prices. Read-only. Without PATHs and without a default config it reports on
 * the store alone.
 */
export async function runReportInactiveCommand(ctx: CliContext, options: ReportInactiveOptions): Promise<ExitCodeValue> {
  const loaded = await loadConfigFiles(ctx, options.paths);
  const withConfig = options.paths.length > 0 || !loaded.diagnostics.some((d) => d.code === 'no-config');
  if (withConfig && countErrors(loaded.diagnostics) > 0) resolveOrExit(ctx, loaded, 'catalogue');
  const store = await openCliStore(ctx, options.storeFlags, withConfig ? loaded.config : undefined);
  try {
    const config = withConfig ? await reportConfigOf(ctx, loaded, store) : undefined;
    const catalog = loadCatalog();
    const report = await readInactiveReport(store, {
      now: ctx.now().getTime(), days: options.days, skuDisplayName: (id) => skuDisplayName(catalog, id), ...(config === undefined ? {} : { config }),
    }).catch((error: unknown) => {
      throw withSignInHint(error);
    });
    ctx.terminal.stdout.write(render(report, options));
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}
