import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendJson, startLocalHttpServer, type LocalHttpServer } from '../support/local-http-server.js';
import { copyExamples, ROOT, runCli, type CliRun } from '../support/run-cli.js';

/**
 * The weak spots of the trust-boundaries issue, each through the CLI: a clear message that
 * says what is wrong and what to do, never "This looks like a bug", never a secret.
 */
function expectNoBug(run: CliRun): void {
  expect(run.stderr).not.toContain('looks like a bug');
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('clear errors through the CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let server: LocalHttpServer | undefined;
  const path = (...parts: string[]): string => join(dir, ...parts);

  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await cleanup();
  });

  it('redacts a token echoed by Graph without a Bearer prefix, also with --debug', async () => {
    const token = 'opaque-graph-token-0123456789';
    server = await startLocalHttpServer((request, response) => {
      const sent = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      sendJson(response, 403, { error: { code: 'Authorization_RequestDenied', message: `Insufficient privileges for token ${sent} on ${request.url}` } });
    });
    for (const debug of [[], ['--debug']]) {
      const run = await runCli(['plan', 'examples/licenses', '--store', `graph:${server.url}`, ...debug], { cwd: dir, env: { SKUFORM_GRAPH_TOKEN: token } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Insufficient privileges for token [redacted]');
      expect(`${run.stdout}${run.stderr}`).not.toContain(token);
    }
  });

  it.each<[string, string[], string]>([
    ['--graph-url with a tenant file', ['plan', 'examples/licenses', '--graph-url', 'http://127.0.0.1:9'], '--graph-url applies to Microsoft Graph, but the store is the tenant file'],
    ['--cloud with a tenant file', ['skus', '--store', 'file:examples/tenant.json', '--cloud', 'usgov'], '--cloud applies to Microsoft Graph, but the store is the tenant file'],
    ['--graph-url to validate without --store', ['validate', 'examples/licenses', '--graph-url', 'http://127.0.0.1:9'], '--graph-url needs --store graph'],
  ])('refuses a flag that would be ignored: %s', async (_name, args, message) => {
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expectNoBug(run);
  });

  it('plan --format diff of a blocked plan says why', async () => {
    const run = await runCli(['plan', 'examples/scenarios/seat-shortage.yaml', '--format', 'diff'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout.split('\n')[0]).toBe('# Plan blocked by 1 error: not enough seats (VISIOCLIENT). Nothing can be applied until it is fixed.');
    const empty = await runCli(['plan', 'examples/scenarios/missing-usage-location.yaml', '--format', 'diff'], { cwd: dir });
    expect(empty.stdout).toContain('#   x user gijs.meijer@contoso.com has no usage location');
  });

  it('two YAML documents in one file get a message of our own, at the second document', async () => {
    await writeFile(path('two.yaml'), 'users:\n  a@contoso.com: []\n---\nusers:\n  b@contoso.com: []\n');
    const run = await runCli(['validate', 'two.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('two.yaml:3:1: error: a second YAML document starts here; a skuform file holds one document');
    expect(run.stderr).not.toContain('parseAllDocuments');
  });

  it('a broken symlink in a config folder is reported, not skipped', async () => {
    await symlink(path('examples', 'licenses', 'gone.yaml'), path('examples', 'licenses', 'users', 'interns.yaml'));
    const run = await runCli(['plan', 'examples/licenses'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: the symbolic link examples/licenses/users/interns.yaml leads to nothing (its target does not exist)');
  });

  it('doctor exits 1 when a check fails', async () => {
    await chmod(path('examples', 'tenant.json'), 0o444);
    const run = await runCli(['doctor', '--store', 'file:examples/tenant.json'], { cwd: dir });
    expect(run.stdout).toMatch(/FAIL {2}Apply lock: examples\/tenant\.json is read-only/);
    expect(run.code).toBe(1);
  });

  it('says that export, skus and doctor read no config, instead of claiming the config\'s store: is their default', async () => {
    for (const command of ['export', 'skus', 'doctor']) {
      const help = (await runCli([command, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help).toContain('default: file:tenant.json (this command reads no config)');
      expect(help).not.toContain("config's store:");
    }
  });

  it('counts the same thing where it says it does: operations in the apply summary, licenses in the removal guard', async () => {
    const journal = path('journal.jsonl');
    const applied = await runCli(['apply', 'examples/licenses', '--auto-approve', '--journal', journal], { cwd: dir });
    expect(applied.stdout).toContain('Plan: 7 to assign, 5 to update, 4 to remove; +10 seats, +€288.00 / month.');
    expect(applied.stdout).toMatch(/Apply finished after .*: 14 operations \(one per user or group\): 14 applied, 0 failed, 0 skipped\./);
    const emptied = await runCli(['plan', 'examples/scenarios/emptied-config.yaml'], { cwd: dir });
    expect(emptied.stdout).toContain('162 to remove in the plan; a removal from a group counts each');
    expect(emptied.stdout).toContain('Held back until then: 0 to assign, 0 to update, 162 to remove.');
  });

  it('never cites a section of a document users do not have, in the README or any help', async () => {
    expect(await readFile(join(ROOT, 'README.md'), 'utf8')).not.toMatch(/SPEC section|SPEC \d/);
    for (const command of ['', 'validate', 'plan', 'apply', 'watch', 'export', 'skus', 'report', 'report inactive', 'comment', 'drift-issue', 'doctor']) {
      const help = await runCli([...(command === '' ? [] : command.split(' ')), '--help']);
      expect(help.stdout).not.toMatch(/SPEC/);
    }
  });

  it('an output path that is a folder is a clear error, never "a bug"', async () => {
    await mkdir(path('out'));
    const run = await runCli(['plan', 'examples/licenses', '--out', 'out'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--out out is a folder.');
    expectNoBug(run);
  });
});
