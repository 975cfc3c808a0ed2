import { resolve } from 'node:path';
import type { Snapshot, SnapshotQuery, TenantOverview } from '../model/snapshot.js';
import {
  StoreError,
  type AssignLicenseRequest,
  type GroupProcessing,
  type ReleaseLock,
  type Store,
  type WriteResult,
} from '../model/store.js';
import type { FileLock, FileLockOptions } from './file/file-lock.js';
import { readTenantFile, sameAsFile, sameVersion, statVersion, type FileVersion } from './file/read-tenant-file.js';
import { loadTenantState, TenantDocumentError, type TenantState } from './semantics/index.js';

export interface FileStoreOptions {
  /** How the store is shown to people; default `file:<path>`. */
  location?: string;
  /** Clock for `lastUpdatedDateTime` of new assignment states and the lock's start time. */
  now?: () => Date;
  /** Receives each disagreement found in a loaded file (the store then uses recomputed values). */
  onWarning?: (message: string) => void;
  /** Default 500: there is no remote quota, and each batch rewrites the file once. */
  maxBatchSize?: number;
  /** Identity used for the lock file; tests override liveness checks. */
  lock?: Omit<FileLockOptions, 'now'>;
  /** Largest file read whole to report a problem exactly (tests lower JavaScript's string limit). */
  maxTextBytes?: number;
}

/**
 * The modules only writing needs (lock, serialisation, atomic replace), loaded on first use:
 * `plan`, the common run, never writes and would pay for loading them on every start.
 */
async function loadWriting() {
  const [lock, serialize, atomic, results] = await Promise.all([
    import('./file/file-lock.js'),
    import('./file/serialize-tenant-document.js'),
    import('./file/write-file-atomic.js'),
    import('./store-results.js'),
  ]);
  return { ...lock, ...serialize, ...atomic, ...results };
}

interface LoadedFile {
  state: TenantState;
  /** The file's text when this store wrote it; a file read in pieces was never held whole. */
  text?: string;
  extraKeys: Set<string>;
  version: FileVersion | undefined;
}

/**
 * The embedded store of SPEC 4.1: a JSON tenant file in Graph's shapes, read and written
 * with Graph's licensing semantics. Reads are cached while the file is unchanged on disk.
 * Writes need the exclusive lock, apply a batch in order and replace the file once per
 * batch, atomically, and only when something changed.
 */
export class FileStore implements Store {
  readonly location: string;
  readonly maxBatchSize: number;
  readonly pacedWrites = false;
  private readonly path: string;
  private loaded: LoadedFile | undefined;
  private heldLock: FileLock | undefined;

  constructor(path: string, private readonly options: FileStoreOptions = {}) {
    this.path = resolve(path);
    this.location = options.location ?? `file:${path}`;
    this.maxBatchSize = options.maxBatchSize ?? 500;
  }

  private get shownAs(): string {
    return this.location.replace(/^file:/, '');
  }

  async readOverview(): Promise<TenantOverview> {
    return (await this.load()).state.overview();
  }

  async readSnapshot(query: SnapshotQuery): Promise<Snapshot> {
    return (await this.load()).state.snapshot(query);
  }

  async readGroupProcessing(groupIds: readonly string[]): Promise<GroupProcessing[]> {
    const { state } = await this.load();
    return groupIds.map((id) => {
      const processing = state.groupProcessing(id);
      if (processing === undefined) throw new StoreError(`Group ${id} does not exist in ${this.shownAs}.`, { status: 404, code: 'Request_ResourceNotFound' });
      return processing;
    });
  }

  async applyBatch(requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
    if (this.heldLock === undefined) {
      throw new StoreError(`Refusing to write ${this.shownAs} without the apply lock.`, { code: 'NotLocked', hint: 'Call lock() before applyBatch().' });
    }
    await this.heldLock.assertHeld();
    const { applyRequest, notAttempted, serializeTenantDocument, writeFileAtomic } = await loadWriting();
    const loaded = await this.load();
    const results = requests.map((request) => (signal?.aborted === true ? notAttempted() : applyRequest(loaded.state, request)));
    if (!results.some((result) => result.ok)) return results;
    const text = serializeTenantDocument(loaded.state.document, loaded.extraKeys);
    if (loaded.text === undefined ? await sameAsFile(this.path, text, loaded.version) : text === loaded.text) return results;
    try {
      await writeFileAtomic(this.path, text);
    } catch (error) {
      // The in-memory state ran ahead of the file: forget it so the next read is the truth.
      this.loaded = undefined;
      throw new StoreError(`Cannot write ${this.shownAs}: ${error instanceof Error ? error.message : String(error)}`, { code: 'WriteFailed', cause: error });
    }
    this.loaded = { ...loaded, text, version: await statVersion(this.path) };
    return results;
  }

  async lock(): Promise<ReleaseLock> {
    const { acquireFileLock, removeLeftoverTempFiles } = await loadWriting();
    const held = await acquireFileLock(this.path, { ...this.options.lock, now: this.options.now });
    this.heldLock = held;
    await removeLeftoverTempFiles(this.path);
    return async () => {
      if (this.heldLock === held) this.heldLock = undefined;
      await held.release();
    };
  }

  async close(): Promise<void> {
    const held = this.heldLock;
    this.heldLock = undefined;
    this.loaded = undefined;
    await held?.release();
  }

  /** The parsed tenant, re-read only when the file changed on disk since the last read or write. */
  private async load(): Promise<LoadedFile> {
    const cached = this.loaded;
    if (cached !== undefined && sameVersion(cached.version, await statVersion(this.path))) return cached;
    const file = await readTenantFile(this.path, this.shownAs, { maxTextBytes: this.options.maxTextBytes });
    let loaded;
    try {
      loaded = loadTenantState(file.doc, { now: this.options.now, userIndex: file.userIndex });
    } catch (error) {
      if (!(error instanceof TenantDocumentError)) throw error;
      throw new StoreError(`${this.shownAs}: ${error.problems.join('; ')}`, { code: 'InvalidTenantFile' });
    }
    for (const warning of loaded.warnings) this.options.onWarning?.(`${this.shownAs}: ${warning}`);
    this.loaded = { state: loaded.state, extraKeys: file.extraKeys, version: file.version };
    return this.loaded;
  }
}
