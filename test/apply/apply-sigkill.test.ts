import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { openFileJournal, parseJournal, type OperationEndRecord } from '../../src/apply/journal.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore } from '../../src/stores/file-store.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { createSeededRandom } from '../../emulator/seeded-random.js';
import { desiredState, planFor } from './plan-helpers.js';

const root = resolve(import.meta.dirname, '../..');
// Inside the project so the compiled child resolves p-queue from node_modules.
const buildDir = join(root, 'node_modules', '.cache', 'skuform-apply-sigkill');
const USERS = 240;

/** Everyone with a usage location moves to E5 and Power BI; team 1 gets Power BI too. */
const desired = () => {
  const users: Record<string, string[]> = {};
  for (let n = 0; n < USERS; n++) if (n % 5 !== 4) users[generatedId('0000a11c', n)] = [GENERATED_SKUS.e5, GENERATED_SKUS.powerBi];
  return desiredState({ users, groups: { [generatedId('00009409', 1)]: [GENERATED_SKUS.powerBi] }, managed: [GENERATED_SKUS.e3, GENERATED_SKUS.e5, GENERATED_SKUS.powerBi] });
};

/**
 * Runs the child; once it has started applying, SIGKILLs it after `delayMs` (never when
 * undefined). Reports whether it finished and how long applying took.
 */
function runAndKill(tenant: string, plan: string, journal: string, delayMs: number | undefined): Promise<{ finished: boolean; applyingMs: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(buildDir, 'test/apply/kill-child.js'), tenant, plan, journal], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let startedAt = 0;
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('started\n') && !out.includes('armed')) {
        out += 'armed';
        startedAt = Date.now();
        if (delayMs !== undefined) setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) done({ finished: out.includes('done '), applyingMs: Date.now() - startedAt });
      else fail(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

/** The tenant file parses and the file store loads it without finding derived fields out of step. */
async function expectIntactTenantFile(path: string): Promise<void> {
  const document = JSON.parse(await readFile(path, 'utf8')) as TenantDocument;
  expect(document.users).toHaveLength(USERS);
  const warnings: string[] = [];
  const store = new FileStore(path, { onWarning: (message) => warnings.push(message) });
  await store.readOverview();
  expect(warnings).toEqual([]);
}

describe('apply killed with SIGKILL at a random moment (file store)', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'skuform-sigkill-'));
    await rm(buildDir, { recursive: true, force: true });
    await mkdir(buildDir, { recursive: true });
    // Transpile the child and what it imports (no type check: tsc does that separately).
    await promisify(execFile)(process.execPath, [
      join(root, 'node_modules/typescript/bin/tsc'), join(root, 'test/apply/kill-child.ts'),
      '--outDir', buildDir, '--rootDir', root, '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--skipLibCheck', '--noCheck', '--resolveJsonModule', '--types', 'node',
    ]);
  }, 120_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await rm(buildDir, { recursive: true, force: true });
  });

  /** A fresh tenant file and its saved plan in `work/<name>`. */
  async function prepare(name: string) {
    const dir = join(work, name);
    await mkdir(dir);
    const tenant = join(dir, 'tenant.json');
    const planPath = join(dir, 'plan.json');
    const journalPath = join(dir, '.skuform', 'journal.jsonl');
    await writeFile(tenant, JSON.stringify(generateTenant({ users: USERS }), null, 2));
    await writeFile(planPath, JSON.stringify(await planFor(new FileStore(tenant), desired())));
    return { tenant, planPath, journalPath };
  }

  it('never corrupts the tenant file, and a re-run converges (10 kills)', async () => {
    // How long a whole apply takes on this machine, so the kills land anywhere in it.
    const calibration = await prepare('calibration');
    const { finished: calibrated, applyingMs } = await runAndKill(calibration.tenant, calibration.planPath, calibration.journalPath, undefined);
    expect(calibrated).toBe(true);
    const random = createSeededRandom(7);
    let killedMidway = 0;
    for (let round = 0; round < 10; round++) {
      const { tenant, planPath, journalPath } = await prepare(`round-${round}`);
      const { finished } = await runAndKill(tenant, planPath, journalPath, Math.floor(random() * applyingMs));
      if (!finished) killedMidway += 1;
      await expectIntactTenantFile(tenant);

      // Apply again in this process: the dead child's lock is taken over, the re-plan converges.
      const store = new FileStore(tenant);
      const replan = await planFor(store, desired());
      const journal = await openFileJournal(journalPath);
      const result = await applyPlan(replan, store, { journal });
      await journal.close();
      expect(result.counts.failed).toBe(0);
      expect(result.counts.applied).toBe(replan.operations.length);
      expect((await planFor(new FileStore(tenant), desired())).operations).toEqual([]);
      await expectIntactTenantFile(tenant);

      // The journal survives the kill: at most one torn line, and the second run's records are whole.
      const { records, unreadableLines } = parseJournal(await readFile(journalPath, 'utf8'));
      expect(unreadableLines).toBeLessThanOrEqual(1);
      const secondRun = records.filter((record) => record.runId !== records[0]?.runId);
      expect(secondRun.filter((record): record is OperationEndRecord => record.type === 'operation-end')).toHaveLength(replan.operations.length);
    }
    // The kills must land while applying for the test to mean anything.
    expect(killedMidway).toBeGreaterThanOrEqual(5);
  }, 180_000);
});
