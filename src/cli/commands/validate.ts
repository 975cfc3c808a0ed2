import type { LoadConfigResult } from '../../config/load-config-sources.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Check, CheckCode } from '../../model/plan.js';
import { computePlan } from '../../plan/index.js';
import { describeCheckSentence } from '../../render/describe-check.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { loadConfigFiles, queryFor, resolveAgainstStore, resolveOrExit } from '../make-plan.js';
import { openCliStore, type StoreFlags } from '../open-cli-store.js';
import { countErrors, reportConfigDiagnostics } from '../report-diagnostics.js';

export interface ValidateCommandOptions {
  paths: string[];
  /** With a store, names are checked against the tenant instead of the bundled catalogue. */
  storeFlags?: StoreFlags;
}

/** Plan checks that are about the files themselves (names that do not exist in the tenant), not about seats or guards. */
const CONFIG_CHECKS: ReadonlySet<CheckCode> = new Set<CheckCode>([
  'principal-not-found', 'principal-duplicate', 'group-ambiguous', 'tenant-mismatch', 'group-not-security-enabled', 'sku-not-assignable',
]);

function toDiagnostic(check: Check): Diagnostic {
  return { severity: check.severity === 'error' ? 'error' : 'warning', code: check.code, message: describeCheckSentence(check), location: check.source, hint: check.hint };
}

/** Against a tenant: its own SKU list, and every user and group must exist (and groups be unambiguous). */
async function validateAgainstTenant(ctx: CliContext, loaded: LoadConfigResult, flags: StoreFlags): Promise<number> {
  const store = await openCliStore(ctx, flags, loaded.config);
  try {
    const desired = await resolveAgainstStore(ctx, loaded, store);
    const snapshot = await store.readSnapshot({ ...queryFor(desired), holdersOf: [], members: false, namesOnly: true });
    const plan = computePlan(desired, snapshot, { storeLocation: store.location, configFiles: loaded.config.files, now: ctx.now().getTime() });
    const diagnostics = plan.checks.filter((c) => CONFIG_CHECKS.has(c.code)).map(toDiagnostic);
    return reportConfigDiagnostics(ctx, diagnostics, loaded.sources);
  } finally {
    await store.close();
  }
}

/** `skuform validate`: every problem in the files at once, as `path:line:col: error: message`. */
export async function runValidateCommand(ctx: CliContext, options: ValidateCommandOptions): Promise<ExitCodeValue> {
  const loaded = await loadConfigFiles(ctx, options.paths);
  // Offline (and whenever the files themselves are broken): names against Microsoft's catalogue.
  if (options.storeFlags === undefined || countErrors(loaded.diagnostics) > 0) {
    resolveOrExit(ctx, loaded, 'catalogue');
  } else if ((await validateAgainstTenant(ctx, loaded, options.storeFlags)) > 0) {
    return ExitCode.error;
  }
  const { config } = loaded;
  const against = options.storeFlags === undefined ? "Microsoft's catalogue" : 'the tenant';
  ctx.terminal.stdout.write(
    `Valid: ${config.files.length} file(s), ${config.users.length} users, ${config.groups.length} groups, ${config.profiles.size} profiles; names checked against ${against}.\n`,
  );
  return ExitCode.ok;
}
