import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { createTestToken } from '../../emulator/access-token.js';
import { startGraphEmulator, type GraphEmulator } from '../../emulator/start-graph-emulator.js';
import { readGitHubOutput } from '../support/github-output-file.js';
import { copyExamples, EXAMPLE_NOW, ROOT } from '../support/run-cli.js';
import { PLAN_ROLES } from '../stores/graph/graph-emulator-kit.js';

/**
 * The two jobs of examples/github/skuform-apply.yml, as the runner would run them: the
 * composite action's script (`dist/src/cli/github-action-main.js`) in separate processes,
 * each job with its own runner temp folder, output file and job summary, against the Graph
 * emulator over HTTP on 127.0.0.1. The plan job signs in read-only; the saved plan travels
 * to the apply job as the artifact would (a copy into the folder the action downloads it to);
 * the apply job signs in with write permission. Both get SKUFORM_PLAN_KEY, as the workflow
 * passes it.
 */

const ACTION_MAIN = join(ROOT, 'dist', 'src', 'cli', 'github-action-main.js');
const PLAN_KEY = 'c0ffee'.repeat(11);
/**
 * The plan job's read-only app. Organization.Read.All lets skuform check the config's
 * `tenant: contoso.onmicrosoft.com` (a domain); without it the plan is blocked as maybe the
 * wrong tenant.
 */
const READ_ONLY_ROLES = [...PLAN_ROLES, 'Organization.Read.All'];
/** The apply job's app, with exactly the permissions the README asks for. */
const WRITE_ROLES = ['LicenseAssignment.ReadWrite.All', 'User.Read.All', 'GroupMember.Read.All'];

interface StepResult {
  code: number | null;
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

interface Job {
  /** $RUNNER_TEMP of this job. */
  temp: string;
  run(inputs: Record<string, string>): Promise<StepResult>;
}

describe('the composite action: plan job, then apply job, against the Graph emulator', () => {
  let emulator: GraphEmulator;
  let workspace: string;
  let runners: string;
  let cleanupExamples: () => Promise<void>;
  let jobs = 0;

  beforeEach(async () => {
    ({ dir: workspace, cleanup: cleanupExamples } = await copyExamples());
    runners = await mkdtemp(join(tmpdir(), 'skuform-runners-'));
    const tenant = JSON.parse(await readFile(join(ROOT, 'examples', 'tenant.json'), 'utf8')) as TenantDocument;
    emulator = await startGraphEmulator({ tenant });
  });
  afterEach(async () => {
    await emulator.stop();
    await cleanupExamples();
    await rm(runners, { recursive: true, force: true });
  });

  /** A fresh job on a fresh runner, signed in with these Graph permissions. */
  async function newJob(roles: readonly string[]): Promise<Job> {
    jobs += 1;
    const temp = join(runners, `job-${jobs}`, 'temp');
    await mkdir(temp, { recursive: true });
    const token = createTestToken({ roles: [...roles], tid: emulator.state.tenant.id, appid: `skuform-job-${jobs}` });
    let steps = 0;
    return {
      temp,
      run: async (inputs) => {
        steps += 1;
        const files = { GITHUB_OUTPUT: join(runners, `job-${jobs}`, `output-${steps}`), GITHUB_STEP_SUMMARY: join(runners, `job-${jobs}`, `summary-${steps}`) };
        const env: NodeJS.ProcessEnv = {
          PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', SKUFORM_NOW: EXAMPLE_NOW,
          GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, ...files,
          SKUFORM_GRAPH_TOKEN: token, SKUFORM_PLAN_KEY: PLAN_KEY,
          ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, value])),
        };
        const { code, log } = await runProcess(env);
        return { code, log, outputs: await readGitHubOutput(files.GITHUB_OUTPUT), summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8').catch(() => '') };
      },
    };
  }

  function runProcess(env: NodeJS.ProcessEnv): Promise<{ code: number | null; log: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [ACTION_MAIN], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, log }));
    });
  }

  const planInputs = (artifact: string) => ({ command: 'plan', path: 'examples/licenses', store: `graph:${emulator.url}`, artifact });

  /** What download-artifact does with the artifact the plan job uploaded: its one file, in the folder the action reads. */
  async function carryArtifact(plan: StepResult, to: Job): Promise<void> {
    const file = plan.outputs['plan-file'] ?? '';
    await mkdir(join(to.temp, 'skuform-artifact'), { recursive: true });
    await copyFile(file, join(to.temp, 'skuform-artifact', basename(file)));
  }

  it('plan (read-only) -> artifact -> apply (write) of exactly that plan; a third plan has no changes', async () => {
    const artifact = 'skuform-plan-4242-1';
    const planJob = await newJob(READ_ONLY_ROLES);
    const plan = await planJob.run(planInputs(artifact));
    expect(plan.code, plan.log).toBe(0);
    expect(plan.outputs).toEqual({
      'exit-code': '2', 'has-changes': 'true', blocked: 'false', 'to-assign': '7', 'to-update': '5', 'to-remove': '4',
      'monthly-cost': '288.00', currency: 'EUR', summary: 'Plan: 7 to assign, 5 to update, 4 to remove; +10 seats, +€288.00 / month.',
      'plan-file': join(planJob.temp, 'skuform-plan.json'), artifact,
    });
    // The job summary: the plan the reviewers approve, cost first.
    expect(plan.summary).toContain('### skuform plan: +10 seats, +€288.00 / month · 7 to assign, 5 to update, 4 to remove');
    expect(plan.summary).toContain('#### Cost');
    expect(plan.summary).toContain(`> This plan is saved as the artifact \`${artifact}\` of this run. An apply of that artifact applies exactly this plan`);

    const applyJob = await newJob(WRITE_ROLES);
    await carryArtifact(plan, applyJob);
    emulator.resetStats();
    const apply = await applyJob.run({ command: 'apply', artifact });
    expect(apply.code, apply.log).toBe(0);
    expect(apply.log).toContain(`skuform apply --plan ${join(applyJob.temp, 'skuform-artifact', 'skuform-plan.json')} --auto-approve`);
    expect(apply.outputs).toMatchObject({ 'exit-code': '0', 'has-changes': 'true', 'to-assign': '7', 'to-update': '5', 'to-remove': '4', 'monthly-cost': '288.00', artifact: '' });
    expect(apply.summary).toMatch(/^### ✅ skuform apply: 14 applied, 0 failed, 0 skipped .*\n\nVerified: all 14 operations are in the store/);
    expect(emulator.stats.writes).toBeGreaterThan(0);

    const again = await (await newJob(READ_ONLY_ROLES)).run(planInputs('skuform-plan-4243-1'));
    expect(again.code, again.log).toBe(0);
    expect(again.outputs).toMatchObject({
      'exit-code': '0', 'has-changes': 'false', blocked: 'false', 'to-assign': '0', 'to-update': '0', 'to-remove': '0',
      'monthly-cost': '0.00', summary: 'No changes. The tenant matches the configuration.', artifact: '',
    });
    expect(again.summary).toContain('### ✅ skuform plan: No changes. The tenant matches the configuration.');
    expect(again.summary).not.toContain('saved as the artifact');
  });

  it('a tenant change between the plan job and the apply job: the apply is refused (exit 4) and changes nothing', async () => {
    const artifact = 'skuform-plan-4244-1';
    const plan = await (await newJob(READ_ONLY_ROLES)).run(planInputs(artifact));
    expect(plan.outputs['has-changes'], plan.log).toBe('true');

    // While the apply waits for approval, an admin moves a user the plan touches to another country.
    emulator.updateUser('chen.kaya@contoso.com', { usageLocation: 'FR' });
    const before = JSON.stringify(emulator.state.users);
    emulator.resetStats();

    const applyJob = await newJob(WRITE_ROLES);
    await carryArtifact(plan, applyJob);
    const apply = await applyJob.run({ command: 'apply', artifact });
    expect(apply.code).toBe(4);
    expect(apply.log).toContain('is stale');
    expect(apply.log).toContain('chen.kaya@contoso.com');
    expect(apply.outputs['exit-code']).toBe('4');
    expect(emulator.stats.writes).toBe(0);
    expect(JSON.stringify(emulator.state.users)).toBe(before);
  });

  it('apply without the artifact of this run fails before skuform runs', async () => {
    const apply = await (await newJob(WRITE_ROLES)).run({ command: 'apply', artifact: 'skuform-plan-4245-1' });
    expect(apply.code).toBe(1);
    expect(apply.log).toContain('::error title=skuform action::the artifact "skuform-plan-4245-1" was not downloaded');
    expect(apply.outputs).toMatchObject({ 'exit-code': '1', 'has-changes': 'false' });
    expect(emulator.stats.writes).toBe(0);
  });
});
