import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { createTestToken } from '../../emulator/access-token.js';
import { startGraphEmulator, type GraphEmulator } from '../../emulator/start-graph-emulator.js';
import { copyExamples, ROOT, runCli } from '../support/run-cli.js';

/**
 * Issue "Microsoft Graph store", done-when list: the CLI against the Graph emulator over real
 * HTTP gives the same plan as against the tenant file, converges under faults and a tight
 * write quota, and a snapshot export plans the same offline.
 */
const APPLY_ROLES = ['User.Read.All', 'GroupMember.Read.All', 'Organization.Read.All', 'LicenseAssignment.ReadWrite.All'];

/** The plan's JSON without the line that names where it was read from. */
function withoutStore(json: string): unknown {
  const plan = JSON.parse(json) as { store: string };
  return { ...plan, store: '(any)' };
}

describe('skuform with --store graph against the Graph emulator', () => {
  let emulator: GraphEmulator;
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
    const tenant = JSON.parse(await readFile(join(ROOT, 'examples', 'tenant.json'), 'utf8')) as TenantDocument;
    emulator = await startGraphEmulator({ tenant });
    env = { SKUFORM_GRAPH_TOKEN: createTestToken({ roles: APPLY_ROLES }) };
  });
  afterEach(async () => {
    await emulator.stop();
    await cleanup();
  });

  const graph = (): string => `graph:${emulator.url}`;

  it('plans exactly what the tenant file plans', async () => {
    const viaGraph = await runCli(['plan', 'examples/licenses', '--store', graph(), '--format', 'json'], { cwd: dir, env });
    const viaFile = await runCli(['plan', 'examples/licenses', '--store', 'file:examples/tenant.json', '--format', 'json'], { cwd: dir });
    expect(viaGraph.stderr).toBe('');
    expect(viaGraph.code).toBe(0);
    expect(withoutStore(viaGraph.stdout)).toEqual(withoutStore(viaFile.stdout));
  });

  it('apply converges with 20% injected faults and a tight write quota', async () => {
    emulator.setFaults({ rate: 0.2, dropConnections: true, seed: 7 });
    emulator.setQuota({ limit: 10, windowSeconds: 2 });
    const journal = join(dir, 'journal.jsonl');
    const applied = await runCli(['apply', 'examples/licenses', '--store', graph(), '--auto-approve', '--journal', journal, '--write-quota', '10/2'], { cwd: dir, env });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('14 applied, 0 failed, 0 skipped');
    emulator.setFaults(null);
    const replan = await runCli(['plan', 'examples/licenses', '--store', graph(), '--detailed-exitcode'], { cwd: dir, env });
    expect(replan.code).toBe(0);
    expect(replan.stdout).toContain('No changes.');
    expect(emulator.stats.faults).not.toEqual({});
  });

  it('export --snapshot writes a tenant file that plans the same offline', async () => {
    const snapshot = join(dir, 'snapshot.json');
    const exported = await runCli(['export', '--store', graph(), '--snapshot', snapshot, '--out', join(dir, 'current.yaml')], { cwd: dir, env });
    expect(exported.code).toBe(0);
    const viaGraph = await runCli(['plan', 'examples/licenses', '--store', graph(), '--format', 'json'], { cwd: dir, env });
    const viaSnapshot = await runCli(['plan', 'examples/licenses', '--store', `file:${snapshot}`, '--format', 'json'], { cwd: dir });
    expect(viaSnapshot.code).toBe(0);
    expect(withoutStore(viaSnapshot.stdout)).toEqual(withoutStore(viaGraph.stdout));
  });

  it('doctor names the permission that is missing, and never prints the token', async () => {
    const token = createTestToken({ roles: ['User.Read.All', 'GroupMember.Read.All', 'Organization.Read.All'] });
    const run = await runCli(['doctor', '--store', graph()], { cwd: dir, env: { SKUFORM_GRAPH_TOKEN: token } });
    expect(run.stdout).toContain('LicenseAssignment');
    expect(run.stdout).toMatch(/Apply: not ready/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('a missing sign-in says which variables to set, without a stack trace', async () => {
    const run = await runCli(['plan', 'examples/licenses', '--store', graph()], { cwd: dir, env: { SKUFORM_AUTH: 'secret' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/AZURE_CLIENT_SECRET/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
