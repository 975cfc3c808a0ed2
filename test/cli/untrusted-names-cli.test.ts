import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { hasUnsafeCharacters } from '../../src/render/sanitize-text.js';
import { copyExamples, runCli, type CliRun } from '../support/run-cli.js';

/**
 * Names from the tenant file and from YAML keys written with double-quoted escapes (`\e`,
 * `\a`, `\u202E`) reach every output of the CLI: plan in each format, GitHub annotations and
 * the job summary, apply's JSON events and journal, export. None may carry a raw control,
 * escape or bidi character.
 */
const MALLORY = 'mallory\u001b[2J\u0007\u202eevil@contoso.com';
const OPS = 'Ops\u001b]8;;https://evil.example\u0007PM\u202e';

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

  it('export and skus', async () => {
    expectSafe(await runCli(['export', '--store', 'file:tenant.json', '--profiles'], { cwd: dir }));
    expectSafe(await runCli(['skus', '--store', 'file:tenant.json', '--plans'], { cwd: dir }));
  });
});
