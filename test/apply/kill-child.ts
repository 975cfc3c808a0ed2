/**
 * Child process of the SIGKILL test: applies a saved plan to a tenant file with the real
 * engine and file store, in small batches so the file is rewritten many times. The parent
 * kills it at a random moment. Usage: node kill-child.js TENANT PLAN JOURNAL
 */
import { readFile } from 'node:fs/promises';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { openFileJournal } from '../../src/apply/journal.js';
import type { Plan } from '../../src/model/plan.js';
import { FileStore } from '../../src/stores/file-store.js';

const [tenantPath, planPath, journalPath] = process.argv.slice(2);
if (tenantPath === undefined || planPath === undefined || journalPath === undefined) throw new Error('usage: kill-child TENANT PLAN JOURNAL');
const plan = JSON.parse(await readFile(planPath, 'utf8')) as Plan;
const journal = await openFileJournal(journalPath);
const result = await applyPlan(plan, new FileStore(tenantPath), {
  journal,
  concurrency: 2,
  maxBatchSize: 4,
  observer: { onRunStart: () => process.stdout.write('started\n') },
});
await journal.close();
process.stdout.write(`done ${JSON.stringify(result.counts)}\n`);
