import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ARTIFACT_FOLDER } from '../../src/cli/build-action-invocation.js';
import { validateFile, workflowFiles } from '../../scripts/lint-actions.mjs';

/**
 * Every workflow and action.yml passes a real workflow linter (action-validator, run by
 * `npm run lint:actions` over the same files), and the user workflows keep the safety rails
 * the docs promise.
 */

const root = join(import.meta.dirname, '..', '..');
const validate = (file: string): { code: number; output: string } => validateFile(file, root);
const files = workflowFiles(root);

describe('action-validator', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'skuform-workflows-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('npm run lint:actions covers the action, the CI and the three example workflows', () => {
    expect(files).toEqual(expect.arrayContaining([
      'action.yml', '.github/workflows/ci.yml',
      'examples/github/skuform-apply.yml', 'examples/github/skuform-drift.yml', 'examples/github/skuform-plan.yml',
    ]));
  });

  it('finds every workflow, whatever its name, and nothing else', async () => {
    const project = join(scratch, 'project');
    await mkdir(join(project, '.github', 'workflows'), { recursive: true });
    await mkdir(join(project, 'examples', 'github'), { recursive: true });
    for (const file of ['action.yml', '.github/workflows/release.yaml', '.github/workflows/ci.yml', '.github/workflows/notes.md', 'examples/github/x.yml']) {
      await writeFile(join(project, file), '');
    }
    expect(workflowFiles(project)).toEqual(['action.yml', '.github/workflows/ci.yml', '.github/workflows/release.yaml', 'examples/github/x.yml']);
  });

  it.each(files)('%s is valid', (file) => {
    const result = validate(file);
    expect(result.output).not.toContain('"errors"');
    expect(result.code).toBe(0);
  });

  it('rejects a composite action step without a shell (so it really checks composite actions)', async () => {
    const action = (await readFile(join(root, 'action.yml'), 'utf8')).replace('      shell: bash\n', '');
    const dir = join(scratch, 'broken');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(join(dir, 'action.yml'), action);
    const result = validate(join(dir, 'action.yml'));
    expect(result.code).toBe(1);
    expect(result.output).toContain('/runs/steps/1/shell');
  });

  it('rejects a workflow with a misspelt key', async () => {
    const workflow = (await readFile(join(root, 'examples/github/skuform-apply.yml'), 'utf8')).replace('    environment: licenses-production', '    enviroment: licenses-production');
    await writeFile(join(scratch, 'broken.yml'), workflow);
    const result = validate(join(scratch, 'broken.yml'));
    expect(result.code).toBe(1);
    expect(result.output).toContain("Additional property 'enviroment' is not allowed");
  });
});

interface Step {
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string | number>;
}

interface Job {
  needs?: string;
  if?: string;
  environment?: string;
  permissions?: unknown;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

/** The step of a job that uses the skuform action. */
function skuformStep(job: Job | undefined): Step {
  const step = job?.steps.find((s) => s.uses === 'OWNER/skuform@v1');
  if (step === undefined) throw new Error('no skuform step');
  return step;
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

  it('apply: a plan job outside the environment, and an apply job that applies its artifact only when there are changes', async () => {
    const { jobs } = await load('examples/github/skuform-apply.yml');
    expect(Object.keys(jobs)).toEqual(['plan', 'apply']);
    // Only the apply job is in the protected environment, so only it gets the write-capable app.
    expect(jobs.plan?.environment).toBeUndefined();
    expect(jobs.apply).toMatchObject({ needs: 'plan', if: "needs.plan.outputs.has-changes == 'true'" });
    const plan = skuformStep(jobs.plan);
    expect(plan.with).toMatchObject({ command: 'plan', artifact: 'skuform-plan-${{ github.run_id }}-${{ github.run_attempt }}', 'artifact-retention-days': 7 });
    expect(jobs.plan?.outputs).toEqual({
      'has-changes': `\${{ steps.${plan.id}.outputs.has-changes }}`, artifact: `\${{ steps.${plan.id}.outputs.artifact }}`,
    });
    expect(skuformStep(jobs.apply).with).toEqual({ command: 'apply', artifact: '${{ needs.plan.outputs.artifact }}' });
    // apply --plan reads no files of the repository: no checkout in the job with write access.
    expect(jobs.apply?.steps.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
    for (const job of [jobs.plan, jobs.apply]) {
      expect(job?.env).toEqual({
        AZURE_TENANT_ID: '${{ vars.AZURE_TENANT_ID }}', AZURE_CLIENT_ID: '${{ vars.AZURE_CLIENT_ID }}', SKUFORM_PLAN_KEY: '${{ secrets.SKUFORM_PLAN_KEY }}',
      });
    }
  });

  it('action.yml: apply downloads the artifact of this run only, into the folder the run step reads; plan uploads it with the retention asked for', async () => {
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } };
    const download = action.runs.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.if).toBe("inputs.command == 'apply' && inputs.artifact != ''");
    // No run-id, repository or github-token: download-artifact then reads only this workflow run.
    expect(download?.with).toEqual({ name: '${{ inputs.artifact }}', path: `\${{ runner.temp }}/${ARTIFACT_FOLDER}` });
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe("steps.run.outputs.artifact != ''");
    expect(upload?.with).toEqual({
      name: '${{ steps.run.outputs.artifact }}', path: '${{ steps.run.outputs.plan-file }}', 'if-no-files-found': 'error',
      'retention-days': '${{ inputs.artifact-retention-days }}',
    });
    const order = action.runs.steps.map((s) => s.id ?? s.uses?.split('@')[0]);
    expect(order.indexOf('actions/download-artifact')).toBeLessThan(order.indexOf('run'));
    expect(order.indexOf('run')).toBeLessThan(order.indexOf('actions/upload-artifact'));
  });

  it('drift: scheduled, may write issues, runs drift-issue on the saved plan', async () => {
    const drift = await load('examples/github/skuform-drift.yml');
    expect(Object.keys(drift.on)).toEqual(['schedule', 'workflow_dispatch']);
    expect(drift.permissions).toEqual({ contents: 'read', issues: 'write', 'id-token': 'write' });
    expect(drift.jobs.drift?.steps.map((s) => s.run ?? '').join('\n')).toMatch(/--detailed-exitcode[\s\S]*skuform drift-issue --plan plan.json/);
  });

  it("the project's CI runs typecheck, lint (action-validator included) and the tests on Node.js 20, 22 and 24", async () => {
    const ci = parse(await readFile(join(root, '.github/workflows/ci.yml'), 'utf8')) as { jobs: { test: Job & { strategy: { matrix: { node: number[] } } } } };
    expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(ci.jobs.test.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci', 'npm run typecheck', 'npm run lint', 'npm run deps:check', 'npm test']);
    const scripts = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.lint).toContain('npm run lint:actions');
    expect(scripts['lint:actions']).toBe('node scripts/lint-actions.mjs');
  });

  it('action.yml passes inputs to scripts only through the environment', async () => {
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { runs: { steps: { run?: string }[] } };
    const scripts = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).not.toMatch(/\$\{\{\s*inputs\./);
  });
});
