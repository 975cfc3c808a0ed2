import { resolve } from 'node:path';
import { checkWritable, resolveRealPath } from './file/real-path.js';
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
import { GroupCommit } from './file/group-commit.js';
import { errorText, readTenantFile, sameAsFile, sameVersion, statVersion, type FileVersion } from './file/read-tenant-file.js';
import { loadTenantState, TenantDocumentError, type TenantState } from './semantics/index.js';

export interface FileStoreOptions {
  /** How the store is shown to people; default `file:<path>`. */
  location?: string;
  /** Clock for `lastUpdatedDateTime` of new assignment states and the lock's start time. */
  now?: () => Date;
  /** Receives each disagreement found in a loaded file (the store then uses recomputed values). */
  onWarning?: (message: string) => void;
  /**
   * Default 10,000: there is no remote quota, each rewrite of the file costs as much as the
   * whole tenant, and batches in flight together share one (group commit), so a phase of
   * 10,000 operations writes the file once, and 100,000 a handful of times.
   */
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

/** The parsed tenant and the file it matches; `text` and `version` move on with each flush. */
interface LoadedFile {
  readonly state: TenantState;
  /** The file's text when this store wrote it; a file read in pieces was never held whole. */
  text?: string;
  readonly extraKeys: Set<string>;
  version: FileVersion | undefined;
}

type Writing = Awaited<ReturnType<typeof loadWriting>>;

/**
 * The embedded store of SPEC 4.1: a JSON tenant file in Graph's shapes, read and written
 * with Graph's licensing semantics. Reads are cached while the file is unchanged on disk.
 * Writes need the exclusive lock and apply a batch in order to the one in-memory state; the
 * file is then replaced atomically, and only when something changed. Flushes never overlap:
 * batches that change the state while one runs share the next (group commit), and no batch
 * returns before a flush that includes its changes is on disk.
 */
export class FileStore implements Store {
  readonly location: string;
  readonly maxBatchSize: number;
  readonly pacedWrites = false;
  private readonly path: string;
  /**
   * Where writes go: the file the path leads to once symlinks are followed, resolved when the
   * lock is taken. The lock and the atomic replace use it, so a link stays a link and two
   * applies through the link and through the target take the same lock.
   */
  private target: string;
  private loaded: LoadedFile | undefined;
  private heldLock: FileLock | undefined;
  private writing: Writing | undefined;
  private reading: Promise<LoadedFile> | undefined;
  private readonly commits = new GroupCommit(() => this.flush());
  private rewrites = 0;

  constructor(path: string, private readonly options: FileStoreOptions = {}) {
    this.path = resolve(path);
    this.target = this.path;
    this.location = options.location ?? `file:${path}`;
    this.maxBatchSize = options.maxBatchSize ?? 10_000;
  }

  /** How often this store has replaced the tenant file (for tests and benchmarks). */
  get fileWrites(): number {
    return this.rewrites;
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
    const writing = (this.writing ??= await loadWriting());
    let loaded = await this.load();
    // A failed flush may have discarded the state while this call waited: start from the file.
    while (loaded !== this.loaded) loaded = await this.load();
    // From here to commit() nothing awaits, so the next flush to start includes these changes.
    const results = requests.map((request) => (signal?.aborted === true ? writing.notAttempted() : writing.applyRequest(loaded.state, request)));
    if (!results.some((result) => result.ok)) return results;
    await this.commits.commit();
    return results;
  }

  /** Writes the state as it is now, if it differs from the file; on failure, forgets it. */
  private async flush(): Promise<void> {
    const loaded = this.loaded;
    const writing = this.writing;
    if (loaded === undefined || writing === undefined) throw new Error('FileStore.flush without a loaded state');
    const text = writing.serializeTenantDocument(loaded.state.document, loaded.extraKeys);
    if (loaded.text === undefined ? await sameAsFile(this.path, text, loaded.version) : text === loaded.text) return;
    try {
      await writing.writeFileAtomic(this.target, text);
    } catch (error) {
      // The in-memory state ran ahead of the file: forget it so the next read is the truth.
      if (this.loaded === loaded) this.loaded = undefined;
      throw new StoreError(`Cannot write ${this.shownAs}: ${errorText(error)}`, { code: 'WriteFailed', cause: error, local: true });
    }
    this.rewrites += 1;
    loaded.text = text;
    // The change is on disk; an unreadable version only means the next read re-reads the file.
    loaded.version = await statVersion(this.target).catch(() => undefined);
  }

  async lock(): Promise<ReleaseLock> {
    const { acquireFileLock, removeLeftoverTempFiles } = await loadWriting();
    this.target = await resolveRealPath(this.path);
    await checkWritable(this.target, this.shownAs);
    const held = await acquireFileLock(this.target, { ...this.options.lock, now: this.options.now });
    this.heldLock = held;
    await removeLeftoverTempFiles(this.target);
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

  /**
   * The parsed tenant, re-read only when the file changed on disk since the last read or
   * write. While a flush runs, the in-memory state is ahead of the file and is the truth;
   * concurrent callers share one read, and a read that overlapped a flush of ours is
   * discarded, so a state with unflushed changes is never replaced by an older file.
   */
  private async load(): Promise<LoadedFile> {
    const cached = this.loaded;
    if (cached !== undefined) {
      if (this.commits.busy) return cached;
      const before = cached.version;
      const now = await statVersion(this.path);
      if (this.loaded !== cached || cached.version !== before || this.commits.busy) return this.load();
      if (sameVersion(before, now)) return cached;
    }
    const flushes = this.commits.flushes;
    this.reading ??= this.readFromDisk().finally(() => {
      this.reading = undefined;
    });
    const fresh = await this.reading;
    // Another caller moved the state on, or one of our flushes ran during the read: the
    // state in memory is at least as new as what was read, so look again.
    if (this.loaded !== cached || this.commits.flushes !== flushes || this.commits.busy) return this.load();
    this.loaded = fresh;
    return fresh;
  }

  private async readFromDisk(): Promise<LoadedFile> {
    const file = await readTenantFile(this.path, this.shownAs, { maxTextBytes: this.options.maxTextBytes }).catch((error: unknown) => {
      throw asLocalError(error);
    });
    let loaded;
    try {
      loaded = loadTenantState(file.doc, { now: this.options.now, userIndex: file.userIndex });
    } catch (error) {
      if (!(error instanceof TenantDocumentError)) throw error;
      throw new StoreError(`${this.shownAs}: ${error.problems.join('; ')}`, { code: 'InvalidTenantFile', local: true });
    }
    for (const warning of loaded.warnings) this.options.onWarning?.(`${this.shownAs}: ${warning}`);
    return { state: loaded.state, extraKeys: file.extraKeys, version: file.version };
  }
}

/** Every failure to read the tenant file is this machine's, never the network's: not retried. */
function asLocalError(error: unknown): unknown {
  if (!(error instanceof StoreError) || error.local) return error;
  return new StoreError(error.message, { status: error.status, code: error.code, hint: error.hint, cause: error.cause, local: true });
}
