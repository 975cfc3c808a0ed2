import { chmod, lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExamples, runCli, UNPRIVILEGED, type CliRun } from '../support/run-cli.js';
import { spawnTypeScript, waitForExit, waitForLine } from '../support/spawn-ts.js';

/**
 * Paths the user names are trusted to mean what they say, and no further: a symlinked tenant
 * file stays a link and shares its target's lock, an output never overwrites an input, a
 * read-only tenant file is not replaced, and an unwritable or missing output path is a clear
 * error, never "a bug".
 */
const HOLDER = join(import.meta.dirname, '..', 'stores', 'children', 'file-store-lock-holder.ts');

function expectClearError(run: CliRun, text: string): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toContain(text);
  expect(run.stderr).not.toContain('looks like a bug');
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('paths', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const path = (...parts: string[]): string => join(dir, ...parts);
  const tenant = (): string => path('examples', 'tenant.json');

  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('applies through a symlinked tenant file: the link stays a link and its target changes', async () => {
    await symlink(tenant(), path('link.json'));
    const run = await runCli(['apply', 'examples/licenses', '--store', 'file:link.json', '--auto-approve'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect((await lstat(path('link.json'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path('link.json'))).toBe(tenant());
    expect((await runCli(['plan', 'examples/licenses', '--store', `file:${tenant()}`, '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });

  it('an apply through the link and one through the real path take the same lock', async () => {
    await symlink(tenant(), path('link.json'));
    const holder = spawnTypeScript(HOLDER, [path('link.json')]);
    try {
      await waitForLine(holder, /^locked$/);
      const before = await readFile(tenant());
      const run = await runCli(['apply', 'examples/licenses', '--auto-approve'], { cwd: dir });
      expectClearError(run, `tenant.json is locked by pid ${String(holder.pid)}`);
      expect(await readFile(tenant())).toEqual(before);
    } finally {
      holder.stdin?.end();
      await waitForExit(holder);
    }
  });

  it.each<[string, string[]]>([
    ['plan --out', ['plan', 'examples/licenses', '--out', 'examples/tenant.json']],
    ['plan --out through a link', ['plan', 'examples/licenses', '--out', 'alias.json']],
    ['plan --out onto a config file', ['plan', 'examples/licenses', '--out', 'examples/licenses/groups.yaml']],
    ['export --out', ['export', '--store', 'file:examples/tenant.json', '--out', 'examples/tenant.json']],
    ['apply --journal', ['apply', 'examples/licenses', '--auto-approve', '--journal', 'examples/tenant.json']],
    ['apply --journal onto a config file', ['apply', 'examples/licenses', '--auto-approve', '--journal', 'examples/licenses/settings.yaml']],
    ['watch --apply --journal', ['watch', 'examples/licenses', '--apply', '--journal', 'alias.json']],
    ['watch --apply --journal onto a config file', ['watch', 'examples/licenses', '--apply', '--journal', 'examples/licenses/groups.yaml']],
  ])('%s never overwrites an input', async (_name, args) => {
    await symlink(tenant(), path('alias.json'));
    const inputs = [tenant(), path('examples', 'licenses', 'groups.yaml'), path('examples', 'licenses', 'settings.yaml')];
    const before = await Promise.all(inputs.map((file) => readFile(file)));
    const run = await runCli(args, { cwd: dir });
    expectClearError(run, 'writing there would destroy it');
    expect(await Promise.all(inputs.map((file) => readFile(file)))).toEqual(before);
  });

  it('refuses a read-only tenant file instead of replacing it', async () => {
    await chmod(tenant(), 0o444);
    const before = await readFile(tenant());
    const run = await runCli(['apply', 'examples/licenses', '--auto-approve'], { cwd: dir });
    expectClearError(run, 'examples/tenant.json is read-only (mode 0444); skuform will not replace it.');
    expect(run.stderr).toContain('chmod u+w');
    expect(await readFile(tenant())).toEqual(before);
    expect((await stat(tenant())).mode & 0o777).toBe(0o444);
  });

  it('--out into a missing folder, and --journal that is a folder, are clear errors before anything is done', async () => {
    expectClearError(await runCli(['plan', 'examples/licenses', '--out', 'no/such/folder/plan.json'], { cwd: dir }), 'the folder');
    await mkdir(path('journal-folder'));
    const before = await readFile(tenant());
    expectClearError(await runCli(['apply', 'examples/licenses', '--auto-approve', '--journal', 'journal-folder'], { cwd: dir }), '--journal journal-folder is a folder.');
    const watched = await runCli(['watch', 'examples/licenses', '--apply', '--journal', 'journal-folder'], { cwd: dir });
    expectClearError(watched, '--journal journal-folder is a folder.');
    expect(watched.stderr).toContain('hint: Name a file, e.g. journal-folder/journal.jsonl.');
    expect(await readFile(tenant())).toEqual(before);
  });

  it('a journal that cannot be written is a clear error, and nothing is applied', async () => {
    // Root ignores file permissions; the CLI runs as an unprivileged account for this test.
    await chmod(dir, 0o777);
    for (const sub of ['examples', 'examples/licenses', 'examples/licenses/users', 'examples/scenarios', 'examples/broken', 'examples/github']) await chmod(path(sub), 0o777).catch(() => undefined);
    await chmod(tenant(), 0o666);
    await mkdir(path('locked'), { mode: 0o555 });
    await chmod(path('locked'), 0o555);
    const before = await readFile(tenant());
    const run = await runCli(['apply', 'examples/licenses', '--auto-approve', '--journal', 'locked/journal.jsonl'], { cwd: dir, as: UNPRIVILEGED });
    expectClearError(run, '--journal locked/journal.jsonl: permission denied.');
    expect(await readFile(tenant())).toEqual(before);
  });

  it('a corrupt tenant file is reported once, where it is broken, not retried', async () => {
    await writeFile(tenant(), '{"tenant": {"id": "x"},\n  "users": [}');
    const run = await runCli(['plan', 'examples/licenses'], { cwd: dir });
    expectClearError(run, 'examples/tenant.json:2:13: not valid JSON');
  });
});
