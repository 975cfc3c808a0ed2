import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { exportConfig } from '../../config/export-config.js';
import type { TenantDocument } from '../../model/tenant.js';
import { stringifyJson } from '../../render/sanitize-text.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { checkOutputPaths, refuseOverwritingInputs } from '../local-files.js';
import { openCliStore, storeFileOf, type StoreFlags } from '../open-cli-store.js';

export interface ExportCommandOptions {
  storeFlags: StoreFlags;
  profiles: boolean;
  out?: string;
  snapshot?: string;
  schemaRef?: string;
}

interface TenantDocumentReader {
  readTenantDocument(): Promise<TenantDocument>;
}

function canSnapshot(store: object): store is TenantDocumentReader {
  return typeof (store as Partial<TenantDocumentReader>).readTenantDocument === 'function';
}

/**
 * `skuform export`: the tenant's current direct assignments as a skuform file (part numbers
 * and plan names), so adopting skuform starts from "no changes". `--snapshot` also writes
 * the whole tenant in the file store's format for offline plans.
 */
export async function runExportCommand(ctx: CliContext, options: ExportCommandOptions): Promise<ExitCodeValue> {
  const outputs = [
    ...(options.out === undefined ? [] : [{ flag: '--out', path: options.out, example: 'current.yaml' }]),
    ...(options.snapshot === undefined ? [] : [{ flag: '--snapshot', path: options.snapshot, example: 'tenant.json' }]),
  ];
  await checkOutputPaths(ctx.cwd, outputs);
  await refuseOverwritingInputs(ctx.cwd, outputs, storeFileOf(ctx, options.storeFlags));
  if (options.out !== undefined && options.snapshot !== undefined) {
    await refuseOverwritingInputs(ctx.cwd, [{ flag: '--out', path: options.out }], [{ what: 'the --snapshot file', path: resolve(ctx.cwd, options.snapshot) }]);
  }
  const store = await openCliStore(ctx, options.storeFlags);
  try {
    if (options.snapshot !== undefined) {
      if (!canSnapshot(store)) {
        throw new UsageError(`--snapshot captures a live tenant; ${store.location} is already a tenant file.`, { hint: 'Use --store graph.' });
      }
      const doc = await store.readTenantDocument();
      await writeFile(resolve(ctx.cwd, options.snapshot), `${stringifyJson(doc, 2)}\n`);
      ctx.terminal.stderr.write(`Wrote ${options.snapshot}: ${doc.users.length} users, ${doc.groups.length} groups, ${doc.subscribedSkus.length} SKUs. Plan offline with --store file:${options.snapshot}\n`);
    }
    const overview = await store.readOverview();
    const snapshot = await store.readSnapshot({ users: [], groups: [], holdersOf: overview.skus.map((s) => s.skuId), members: false });
    const yaml = exportConfig(snapshot, { profiles: options.profiles, schemaRef: options.schemaRef });
    if (options.out === undefined) {
      if (options.snapshot === undefined) ctx.terminal.stdout.write(yaml);
    } else {
      await writeFile(resolve(ctx.cwd, options.out), yaml);
      const storeFlag = store.location.startsWith('file:') ? store.location : (options.storeFlags.store ?? 'graph');
      ctx.terminal.stderr.write(`Wrote ${options.out}. Check it with: skuform plan ${options.out} --store ${storeFlag}\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}
