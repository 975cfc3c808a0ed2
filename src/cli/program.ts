import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CliContext } from './cli-context.js';
import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import type { StoreFlags } from './open-cli-store.js';
import { parseCount, parseDuration, parsePlanFormat, parseWriteQuota } from './output-format.js';
import { reportError } from './report-error.js';

export const VERSION = '0.1.0';

interface StoreOptionValues {
  store?: string;
  cloud?: string;
  graphUrl?: string;
}

/** `readsConfig`: the command reads a config, whose `store:` is the default; the others read none. */
function withStoreOptions(command: Command, readsConfig = true): Command {
  const fallback = readsConfig ? 'default: the config\'s store:, else file:tenant.json' : 'default: file:tenant.json (this command reads no config)';
  return command
    .option('--store <store>', `where the tenant is: file:PATH (a tenant file) or graph (Microsoft Graph); ${fallback}`)
    .addOption(new Option('--cloud <cloud>', 'national cloud for --store graph').choices(['global', 'usgov', 'usgovdod', 'china']))
    .option('--graph-url <url>', 'Graph root override, e.g. a local Graph emulator');
}

function storeFlags(values: StoreOptionValues): StoreFlags {
  return { store: values.store, cloud: values.cloud, graphUrl: values.graphUrl };
}

const APPLY_EXIT_CODES = `
Exit codes:
  0    every change applied, and the re-read confirmed it in the tenant
  1    an error, an operation failed, or a change that answered success is not in the tenant (lost)
  3    blocked by a guard or a pre-flight check; nothing was applied
  4    the saved plan is stale; nothing was applied
  5    applied, but the tenant did not show every change yet (Microsoft Graph replicates): plan again later
  130  interrupted; requests in flight were finished, the rest not started
`;

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/**
 * The commander program; every action resolves to an exit code through `done`. Commands are
 * imported when they run, so `plan` against a tenant file never loads the Graph sign-in or
 * GitHub libraries.
 */
export function buildProgram(ctx: CliContext, done: (code: ExitCodeValue) => void): Command {
  const run = (task: () => Promise<ExitCodeValue>) => async (): Promise<void> => {
    try {
      done(await task());
    } catch (error) {
      done(reportError(ctx, error));
    }
  };
  const program = new Command('skuform')
    .description('Microsoft 365 / Entra ID license assignment as code: validate, plan and apply licenses from YAML.')
    .version(VERSION)
    .option('--debug', 'show request logs and stack traces (never secrets)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.terminal.stdout.write(s), writeErr: (s) => ctx.terminal.stderr.write(s) })
    .exitOverride();

  program.command('validate')
    .description('check the files: offline against Microsoft\'s catalogue, or against the tenant with --store')
    .argument('[paths...]', 'files or directories of *.yaml (default: skuform.yaml, else licenses/)')
    .option('--store <store>', 'also check names against this tenant: file:PATH or graph')
    .addOption(new Option('--cloud <cloud>', 'national cloud for --store graph').choices(['global', 'usgov', 'usgovdod', 'china']))
    .option('--graph-url <url>', 'Graph root override')
    .addHelpText('after', examples('skuform validate licenses/', 'skuform validate licenses/ --store graph'))
    .action((paths: string[], o: StoreOptionValues) => run(async () => {
      if (o.store === undefined && (o.graphUrl !== undefined || o.cloud !== undefined)) {
        throw new UsageError(`${o.graphUrl !== undefined ? '--graph-url' : '--cloud'} needs --store graph: without --store, validate checks the files offline.`, { hint: 'Add --store graph to check the names against the tenant.' });
      }
      return (await import('./commands/validate.js')).runValidateCommand(ctx, { paths, storeFlags: o.store === undefined ? undefined : storeFlags(o) });
    })());

  withStoreOptions(program.command('plan')
    .description('show what apply would change, with seats and pre-flight checks')
    .argument('[paths...]', 'files or directories of *.yaml (default: skuform.yaml, else licenses/)'))
    .option('--out <file>', 'also save the plan as JSON, to apply exactly it later with apply --plan (signed when SKUFORM_PLAN_KEY is set)')
    .option('--format <format>', 'text, json, markdown or diff', 'text')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option('--max-removals <n>', 'allow this many license removals (overrides settings.maxRemovals)')
    .option('--allow-remove-all', 'allow a plan that removes every managed assignment')
    .option('--comment', 'post the plan as the sticky pull-request comment (GitHub Actions)')
    .option('--pr <number>', 'pull request for --comment (default: from the GitHub Actions event)')
    .addHelpText('after', examples(
      'skuform plan examples/licenses',
      'skuform plan licenses/ --store graph --out plan.json --detailed-exitcode',
      'skuform plan licenses/ --format diff',
    ))
    .action((paths: string[], o: StoreOptionValues & Record<string, string | boolean | undefined>) => run(async () => (await import('./commands/plan.js')).runPlanCommand(ctx, {
      paths,
      storeFlags: storeFlags(o),
      format: parsePlanFormat(o.format as string | undefined),
      out: o.out as string | undefined,
      detailedExitcode: o.detailedExitcode === true,
      maxRemovals: parseCount('--max-removals', o.maxRemovals as string | undefined),
      allowRemoveAll: o.allowRemoveAll === true,
      comment: o.comment === true,
      pr: parseCount('--pr', o.pr as string | undefined, 1),
    }))());

  withStoreOptions(program.command('apply')
    .description('apply a fresh plan from the files, or a saved plan (--plan), through the paced queue')
    .argument('[paths...]', 'files or directories of *.yaml (default: skuform.yaml, else licenses/)'))
    .option('--plan <file>', 'apply this saved plan (from plan --out) after checking it: exit 4 if the tenant changed since, 3 if a guard blocks it now, 1 if it was edited; with SKUFORM_PLAN_KEY set it must carry a valid signature')
    .option('--auto-approve', 'do not ask for confirmation (required without a terminal)')
    .option('--concurrency <n>', 'batches in flight at once (default 4)')
    .option('--max-removals <n>', 'allow this many license removals (overrides settings.maxRemovals; with --plan it applies only when stricter than the plan\'s)')
    .option('--allow-remove-all', 'allow a plan that removes every managed assignment (a saved plan made with it needs it here too)')
    .option('--journal <file>', 'audit journal to append to (default .skuform/journal.jsonl)')
    .option('--deadline <duration>', 'stop starting operations after this long, e.g. 30m')
    .option('--write-quota <writes/seconds>', "pace writes to this quota (Graph's is 3000/150 per app and tenant), or off")
    .addOption(new Option('--format <format>', 'text, or json for JSON-lines progress events on stdout').choices(['text', 'json']).default('text'))
    .option('--no-verify', 'do not re-read the tenant afterwards to confirm every change')
    .addHelpText('after', examples(
      'skuform apply licenses/',
      'skuform plan licenses/ --out plan.json && skuform apply --plan plan.json --auto-approve',
    ))
    .addHelpText('after', APPLY_EXIT_CODES)
    .action((paths: string[], o: StoreOptionValues & Record<string, string | boolean | undefined>) => run(async () => (await import('./commands/apply.js')).runApplyCommand(ctx, {
      paths,
      planFile: o.plan as string | undefined,
      storeFlags: storeFlags(o),
      autoApprove: o.autoApprove === true,
      concurrency: parseCount('--concurrency', o.concurrency as string | undefined, 1),
      maxRemovals: parseCount('--max-removals', o.maxRemovals as string | undefined),
      allowRemoveAll: o.allowRemoveAll === true,
      journal: o.journal as string | undefined,
      json: o.format === 'json',
      deadlineMs: parseDuration('--deadline', o.deadline as string | undefined),
      writeQuota: parseWriteQuota(o.writeQuota as string | undefined),
      verify: o.verify !== false,
    }))());

  withStoreOptions(program.command('watch')
    .description('keep the tenant converged: plan (and with --apply, apply) when the files or the tenant change and every interval')
    .argument('[paths...]', 'files or directories of *.yaml to watch (default: skuform.yaml, else licenses/)'))
    .option('--apply', 'apply plans that pass every check (default: only report pending changes and drift)')
    .addOption(new Option('--interval <duration>', 'check for drift this long after each run, e.g. 30s, 5m, 1h or seconds').default(300_000, '5m').argParser(checked(duration('--interval', 1000))))
    .addOption(new Option('--debounce <duration>', 'wait for file changes to settle this long before a run').default(2_000, '2s').argParser(checked(duration('--debounce', 0))))
    .addOption(new Option('--log-format <format>', 'text (one line per event) or json (one object per line)').choices(['text', 'json']).default('text'))
    .addOption(new Option('--health-port <port>', 'serve GET /healthz and GET /metrics (Prometheus) on this port').argParser(checked((v) => port(v))))
    .option('--health-host <host>', 'address for --health-port', '127.0.0.1')
    .addOption(new Option('--unhealthy-after <n>', '/healthz answers 503 after this many failed runs in a row').default(3).argParser(checked((v) => parseCount('--unhealthy-after', v, 1) as number)))
    .option('--suspend-file <path>', 'while this file exists, report but do not apply')
    .addOption(new Option('--max-removals <n>', 'allow this many license removals per run (overrides settings.maxRemovals)').argParser(checked((v) => parseCount('--max-removals', v) as number)))
    .option('--allow-remove-all', 'allow a plan that removes every managed assignment')
    .option('--journal <file>', 'audit journal to append to with --apply (default .skuform/journal.jsonl)')
    .addHelpText('after', examples(
      'skuform watch licenses/ --store graph --apply --health-port 9464',
      'skuform watch examples/licenses --store file:/tmp/tenant.json --interval 1m --log-format json',
    ))
    .action((paths: string[], o: StoreOptionValues & Record<string, string | number | boolean | undefined>) => run(async () => (await import('./commands/watch.js')).runWatchCommand(ctx, {
      paths,
      storeFlags: storeFlags(o),
      apply: o.apply === true,
      intervalMs: o.interval as number,
      debounceMs: o.debounce as number,
      logFormat: o.logFormat === 'json' ? 'json' : 'text',
      healthPort: o.healthPort as number | undefined,
      healthHost: o.healthHost as string,
      unhealthyAfter: o.unhealthyAfter as number,
      suspendFile: o.suspendFile as string | undefined,
      maxRemovals: o.maxRemovals as number | undefined,
      allowRemoveAll: o.allowRemoveAll === true,
      journal: o.journal as string | undefined,
    }))());

  withStoreOptions(program.command('export')
    .description('write the current direct assignments as a skuform file (part numbers and plan names)'), false)
    .option('--profiles', 'group identical license sets into named profiles')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--snapshot <file>', 'also capture the whole tenant as a tenant file (with --store graph), for offline plans')
    .option('--schema-ref <ref>', 'schema path or URL for the editor comment at the top')
    .addHelpText('after', examples(
      'skuform export --store file:examples/tenant.json --profiles',
      'skuform export --store graph --out licenses/current.yaml --snapshot tenant.json',
    ))
    .action((o: StoreOptionValues & Record<string, string | boolean | undefined>) => run(async () => (await import('./commands/export.js')).runExportCommand(ctx, {
      storeFlags: storeFlags(o),
      profiles: o.profiles === true,
      out: o.out as string | undefined,
      snapshot: o.snapshot as string | undefined,
      schemaRef: o.schemaRef as string | undefined,
    }))());

  withStoreOptions(program.command('skus')
    .description('list subscribed SKUs with friendly names, seats (total/used/free) and service plans'), false)
    .option('--plans', 'list the service plans of every SKU')
    .option('--json', 'print the SKUs as JSON (Graph\'s subscribedSku shape)')
    .addHelpText('after', examples('skuform skus --store file:examples/tenant.json', 'skuform skus --store graph --plans'))
    .action((o: StoreOptionValues & Record<string, string | boolean | undefined>) => run(async () => (await import('./commands/skus.js')).runSkusCommand(ctx, {
      storeFlags: storeFlags(o), plans: o.plans === true, json: o.json === true,
    }))());

  program.command('comment')
    .description('upsert the one sticky plan comment on the pull request (GitHub)')
    .requiredOption('--plan <file>', 'the saved plan (from plan --out)')
    .option('--pr <number>', 'pull request number (default: from the GitHub Actions event)')
    .option('--config-path <path>', 'the config the comment is for (default: the plan\'s files)')
    .addHelpText('after', examples('skuform comment --plan plan.json', 'GITHUB_TOKEN=... GITHUB_REPOSITORY=contoso/licenses skuform comment --plan plan.json --pr 42'))
    .action((o: Record<string, string | undefined>) => run(async () => (await import('./commands/comment.js')).runCommentCommand(ctx, {
      planFile: o.plan as string, pr: parseCount('--pr', o.pr, 1), configPath: o.configPath,
    }))());

  program.command('drift-issue')
    .description('open or update a GitHub issue while the tenant drifts from the files; close it once it does not')
    .requiredOption('--plan <file>', 'the saved plan of a scheduled drift check')
    .option('--config-path <path>', 'the config the issue is for (default: the plan\'s files)')
    .addHelpText('after', examples('skuform plan licenses/ --store graph --out plan.json; skuform drift-issue --plan plan.json'))
    .action((o: Record<string, string | undefined>) => run(async () => (await import('./commands/comment.js')).runDriftIssueCommand(ctx, { planFile: o.plan as string, configPath: o.configPath }))());

  const report = program.command('report').description('read-only reports about the tenant\'s licenses');
  withStoreOptions(report.command('inactive')
    .description('seats held by users who no longer sign in, or whose account is disabled, with what they cost per month')
    .argument('[paths...]', 'the config, for prices and where users are listed (default: skuform.yaml, else licenses/, if there)'))
    .option('--days <n>', 'a last sign-in older than this many days is idle (default 90)')
    .addOption(new Option('--format <format>', 'text, markdown, json, or yaml (the config change that frees the seats)').choices(['text', 'markdown', 'json', 'yaml']).default('text'))
    .option('--schema-ref <ref>', 'with --format yaml: schema path or URL for the editor comment at the top')
    .addHelpText('after', examples(
      'skuform report inactive examples/licenses',
      'skuform report inactive licenses/ --store graph --days 60 --format yaml > licenses/inactive.yaml',
    ))
    .action((paths: string[], o: StoreOptionValues & Record<string, string | boolean | undefined>) => run(async () => {
      const command = await import('./commands/report.js');
      return command.runReportInactiveCommand(ctx, {
        paths,
        storeFlags: storeFlags(o),
        days: parseCount('--days', o.days as string | undefined, 1) ?? command.DEFAULT_INACTIVE_DAYS,
        format: o.format as 'text' | 'markdown' | 'json' | 'yaml',
        schemaRef: o.schemaRef as string | undefined,
      });
    })());

  withStoreOptions(program.command('doctor')
    .description('check sign-in, granted permissions and reachability (graph), or the tenant file'), false)
    .addHelpText('after', examples('skuform doctor --store graph', 'skuform doctor --store file:examples/tenant.json'))
    .action((o: StoreOptionValues) => run(async () => (await import('./commands/doctor.js')).runDoctorCommand(ctx, { storeFlags: storeFlags(o) }))());

  return program;
}

/** A flag value parser whose usage errors commander reports while parsing, before any command runs. */
function checked<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** A duration flag (`30s`, `5m`, `1h`, plain seconds) of at least `minMs`. */
function duration(flag: string, minMs: number): (value: string) => number {
  return (value) => {
    const ms = parseDuration(flag, value) as number;
    if (ms < minMs) throw new UsageError(`${flag} must be at least ${minMs / 1000}s, got "${value}".`);
    return ms;
  };
}

function port(value: string): number {
  const n = parseCount('--health-port', value);
  if (n === undefined || n > 65_535) throw new UsageError(`--health-port needs a port from 0 to 65535, got "${value}".`);
  return n;
}

/** Parses argv and runs one command; resolves to its exit code. Never throws. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  const program = buildProgram(ctx, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    return reportError(ctx, error);
  }
  return code;
}
