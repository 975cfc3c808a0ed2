import type { LoadedConfig } from '../config/loaded-config.js';
import { sanitizeText } from '../render/sanitize-text.js';
import type { Store } from '../model/store.js';
import type { GraphDebugLogger } from '../stores/graph/graph-client.js';
import { isGraphCloud } from '../stores/graph/graph-cloud.js';
import { openStore, parseStoreSpec } from '../stores/open-store.js';
import type { CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';
import type { InputFile } from './local-files.js';

/** The store flags every command shares. */
export interface StoreFlags {
  store?: string;
  cloud?: string;
  graphUrl?: string;
}

/** The store used when neither `--store` nor the config's `store:` names one. */
export const DEFAULT_STORE = 'file:tenant.json';

/** Which store to use: the flag wins over the config's `store:` (relative to its file), else the default. */
export function chooseStore(ctx: CliContext, flags: StoreFlags, config?: LoadedConfig): { spec: string; baseDir: string } {
  if (flags.store !== undefined) return { spec: flags.store, baseDir: ctx.cwd };
  if (config?.store !== undefined) return { spec: config.store.value, baseDir: config.store.baseDir ?? ctx.cwd };
  return { spec: DEFAULT_STORE, baseDir: ctx.cwd };
}

/** The tenant file the command reads, when the chosen store is one (an input no output may overwrite). */
export function storeFileOf(ctx: CliContext, flags: StoreFlags, config?: LoadedConfig): InputFile[] {
  const { spec, baseDir } = chooseStore(ctx, flags, config);
  const parsed = parseStoreSpec(spec, baseDir);
  return parsed.kind === 'file' ? [{ what: 'the tenant file', path: parsed.path }] : [];
}

/** `--graph-url` and `--cloud` mean nothing to a tenant file: say so rather than ignore them. */
export function refuseGraphFlagsForFile(flags: StoreFlags, spec: string, baseDir: string): void {
  const flag = flags.graphUrl !== undefined ? '--graph-url' : flags.cloud !== undefined ? '--cloud' : undefined;
  if (flag === undefined || parseStoreSpec(spec, baseDir).kind !== 'file') return;
  throw new UsageError(`${flag} applies to Microsoft Graph, but the store is the tenant file ${spec}.`, {
    hint: `Add --store graph to use Graph${flag === '--graph-url' ? ' at that URL' : ''}, or drop ${flag}.`,
  });
}

function debugLogger(ctx: CliContext, observe?: GraphDebugLogger): GraphDebugLogger | undefined {
  if (!ctx.debug) return observe;
  return (event) => {
    observe?.(event);
    const extra = event.batchSize === undefined ? '' : ` batch=${event.batchSize}`;
    const id = event.requestId === undefined ? '' : ` request-id=${event.requestId}`;
    ctx.terminal.stderr.write(`debug: ${sanitizeText(`${event.method} ${event.path} -> ${event.status} in ${event.ms} ms${extra}${id}`)}\n`);
  };
}

/** Opens the chosen store; warnings about the tenant file go to stderr unless `onWarning` takes them. */
export async function openCliStore(
  ctx: CliContext,
  flags: StoreFlags,
  config?: LoadedConfig,
  onWarning: (message: string) => void = (message) => ctx.terminal.stderr.write(`warning: ${sanitizeText(message)}\n`),
  /** Sees every Graph request (watch counts them); never headers or tokens. */
  observeGraph?: GraphDebugLogger,
): Promise<Store> {
  const cloud = flags.cloud ?? 'global';
  if (!isGraphCloud(cloud)) {
    throw new UsageError(`Unknown cloud "${cloud}".`, { hint: 'Use --cloud global, usgov, usgovdod or china.' });
  }
  const { spec, baseDir } = chooseStore(ctx, flags, config);
  refuseGraphFlagsForFile(flags, spec, baseDir);
  return openStore(spec, {
    baseDir,
    onWarning,
    graph: {
      env: ctx.env, cloud, graphUrl: flags.graphUrl, debug: debugLogger(ctx, observeGraph),
      notice: (message) => ctx.terminal.stderr.write(`note: ${sanitizeText(message)}\n`),
    },
  });
}
