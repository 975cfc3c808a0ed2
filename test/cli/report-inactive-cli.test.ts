import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { createTestToken } from '../../emulator/access-token.js';
import { startGraphEmulator, type GraphEmulator } from '../../emulator/start-graph-emulator.js';
import { runCli, useExampleCopy } from '../support/run-cli.js';

/** `skuform report inactive` as a user runs it: on the example tenant file, and through Graph against the emulator. */
describe('skuform report inactive', () => {
  const copy = useExampleCopy({ beforeEach, afterEach });
  let dir = '';
  beforeEach(() => {
    dir = copy();
  });

  it('text: idle seats per SKU with their monthly cost, and who holds them', async () => {
    const run = await runCli(['report', 'inactive', 'examples/licenses'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Idle:      no sign-in since 2026-09-05 (90 days), never signed in, or account disabled');
    expect(run.stdout).toMatch(/SPE_E3 \(Microsoft 365 E3\) +21 +€33\.70 +€707\.70/);
    expect(run.stdout).toMatch(/Total +63 +€1,019\.90/);
    expect(run.stdout).toContain('omar.verbeek@contoso.com: account disabled, last sign-in 2026-09-26 (68 days ago)');
    expect(run.stdout).toContain('SPE_F1 via Frontline Workers');
  });

  it('--days changes the threshold; json carries exact amounts', async () => {
    const run = await runCli(['report', 'inactive', 'examples/licenses', '--days', '30', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { formatVersion: number; days: number; cutoff: string; total: { seats: number; monthly: string }; users: unknown[] };
    expect(report).toMatchObject({ formatVersion: 1, days: 30, cutoff: '2026-11-04T09:00:00.000Z' });
    expect(report.total.monthly).toMatch(/^\d+\.\d{2}$/);
    const default90 = JSON.parse((await runCli(['report', 'inactive', 'examples/licenses', '--format', 'json'], { cwd: dir })).stdout) as typeof report;
    expect(report.users.length).toBeGreaterThan(default90.users.length);
  });

  it('yaml: a valid skuform file; added to the config, the next plan removes exactly the seats it frees', async () => {
    // Drop two idle engineers from the config: the report may then list them itself.
    const engineering = join(dir, 'examples', 'licenses', 'users', 'engineering.yaml');
    const text = await readFile(engineering, 'utf8');
    await writeFile(engineering, text.replace(/^ {2}(jens\.koster|daan\.dewit)@contoso\.com: .*\n/gmu, ''));
    const run = await runCli(['report', 'inactive', 'examples/licenses', '--format', 'yaml', '--schema-ref', '../../../schemas/skuform.schema.json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  # last sign-in 2026-06-21 (165 days ago); frees SPE_E3, VISIOCLIENT (€47.80 / month)\n'
      + '  # FLOW_FREE is not in settings.managedSkus and stays\n  daan.dewit@contoso.com: []');
    expect(run.stdout).toContain('#   pim.mulder@contoso.com: never signed in; SPE_F1 via Frontline Workers');
    await writeFile(join(dir, 'examples', 'licenses', 'users', 'inactive.yaml'), run.stdout);
    const plan = await runCli(['plan', 'examples/licenses', '--format', 'json'], { cwd: dir });
    expect(plan.stderr).toBe('');
    const operations = (JSON.parse(plan.stdout) as { operations: { principal: { name: string }; changes: { action: string; sku: { skuPartNumber: string } }[] }[] }).operations;
    const freed = operations.filter((op) => ['jens.koster@contoso.com', 'daan.dewit@contoso.com'].includes(op.principal.name));
    expect(freed.map((op) => op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`))).toEqual([['remove SPE_E3', 'remove VISIOCLIENT'], ['remove SPE_E3', 'remove VISIOCLIENT']]);
  });

  it('works without a config: seats only, and says what a config would add', async () => {
    const run = await runCli(['report', 'inactive', '--store', 'file:examples/tenant.json', '--format', 'markdown'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('### skuform report inactive: 63 idle seats');
    expect(run.stdout).toContain('No config was given');
  });

  describe('through Microsoft Graph (the emulator)', () => {
    let emulator: GraphEmulator;
    let tenant: TenantDocument;
    beforeEach(async () => {
      tenant = JSON.parse(await readFile(join(dir, 'examples', 'tenant.json'), 'utf8')) as TenantDocument;
      emulator = await startGraphEmulator({ tenant });
    });
    afterEach(async () => {
      await emulator.stop();
    });
    const token = (roles: string[]): NodeJS.ProcessEnv => ({ SKUFORM_GRAPH_TOKEN: createTestToken({ roles }) });
    const READ = ['User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.Read.All', 'Organization.Read.All'];

    it('reads signInActivity with $select and finds what the tenant file finds', async () => {
      const viaGraph = await runCli(['report', 'inactive', 'examples/licenses', '--store', `graph:${emulator.url}`, '--format', 'json'], { cwd: dir, env: token([...READ, 'AuditLog.Read.All']) });
      const viaFile = await runCli(['report', 'inactive', 'examples/licenses', '--format', 'json'], { cwd: dir });
      expect(viaGraph.stderr).toBe('');
      const strip = (json: string): unknown => ({ ...(JSON.parse(json) as object), store: '(any)' });
      expect(strip(viaGraph.stdout)).toEqual(strip(viaFile.stdout));
    });

    it('without AuditLog.Read.All Graph refuses, and the message says which permission', async () => {
      const run = await runCli(['report', 'inactive', 'examples/licenses', '--store', `graph:${emulator.url}`], { cwd: dir, env: token(READ) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('403');
      expect(run.stderr).toContain('AuditLog.Read.All');
      expect(run.stderr).not.toContain('    at ');
    });

    it('a plan never selects signInActivity, so it needs no AuditLog.Read.All', async () => {
      const run = await runCli(['plan', 'examples/licenses', '--store', `graph:${emulator.url}`], { cwd: dir, env: token(READ) });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });
  });
});
