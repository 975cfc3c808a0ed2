import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Every workflow and action.yml passes a real workflow linter (action-validator, the same
 * command CI runs), and the user workflows keep the safety rails the docs promise.
 */

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const validator = join(root, 'node_modules', '@action-validator', 'cli', 'cli.mjs');

async function validate(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [validator, file], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(join(root, dir))).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
}

const files = ['action.yml', ...(await yamlFiles('.github/workflows')), ...(await yamlFiles('examples/github'))];

describe('action-validator', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'skuform-workflows-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('covers the action, the CI and the three example workflows', () => {
    expect(files).toEqual(expect.arrayContaining([
      'action.yml', '.github/workflows/ci.yml',
      'examples/github/skuform-apply.yml', 'examples/github/skuform-drift.yml', 'examples/github/skuform-plan.yml',
    ]));
  });

  it.each(files)('%s is valid', async (file) => {
    const result = await validate(file);
    expect(result.output).not.toContain('"errors"');
    expect(result.code).toBe(0);
  });

  it('rejects a composite action step without a shell (so it really checks composite actions)', async () => {
    const action = (await readFile(join(root, 'action.yml'), 'utf8')).replace('      shell: bash\n', '');
    const dir = join(scratch, 'broken');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 'action.yml'), action);
    const result = await validate(join(dir, 'action.yml'));
    expect(result.code).toBe(1);
    expect(result.output).toContain('/runs/steps/1/shell');
  });

  it('rejects a workflow with a misspelt key', async () => {
    const workflow = (await readFile(join(root, 'examples/github/skuform-apply.yml'), 'utf8')).replace('    environment: licenses-production', '    enviroment: licenses-production');
    await writeFile(join(scratch, 'broken.yml'), workflow);
    const result = await validate(join(scratch, 'broken.yml'));
    expect(result.code).toBe(1);
    expect(result.output).toContain("Additional property 'enviroment' is not allowed");
  });
});

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { environment?: string; permissions?: unknown; steps: { run?: string; uses?: string }[] }>;
}

const load = async (file: string): Promise<Workflow> => parse(await readFile(join(root, file), 'utf8')) as Workflow;

describe('safety rails of the workflows', () => {
  it.each(files.filter((f) => f !== 'action.yml'))('%s declares permissions and never uses pull_request_target', async (file) => {
    const workflow = await load(file);
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    expect(workflow.permissions).toBeDefined();
    expect(workflow.permissions?.contents).toBe('read');
  });

  it('plan: least privilege for the comment and OIDC', async () => {
    const plan = await load('examples/github/skuform-plan.yml');
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    expect(plan.jobs.plan?.steps.map((s) => s.run ?? '').join('\n')).toContain('skuform comment --plan plan.json');
  });

  it('apply: protected environment, OIDC, and applies that never overlap or get cancelled', async () => {
    const apply = await load('examples/github/skuform-apply.yml');
    expect(apply.concurrency).toEqual({ group: 'skuform-apply', 'cancel-in-progress': false });
    expect(apply.jobs.apply?.environment).toBe('licenses-production');
    expect(apply.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('drift: scheduled, may write issues, runs drift-issue on the saved plan', async () => {
    const drift = await load('examples/github/skuform-drift.yml');
    expect(Object.keys(drift.on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(drift.permissions).toEqual({ contents: 'read', issues: 'write', 'id-token': 'write' });
    expect(drift.jobs.drift?.steps.map((s) => s.run ?? '').join('\n')).toMatch(/--detailed-exitcode[\s\S]*skuform drift-issue --plan plan.json/);
  });

  it('action.yml passes inputs to scripts only through the environment', async () => {
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { runs: { steps: { run?: string }[] } };
    const scripts = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).not.toMatch(/\$\{\{\s*inputs\./);
  });
});
