import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuildStamp } from '../../scripts/build-stamp.mjs';

/** The repository root (tests run from source; the CLI runs from the build `npm test` makes first). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

// A CLI test passing against an old build says nothing about the code as it is: every test
// file that runs the CLI fails to load until `npm run build` has compiled the current sources.
const staleBuild = checkBuildStamp();
if (staleBuild !== null) throw new Error(staleBuild);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * An account without root's power to ignore file permissions, for tests of permission
 * errors: `nobody` when the tests run as root, else the current user.
 */
export const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

/**
 * The instant CLI tests run at (`SKUFORM_NOW`) unless a test sets its own: the example's
 * time-bound entry and sign-in activity are judged on the same day whenever the suite runs.
 */
export const EXAMPLE_NOW = '2026-12-04T09:00:00Z';

/** Runs the built skuform CLI as a user would: a child process, no TTY, colours off, the clock at {@link EXAMPLE_NOW}. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; as?: { uid: number; gid: number } } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SKUFORM_NOW: EXAMPLE_NOW, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], ...options.as });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A scratch copy of `examples/` (tenant file and configs keep their relative paths). */
export async function copyExamples(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-cli-'));
  await cp(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A fresh copy of `examples/` for every test of the calling `describe`: registers the
 * vitest hooks and returns the copy's directory (read it inside a test).
 */
export function useExampleCopy(hooks: { beforeEach: (fn: () => Promise<void>) => void; afterEach: (fn: () => Promise<void>) => void }): () => string {
  let copy: { dir: string; cleanup: () => Promise<void> } | undefined;
  hooks.beforeEach(async () => {
    copy = await copyExamples();
  });
  hooks.afterEach(async () => {
    await copy?.cleanup();
  });
  return () => copy?.dir ?? '';
}
