import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal, defaultJournalPath, openFileJournal, parseJournal, type Journal, type JournalRecord, type OperationEndRecord, type OperationStartRecord } from '../../src/apply/journal.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions } from './plan-builders.js';
import { runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

const starts = (records: JournalRecord[], id: string) => records.filter((record): record is OperationStartRecord => record.type === 'operation-start' && record.operationId === id);
const ends = (records: JournalRecord[], id: string) => records.filter((record): record is OperationEndRecord => record.type === 'operation-end' && record.operationId === id);
/** A small record for tests of the file itself. */
const runEnd = (runId: string): JournalRecord => ({ type: 'run-end', time: '2026-01-01T00:00:00.000Z', runId, counts: { applied: 0, failed: 0, skipped: 0 }, interrupted: false, elapsedMs: 0 });
const lines = (...runIds: string[]) => runIds.map((runId) => `${JSON.stringify(runEnd(runId))}\n`).join('');

describe('apply journal', () => {
  it('has a start record per attempt and one end record with the final state for every operation', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => {
        const id = request.principal.id;
        if (id === 'u0003') return failure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
        if (id === 'u0005' && call.attempt < 3) return failure(504, 'GatewayTimeout', 'timeout');
        return undefined;
      },
    });
    const plan = aPlan(manyAcquisitions(8));
    const { result, journal } = await runEngine(plan, store, clock);
    const records = journal.records;

    expect(records[0]).toMatchObject({ type: 'run-start', runId: 'run-1', store: 'scripted:test', operations: 8, tenant: { id: 'tenant' } });
    expect(records.at(-1)).toMatchObject({ type: 'run-end', runId: 'run-1', counts: { applied: 7, failed: 1, skipped: 0 }, interrupted: false });
    for (const outcome of result.outcomes) {
      const attempts = starts(records, outcome.operationId);
      const [end, ...extra] = ends(records, outcome.operationId);
      expect(extra).toEqual([]);
      expect(attempts.map((record) => record.attempt)).toEqual(Array.from({ length: outcome.attempts }, (_, index) => index + 1));
      expect(end).toMatchObject({ result: outcome.status, attempts: outcome.attempts, principal: outcome.principal, request: { addSkuIds: ['sku-E3'], removeSkuIds: [] } });
      // Every start is written before the operation's end.
      expect(records.indexOf(attempts.at(-1) as JournalRecord)).toBeLessThan(records.indexOf(end as JournalRecord));
    }
    expect(ends(records, 'user:u0003')[0]).toMatchObject({ result: 'failed', error: { status: 403, code: 'Authorization_RequestDenied', requestId: 'req-403-Authorization_RequestDenied' } });
    expect(starts(records, 'user:u0005')[2]).toMatchObject({ attempt: 3, previousError: { status: 504, code: 'GatewayTimeout' } });
    expect(records.every((record) => record.time === new Date(Date.parse(record.time)).toISOString())).toBe(true);
  });

  // Write-ahead: after a crash, the journal must name every request that may have reached
  // the tenant. So each attempt's record is durable (its append resolved) before the store
  // sees the request, including the retry of an attempt that failed.
  it('makes each attempt\'s record durable before the request is sent', async () => {
    const clock = new FakeClock();
    const durable: JournalRecord[] = [];
    const journal: Journal = {
      path: undefined,
      async append(records) {
        await clock.sleep(5); // fsync takes a while
        durable.push(...records);
      },
      close: () => Promise.resolve(),
    };
    const sentBeforeJournaled: string[] = [];
    const store = new ScriptedStore({
      clock,
      maxBatchSize: 2,
      fault: (request, call) => {
        const id = request.principal.id;
        const journaled = durable.some((record) => record.type === 'operation-start' && record.principal.id === id && record.attempt === call.attempt);
        if (!journaled) sentBeforeJournaled.push(`${id} attempt ${call.attempt}`);
        return id === 'u0002' && call.attempt === 1 ? failure(503, 'ServiceUnavailable', 'try again') : undefined;
      },
    });

    const result = await runEngine(aPlan(manyAcquisitions(5)), store, clock, { journal });

    expect(result.result.counts).toEqual({ applied: 5, failed: 0, skipped: 0 });
    expect(store.writes).toHaveLength(6);
    expect(sentBeforeJournaled).toEqual([]);
  });

  // The CLI refuses a blocked plan too, but the engine must not rely on every caller doing so.
  it('refuses a blocked plan before locking, journaling or sending anything', async () => {
    const store = new ScriptedStore({ clock: new FakeClock() });
    const journal = createMemoryJournal();
    const plan = { ...aPlan(manyAcquisitions(2)), blocked: true };

    await expect(applyPlan(plan, store, { journal })).rejects.toThrow(/blocked/);
    expect({ locks: store.locks, calls: store.calls.length, records: journal.records.length }).toEqual({ locks: 0, calls: 0, records: 0 });
  });

  it('journals skipped operations when interrupted', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, latencyMs: 100, maxBatchSize: 1 });
    const { journal } = await runEngine(aPlan(manyAcquisitions(3)), store, clock, { concurrency: 1, deadlineMs: 50 });
    const results = journal.records.filter((record): record is OperationEndRecord => record.type === 'operation-end').map((record) => [record.operationId, record.result, record.reason]);
    expect(results).toEqual([
      ['user:u0002', 'skipped', 'deadline'],
      ['user:u0003', 'skipped', 'deadline'],
      ['user:u0001', 'applied', undefined],
    ]);
  });
});

describe('file journal', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('appends JSON lines under .skuform/ and is read back record for record', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-journal-'));
    const path = defaultJournalPath(dir);
    expect(path).toBe(join(dir, '.skuform', 'journal.jsonl'));
    const store = new ScriptedStore({ clock: new FakeClock() });
    for (const runId of ['first', 'second']) {
      const journal = await openFileJournal(path);
      const result = await applyPlan(aPlan([anOperation({ id: `a-${runId}`, add: ['E3'] })]), store, { journal, runId });
      await journal.close();
      expect(result.journalPath).toBe(path);
    }
    const { records, unreadableLines } = parseJournal(await readFile(path, 'utf8'));
    expect(unreadableLines).toBe(0);
    expect(records.map((record) => `${record.runId}:${record.type}`)).toEqual([
      'first:run-start', 'first:operation-start', 'first:operation-end', 'first:verify', 'first:run-end',
      'second:run-start', 'second:operation-start', 'second:operation-end', 'second:verify', 'second:run-end',
    ]);
  });

  // The journal is read line by line (by people and by tools): one record per line, no blank
  // lines, whether records come in one append or across runs that reopen the file.
  it('writes each record of an append on its own line, and a reopened journal goes on at the next line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-journal-'));
    const path = join(dir, 'journal.jsonl');
    const first = await openFileJournal(path);
    await first.append([runEnd('a'), runEnd('b')]);
    await first.close();
    expect(await readFile(path, 'utf8')).toBe(lines('a', 'b'));

    const second = await openFileJournal(path);
    await second.append([runEnd('c')]);
    await second.close();
    expect(await readFile(path, 'utf8')).toBe(lines('a', 'b', 'c'));
  });

  it('refuses an append once closed, naming the journal; closing again is harmless', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-journal-'));
    const path = join(dir, 'journal.jsonl');
    const journal = await openFileJournal(path);
    await journal.close();
    await journal.close();
    await expect(journal.append([runEnd('late')])).rejects.toThrow(`journal ${path} is closed`);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  // Write-ahead on the real file: when a request reaches the tenant, the file already names it
  // (an append resolves only once its records are written and synced); afterwards the file
  // tells a failed attempt, its retry and a refusal apart.
  it('holds each attempt\'s record before the request is sent, and the retry and the failure after the run', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-journal-'));
    const path = join(dir, 'journal.jsonl');
    const sentBeforeJournaled: string[] = [];
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => {
        const id = request.principal.id;
        const onFile = parseJournal(readFileSync(path, 'utf8')).records;
        if (!starts(onFile, `user:${id}`).some((record) => record.attempt === call.attempt)) sentBeforeJournaled.push(`${id} attempt ${call.attempt}`);
        if (id === 'u0002' && call.attempt === 1) return failure(503, 'ServiceUnavailable', 'try again');
        return id === 'u0003' ? failure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : undefined;
      },
    });
    const journal = await openFileJournal(path);
    await applyPlan(aPlan(manyAcquisitions(3)), store, { journal, runId: 'run-1', clock, sleep: (ms) => clock.advance(ms), random: () => 0.5 });
    await journal.close();

    expect(sentBeforeJournaled).toEqual([]);
    const { records, unreadableLines } = parseJournal(await readFile(path, 'utf8'));
    expect(unreadableLines).toBe(0);
    expect(starts(records, 'user:u0002').map((record) => [record.attempt, record.previousError?.status])).toEqual([[1, undefined], [2, 503]]);
    expect(ends(records, 'user:u0002')).toMatchObject([{ result: 'applied', attempts: 2 }]);
    expect(ends(records, 'user:u0003')).toMatchObject([{ result: 'failed', attempts: 1, error: { status: 403, code: 'Authorization_RequestDenied' } }]);
    expect(records.at(-1)).toMatchObject({ type: 'run-end', runId: 'run-1', counts: { applied: 2, failed: 1, skipped: 0 } });
  });

  it('keeps a line torn by a crash apart from the records appended after it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-journal-'));
    const path = join(dir, 'audit', 'journal.jsonl');
    const journal = await openFileJournal(path);
    await journal.append([runEnd('old')]);
    await journal.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"type":"operation-st`);

    const reopened = await openFileJournal(path);
    await reopened.append([runEnd('new')]);
    await reopened.close();
    const { records, unreadableLines } = parseJournal(await readFile(path, 'utf8'));
    expect(unreadableLines).toBe(1);
    expect(records.map((record) => record.runId)).toEqual(['old', 'new']);
  });
});

describe('reading a journal back', () => {
  // What a crash or a hand edit can leave: nothing in it is fatal, nothing but a record is
  // taken for one, and blank lines (also with a carriage return) are not counted as damage.
  it('takes only objects with a type and a run id as records, skips blank lines and counts the rest as unreadable', () => {
    const record = JSON.stringify(runEnd('r'));
    const text = [record, '', '   ', '\r', '{"a":1}', 'null', '"text"', '42', '{"type":"run-end"}', '{"runId":"r"}', `${record}\r`, '{"type":"operation-st'].join('\n');
    const { records, unreadableLines } = parseJournal(text);
    expect(records).toEqual([runEnd('r'), runEnd('r')]);
    expect(unreadableLines).toBe(7);
  });
});
