import { loadCatalog } from '../../catalog/index.js';
import { renderSkusText } from '../../render/render-skus.js';
import { stringifyJson } from '../../render/sanitize-text.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { openCliStore, type StoreFlags } from '../open-cli-store.js';

export interface SkusCommandOptions {
  storeFlags: StoreFlags;
  plans: boolean;
  json: boolean;
}

/** `skuform skus`: subscribed SKUs with friendly names, seats and service plans. */
export async function runSkusCommand(ctx: CliContext, options: SkusCommandOptions): Promise<ExitCodeValue> {
  const store = await openCliStore(ctx, options.storeFlags);
  try {
    const overview = await store.readOverview();
    ctx.terminal.stdout.write(
      options.json
        ? `${stringifyJson(overview, 2)}\n`
        : renderSkusText(overview, loadCatalog(), { color: ctx.terminal.color, plans: options.plans }),
    );
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}
