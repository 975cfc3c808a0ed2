import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { hasUnsafeCharacters } from '../../src/render/sanitize-text.js';
import { CLI, copyExamples, EXAMPLE_NOW, runCli, type CliRun } from '../support/run-cli.js';

/**
 * Names from the tenant file and from YAML keys written with double-quoted escapes (`\e`,
 * `\a`, `\u202E`) reach every output of the CLI: plan in each format, GitHub annotations and
 * the job summary, apply's JSON events and journal, export, report inactive, watch's log. None
 * may carry a raw control, escape or bidi character.
 */
const MALLORY = 'mallory\u001b[2J\u0007\u202eevil@contoso.com';
const OPS = 'Ops\u001b]8;;https://evil.example\u0007PM\u202e';
/** A disabled account holding a seat through a group, both renamed: what report inactive lists. */
const TRUDY = 'trudy\u009b2J\u001b[8m|`\u2066@contoso.com';
const SALES = 'Sales\u001b[5m\u202e';

const HOSTILE_CONFIG = `settings:
  managedSkus: [VISIOCLIENT, PROJECTPROFESSIONAL]
users:
  "mallory\\e[2J\\a\\u202Eevil@contoso.com": {licenses: [{sku: VISIOCLIENT}]}
groups:
  "Ops\\e]8;;https://evil.example\\aPM\\u202E": {licenses: [{sku: PROJECTPROFESSIONAL}]}
`;

/** Blocked: a user the tenant lacks, named with an escape sequence. */
const GHOST_CONFIG = `settings:
  managedSkus: [VISIOCLIENT]
users:
  "ghost\\e[31m\\u202E@contoso.com": {licenses: [{sku: VISIOCLIENT}]}
`;

function expectSafe(run: CliRun): void {
  for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) expect(hasUnsafeCharacters(line), JSON.stringify(line)).toBe(false);
}

describe('untrusted names through the CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const path = (name: string): string => join(dir, name);

  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
    const doc = JSON.parse(await readFile(path('examples/tenant.json'), 'utf8')) as TenantDocument;
    doc.users.push({
      id: '0badc0de-0000-4000-8000-000000000001', userPrincipalName: MALLORY, displayName: `Mallory\u001b[31m\u009b2J`,
      accountEnabled: true, usageLocation: 'NL', assignedLicenses: [], licenseAssignmentStates: [],
    });
    const group = doc.groups.find((g) => g.displayName === 'Project Managers');
    if (group === undefined) throw new Error('example group missing');
    group.displayName = OPS;
    const sales = doc.groups.find((g) => g.displayName === 'Sales');
    const member = doc.users.find((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup === sales?.id));
    if (sales === undefined || member === undefined) throw new Error('example Sales group or member missing');
    sales.displayName = SALES;
    member.userPrincipalName = TRUDY;
    member.accountEnabled = false;
    await writeFile(path('tenant.json'), JSON.stringify(doc));
    await writeFile(path('hostile.yaml'), HOSTILE_CONFIG);
    await writeFile(path('ghost.yaml'), GHOST_CONFIG);
  });
  afterEach(async () => {
    await cleanup();
  });

  it.each(['text', 'markdown', 'json', 'diff'])('plan --format %s', async (format) => {
    const run = await runCli(['plan', 'hostile.yaml', '--store', 'file:tenant.json', '--format', format], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(100);
    expectSafe(run);
  });

  it('the plan JSON keeps the names exactly', async () => {
    const run = await runCli(['plan', 'hostile.yaml', '--store', 'file:tenant.json', '--format', 'json'], { cwd: dir });
    const plan = JSON.parse(run.stdout) as { operations: { principal: { name: string } }[] };
    expect(plan.operations.map((o) => o.principal.name).sort()).toEqual([MALLORY, OPS].sort());
  });

  it('GitHub annotations and the job summary of a blocked plan', async () => {
    const summary = path('summary.md');
    const run = await runCli(['plan', 'ghost.yaml', '--store', 'file:tenant.json'], {
      cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir },
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^::error file=ghost\.yaml,line=4,col=3,title=skuform principal-not-found::.*ghost\\u\{1b\}\[31m/m);
    expectSafe(run);
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toContain('ghost\\\\u{1b}');
    for (const line of markdown.split('\n')) expect(hasUnsafeCharacters(line), line).toBe(false);
  });

  it('validate against the tenant, as annotations', async () => {
    const run = await runCli(['validate', 'ghost.yaml', '--store', 'file:tenant.json'], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error file=ghost.yaml');
    expectSafe(run);
  });

  it('apply: the JSON events, the summary and the journal', async () => {
    const journal = path('journal.jsonl');
    const run = await runCli(['apply', 'hostile.yaml', '--store', 'file:tenant.json', '--auto-approve', '--format', 'json', '--journal', journal], { cwd: dir });
    expect(run.code).toBe(0);
    expectSafe(run);
    const text = await readFile(journal, 'utf8');
    for (const line of text.split('\n')) expect(hasUnsafeCharacters(line), line).toBe(false);
    expect(text.split('\n').filter((l) => l.includes('"operation-end"')).map((l) => (JSON.parse(l) as { principal: { name: string } }).principal.name).sort()).toEqual([MALLORY, OPS].sort());
  });

  it('export and skus; the export reads back as the same names', async () => {
    const exported = await runCli(['export', '--store', 'file:tenant.json', '--profiles'], { cwd: dir });
    expect(exported.stdout).toContain('trudy\\u009b2J');
    expectSafe(exported);
    expectSafe(await runCli(['skus', '--store', 'file:tenant.json', '--plans'], { cwd: dir }));
    expect((await runCli(['export', '--store', 'file:tenant.json', '--out', 'exported.yaml'], { cwd: dir })).code).toBe(0);
    const replanned = await runCli(['plan', 'exported.yaml', '--store', 'file:tenant.json', '--detailed-exitcode'], { cwd: dir });
    expect(replanned.code, replanned.stdout + replanned.stderr).toBe(0);
  });

  it.each(['text', 'markdown', 'json', 'yaml'])('report inactive --format %s', async (format) => {
    const run = await runCli(['report', 'inactive', 'hostile.yaml', '--store', 'file:tenant.json', '--format', format], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expectSafe(run);
    if (format === 'json') {
      const report = JSON.parse(run.stdout) as { users: { userPrincipalName: string; licenses: { groups: { name: string }[] }[] }[] };
      const trudy = report.users.find((u) => u.userPrincipalName === TRUDY);
      expect(trudy?.licenses.flatMap((l) => l.groups.map((g) => g.name))).toContain(SALES);
    } else {
      expect(run.stdout).toContain('trudy\\u{9b}2J');
    }
    if (format === 'markdown') {
      // The pipe in the name stays inside its cell: User, Why, Licenses.
      const row = run.stdout.split('\n').find((line) => line.includes('trudy')) ?? '';
      expect(row.split(/(?<!\\)\|/)).toHaveLength(5);
    }
  });

  it('watch: the log names principals without their escape sequences', async () => {
    const child = spawn(process.execPath, [CLI, 'watch', 'hostile.yaml', '--store', 'file:tenant.json', '--interval', '1h'], {
      cwd: dir, env: { ...process.env, SKUFORM_NOW: EXAMPLE_NOW, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (/ run-end /.test(stdout)) resolve();
      });
      void exited.then(() => resolve());
    });
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain('mallory\\u{1b}[2J\\u{7}\\u{202e}evil@contoso.com');
    expectSafe({ code: 0, stdout, stderr });
  }, 60_000);
});
