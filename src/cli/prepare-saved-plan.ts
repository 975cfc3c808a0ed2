import { checkSavedPlan } from '../apply/check-saved-plan.js';
import { loadCatalog, planFriendlyName, skuDisplayName } from '../catalog/index.js';
import { assertNever, type Plan } from '../model/plan.js';
import type { Store } from '../model/store.js';
import { renderPlanText } from '../render/render-plan-text.js';
import { sanitizeText } from '../render/sanitize-text.js';
import type { CliContext } from './cli-context.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import type { InputFile } from './local-files.js';
import { lockAndCloser } from './make-plan.js';
import { openCliStore, storeFileOf, type StoreFlags } from './open-cli-store.js';
import { planKeyOf, readPlanFile, storeFlagsForSavedPlan } from './read-plan-file.js';

/** A plan ready to apply, with its store locked. */
export interface PreparedPlan {
  plan: Plan;
  store: Store;
  /** Releases the lock and closes the store. */
  close: () => Promise<void>;
  /** What the apply reads: no output may overwrite it. */
  inputs: InputFile[];
}

export interface SavedPlanRequest {
  planFile: string;
  storeFlags: StoreFlags;
  /** `--max-removals` of the apply: the stricter of it and the plan's limit applies. */
  maxRemovals?: number;
  /** `--allow-remove-all` of the apply: needed again to apply a plan that removes every managed license. */
  allowRemoveAll: boolean;
  /** Where the plan is shown and the refusals explained (stderr with `--format json`). */
  color: boolean;
}

/**
 * `apply --plan FILE`: reads the saved plan as untrusted input (size, JSON, shape, and the
 * signature when SKUFORM_PLAN_KEY is set), takes the store's lock and checks it against the
 * store (see checkSavedPlan). Returns the plan to apply, or the exit code after saying why not:
 * 1 altered, 3 blocked, 4 stale.
 */
export async function prepareSavedPlan(ctx: CliContext, request: SavedPlanRequest, out: NodeJS.WritableStream): Promise<PreparedPlan | ExitCodeValue> {
  const { planFile } = request;
  const plan = await readPlanFile(ctx, planFile, { key: planKeyOf(ctx) });
  const flags = storeFlagsForSavedPlan(ctx, request.storeFlags, plan, planFile);
  const store = await openCliStore(ctx, flags);
  const close = await lockAndCloser(store, true);
  let keep = false;
  try {
    const catalog = loadCatalog();
    const check = await checkSavedPlan(plan, store, { maxRemovals: request.maxRemovals, allowRemoveAll: request.allowRemoveAll }, {
      skuDisplayName: (id) => skuDisplayName(catalog, id),
      servicePlanFriendlyName: (id) => planFriendlyName(catalog, id),
    });
    const say = (line: string): void => {
      ctx.terminal.stderr.write(`${sanitizeText(line)}\n`);
    };
    switch (check.kind) {
      case 'applicable':
        keep = true;
        return { plan: check.plan, store, close, inputs: [...storeFileOf(ctx, flags), { what: 'the saved plan', path: planFile }] };
      case 'stale':
        say(`error: the saved plan ${planFile} is stale: ${store.location} changed since it was made.`);
        for (const difference of check.differences) say(`  - ${difference.message}`);
        say('  hint: make a new plan (skuform plan --out FILE), review it, and apply that one. Nothing was changed.');
        return ExitCode.stale;
      case 'altered':
        say(`error: the saved plan ${planFile} does not hold together: it was changed after skuform wrote it.`);
        for (const problem of check.problems.slice(0, 20)) say(`  - ${problem}`);
        if (check.problems.length > 20) say(`  - and ${check.problems.length - 20} more`);
        say('  hint: make a new plan (skuform plan --out FILE), review it, and apply that one; sign plans with SKUFORM_PLAN_KEY so that edits are refused at once. Nothing was changed.');
        return ExitCode.error;
      case 'blocked':
        out.write(renderPlanText(check.plan, { color: request.color }));
        say(check.whenMade
          ? `error: the saved plan ${planFile} was blocked when it was made; a blocked plan is never applied. Nothing was changed.`
          : `error: the saved plan ${planFile} is blocked by the checks above, recomputed against ${store.location} now with the stricter of the plan's and this command's limits. Nothing was changed.`);
        return ExitCode.blocked;
      default:
        return assertNever(check);
    }
  } finally {
    if (!keep) await close();
  }
}
