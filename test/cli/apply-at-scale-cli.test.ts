import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { generateTenant } from '../../emulator/generate-tenant.js';
import { runCli } from '../support/run-cli.js';

/**
 * The rule apply is held to, at the size where the file store used to lose writes: after
 * `apply` exits 0, `plan --detailed-exitcode` exits 0. 10,000 operations at the default
 * concurrency, through the built CLI on a real tenant file.
 */
describe('apply of 10,000 operations to a tenant file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-cli-scale-'));
    const doc = generateTenant({ users: 10_000 });
    for (const user of doc.users) user.usageLocation = 'NL';
    await writeFile(join(dir, 'tenant.json'), serializeTenantDocument(doc));
    const users = doc.users.map((user) => `  ${user.userPrincipalName}:\n    licenses:\n      - sku: SPE_E5\n`).join('');
    await writeFile(join(dir, 'skuform.yaml'), `version: 1\nstore: file:tenant.json\nsettings:\n  managedSkus: [SPE_E5]\nusers:\n${users}`);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  const journalRecords = async (): Promise<{ type: string; result?: string }[]> =>
    (await readFile(join(dir, 'journal.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { type: string; result?: string });

  it('exits 0 only with every change confirmed, and a plan right after shows no changes', async () => {
    const applied = await runCli(['apply', '--auto-approve', '--journal', 'journal.jsonl'], { cwd: dir });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply finished after');
    expect(applied.stdout).toContain(': 10000 applied, 0 failed, 0 skipped.\nVerified: all 10000 operations are in the store (1 read).\n');

    const replan = await runCli(['plan', '--detailed-exitcode'], { cwd: dir });
    expect(replan.code).toBe(0);
    expect(replan.stdout).toContain('No changes. The tenant matches the configuration.');
    const records = await journalRecords();
    expect(records.filter((record) => record.type === 'verify').map((record) => record.result)).toEqual(Array(10_000).fill('verified'));
  }, 120_000);

  it('skips the re-read with --no-verify', async () => {
    const applied = await runCli(['apply', '--auto-approve', '--no-verify', '--journal', 'journal.jsonl'], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(applied.stdout).not.toContain('Verified');
    expect((await journalRecords()).some((record) => record.type === 'verify')).toBe(false);
  }, 120_000);
});
