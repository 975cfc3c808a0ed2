import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AssignmentStateProblem, OutcomeError, OutcomeStatus, VerificationStatus, VerificationSummary } from '../model/apply-result.js';
import type { OperationPhase, PlanSummary, PrincipalRef } from '../model/plan.js';
import type { GroupMemberError } from '../model/store.js';
import { stringifyJson } from '../render/sanitize-text.js';

/**
 * The apply journal: append-only JSON lines, the audit log of who changed what, when, with
 * which result. Records hold ids, names and Graph's error texts only — never credentials.
 */
export type JournalRecord = RunStartRecord | OperationStartRecord | OperationEndRecord | GroupProcessingRecord | VerifyRecord | RunEndRecord;

interface RecordBase {
  /** ISO 8601. */
  time: string;
  runId: string;
}

/** The skuIds of one assignLicense request, as sent. */
export interface JournalRequest {
  addSkuIds: string[];
  removeSkuIds: string[];
}

export interface RunStartRecord extends RecordBase {
  type: 'run-start';
  tenant: { id: string; displayName: string; defaultDomain: string };
  store: string;
  configFiles: string[];
  summary: PlanSummary;
  operations: number;
  phases: Record<OperationPhase, number>;
  settings: { concurrency: number; maxBatchSize: number; writeQuota: { writes: number; windowMs: number } | null; deadlineMs: number | null };
}

/** Written, and flushed, before each attempt is sent. */
export interface OperationStartRecord extends RecordBase {
  type: 'operation-start';
  operationId: string;
  principal: PrincipalRef;
  phase: OperationPhase;
  attempt: number;
  request: JournalRequest;
  /** For attempts after the first: why the previous one did not end the operation. */
  previousError?: OutcomeError;
}

/** Written, and flushed, once per operation with its final state. */
export interface OperationEndRecord extends RecordBase {
  type: 'operation-end';
  operationId: string;
  principal: PrincipalRef;
  phase: OperationPhase;
  request: JournalRequest;
  result: OutcomeStatus;
  attempts: number;
  reason?: string;
  error?: OutcomeError;
}

/** Graph's asynchronous processing of a group operation, as last seen. */
export interface GroupProcessingRecord extends RecordBase {
  type: 'group-processing';
  operationId: string;
  principal: PrincipalRef;
  state: string;
  finished: boolean;
  /** When not finished: `running`, `not-started`, or `unconfirmed` (a finished state that may predate the write). */
  verdict?: string;
  memberErrors: GroupMemberError[];
}

/** What the re-read after the run showed for one applied operation. */
export interface VerifyRecord extends RecordBase {
  type: 'verify';
  operationId: string;
  principal: PrincipalRef;
  result: VerificationStatus;
  /** Store reads the verification of the run took. */
  reads: number;
  detail?: string;
  stateProblems?: AssignmentStateProblem[];
}

export interface RunEndRecord extends RecordBase {
  type: 'run-end';
  counts: Record<OutcomeStatus, number>;
  interrupted: boolean;
  interruptReason?: string;
  elapsedMs: number;
  verification?: VerificationSummary;
}

/** Where records go. `append` resolves once the records are durable (fsync). */
export interface Journal {
  /** File path, when the journal is a file. */
  readonly path: string | undefined;
  append(records: readonly JournalRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** `<dir>/.skuform/journal.jsonl`: the journal next to the config the run applied. */
export function defaultJournalPath(dir: string): string {
  return join(dir, '.skuform', 'journal.jsonl');
}

/**
 * Opens (creating directories and file as needed) a journal file for appending. A process
 * killed mid-write can leave a torn last line; a newline is added first so that line stays
 * on its own and the next record is intact.
 */
export async function openFileJournal(path: string): Promise<Journal> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  try {
    await terminateTornLine(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  let tail: Promise<void> = Promise.resolve();
  let closed = false;
  return {
    path,
    append(records) {
      if (closed) return Promise.reject(new Error(`journal ${path} is closed`));
      if (records.length === 0) return tail;
      const text = records.map((record) => `${stringifyJson(record)}\n`).join('');
      // One writer at a time keeps lines whole; each append is durable before it resolves.
      const next = tail.then(async () => {
        await handle.write(text);
        await handle.sync();
      });
      tail = next.catch(() => undefined);
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await tail;
      await handle.close();
    },
  };
}

async function terminateTornLine(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] !== 0x0a) {
    await handle.write('\n');
    await handle.sync();
  }
}

/** A journal kept in memory (tests, dry runs); `records` is the whole log. */
export interface MemoryJournal extends Journal {
  readonly records: JournalRecord[];
}

export function createMemoryJournal(): MemoryJournal {
  const records: JournalRecord[] = [];
  return {
    path: undefined,
    records,
    append(batch) {
      records.push(...batch.map((record) => structuredClone(record)));
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Reads journal text back: one record per parseable line. Lines that do not parse (a line
 * torn by a crash) are counted, not fatal.
 */
export function parseJournal(text: string): { records: JournalRecord[]; unreadableLines: number } {
  const records: JournalRecord[] = [];
  let unreadableLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && 'type' in value && 'runId' in value) records.push(value as JournalRecord);
      else unreadableLines += 1;
    } catch {
      unreadableLines += 1;
    }
  }
  return { records, unreadableLines };
}
