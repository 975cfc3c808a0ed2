import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExamples, runCli } from '../support/run-cli.js';

/** The "done when" list, run as a user runs it: the built CLI on a copy of the example. */
describe('skuform plan and apply on the example tenant', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const tenant = (): string => join(dir, 'examples', 'tenant.json');

  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('plans the example: changes listed, summary line, exit 0', async () => {
    const run = await runCli(['plan', 'examples/licenses'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# user quinten.visser@contoso.com (swapped in one call, no gap in service)');
    expect(run.stdout).toContain('# group Project Managers (8 members; uses 8 PROJECTPROFESSIONAL seats)');
    expect(run.stdout).toMatch(/Plan: 7 to assign, 5 to update, 4 to remove; \+10 seats, \+€288\.00 \/ month\.\n$/);
  });

  it('--detailed-exitcode exits 2 while there are changes', async () => {
    expect((await runCli(['plan', 'examples/licenses', '--detailed-exitcode'], { cwd: dir })).code).toBe(2);
  });

  it('apply converges: a re-plan exits 0 with --detailed-exitcode, and the journal has every operation', async () => {
    const journal = join(dir, 'journal.jsonl');
    const applied = await runCli(['apply', 'examples/licenses', '--auto-approve', '--journal', journal], { cwd: dir });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('14 applied, 0 failed, 0 skipped');
    const replan = await runCli(['plan', 'examples/licenses', '--detailed-exitcode'], { cwd: dir });
    expect(replan.code).toBe(0);
    expect(replan.stdout).toContain('No changes. The tenant matches the configuration.');
    const records = (await readFile(journal, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; result?: string });
    expect(records.filter((r) => r.type === 'operation-end').map((r) => r.result)).toEqual(Array(14).fill('applied'));
  });

  it('export then plan of the export shows no changes', async () => {
    const exported = join(dir, 'exported.yaml');
    const run = await runCli(['export', '--store', `file:${tenant()}`, '--profiles', '--out', exported], { cwd: dir });
    expect(run.code).toBe(0);
    const plan = await runCli(['plan', exported, '--store', `file:${tenant()}`, '--detailed-exitcode'], { cwd: dir });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
  });

  it('refuses to apply without a terminal unless --auto-approve is given', async () => {
    const before = await readFile(tenant());
    const run = await runCli(['apply', 'examples/licenses'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refusing to apply without confirmation');
    expect(run.stderr).toContain('--auto-approve');
    expect(await readFile(tenant())).toEqual(before);
  });

  it('a saved plan applied after the tenant changed exits 4 and changes nothing', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['plan', 'examples/licenses', '--out', planFile], { cwd: dir })).code).toBe(0);
    // Someone edits a planned user in the admin center meanwhile: Sway switched back on.
    const doc = JSON.parse(await readFile(tenant(), 'utf8')) as { users: { userPrincipalName: string; licenseAssignmentStates: { assignedByGroup: string | null; disabledPlans: string[] }[] }[] };
    const user = doc.users.find((u) => u.userPrincipalName === 'chen.kaya@contoso.com');
    const direct = user?.licenseAssignmentStates.find((s) => s.assignedByGroup === null && s.disabledPlans.length === 0);
    expect(direct).toBeDefined();
    direct?.disabledPlans.push('a23b959c-7ce8-4e57-9140-b90eb88a9e97');
    await writeFile(tenant(), `${JSON.stringify(doc, null, 2)}\n`);
    const before = await readFile(tenant());
    const run = await runCli(['apply', '--plan', planFile, '--auto-approve'], { cwd: dir });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('is stale');
    expect(run.stderr).toContain('chen.kaya@contoso.com');
    expect(await readFile(tenant())).toEqual(before);
  });

  it('a saved plan applied to an unchanged tenant converges', async () => {
    const planFile = join(dir, 'plan.json');
    await runCli(['plan', 'examples/licenses', '--out', planFile], { cwd: dir });
    expect((await runCli(['apply', '--plan', planFile, '--auto-approve'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['plan', 'examples/licenses', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });
});

describe('guards and pre-flight checks block before anything changes (exit 3)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
  });
  afterEach(async () => {
    await cleanup();
  });

  async function applyBlocked(scenario: string): Promise<string> {
    const tenant = join(dir, 'examples', 'tenant.json');
    const before = await readFile(tenant);
    const run = await runCli(['apply', `examples/scenarios/${scenario}.yaml`, '--auto-approve'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Plan blocked');
    expect(await readFile(tenant)).toEqual(before);
    return run.stdout;
  }

  it('an emptied config with prune: true is refused and the tenant file stays byte-identical', async () => {
    const out = await applyBlocked('emptied-config');
    expect(out).toContain('would remove every managed license');
    expect(out).toContain('--allow-remove-all');
  });

  it('a seat shortage names the SKU', async () => {
    const out = await applyBlocked('seat-shortage');
    expect(out).toContain('not enough seats: VISIOCLIENT');
  });

  it('a missing usage location names the user', async () => {
    const out = await applyBlocked('missing-usage-location');
    expect(out).toContain('no usage location: user gijs.meijer@contoso.com');
  });
});
