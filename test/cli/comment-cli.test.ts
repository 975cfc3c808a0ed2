/**
 * `skuform plan --out` then `skuform comment --plan`, as a workflow runs them, against the
 * local stand-in of GitHub's REST API (GITHUB_API_URL).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { startGitHubStandin, type GitHubStandin } from '../github-standin/github-standin.js';
import { aHugePlan } from '../support/render-scenarios.js';
import { runCli, type CliRun } from '../support/run-cli.js';

const TOKEN = 'ghs_cliCommentToken_9f8e7d6c5b4a3921';
const HEAD_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
let standin: GitHubStandin;
let dir: string;
let pr: number;

async function start(permissions?: { 'pull-requests'?: 'read' | 'write'; issues?: 'read' | 'write' }): Promise<void> {
  standin = await startGitHubStandin({ token: TOKEN, ...(permissions ? { permissions } : {}) });
  pr = standin.state.openIssue('contoso', 'licenses', { title: 'Leavers lose E3', pullRequest: true }).number;
}

/** `now`: when the comment is made (its footer says so); a later run changes the comment. */
function comment(planPath: string, now = '2026-12-04T09:00:00Z'): Promise<CliRun> {
  const eventPath = join(dir, 'event.json');
  return writeFile(eventPath, JSON.stringify({ pull_request: { number: pr, head: { sha: HEAD_SHA } } })).then(() =>
    runCli(['comment', '--plan', planPath], {
      env: {
        GITHUB_REPOSITORY: 'contoso/licenses', GITHUB_EVENT_PATH: eventPath, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standin.apiUrl,
        GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '777', SKUFORM_NOW: now,
      },
    }));
}

async function planExample(): Promise<string> {
  const planPath = join(dir, 'plan.json');
  const run = await runCli(['plan', 'examples/licenses', '--out', planPath]);
  expect(run.code).toBe(0);
  return planPath;
}

const comments = () => standin.state.comments('contoso', 'licenses', pr) ?? [];
const expectNoToken = (run: CliRun): void => expect(run.stdout + run.stderr).not.toContain(TOKEN);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-comment-cli-'));
});
afterEach(async () => {
  await standin.close();
  await rm(dir, { recursive: true, force: true });
});

describe('skuform comment', () => {
  it('creates the comment on the first run and updates the same one on the second', async () => {
    await start();
    const planPath = await planExample();

    const first = await comment(planPath);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^Plan comment created: \S+#issuecomment-\d+\n$/);
    const [created] = comments();
    expect(comments()).toHaveLength(1);
    expect(created?.body).toContain('<!-- skuform:plan path=examples/licenses -->');
    expect(created?.body).toContain('### skuform plan: +10 seats, +€288.00 / month · 7 to assign, 5 to update, 4 to remove');
    expect(created?.body).toContain(`commit \`${HEAD_SHA.slice(0, 12)}\``);

    const second = await comment(planPath, '2026-12-04T09:05:00Z');
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^Plan comment updated: /);
    expect(comments().map((c) => c.id)).toEqual([created?.id]);
    for (const run of [first, second]) expectNoToken(run);
  });

  it('summarises a plan of 20,000 changes by SKU under the comment limit, pointing to the full plan', async () => {
    await start();
    const planPath = join(dir, 'huge.json');
    await writeFile(planPath, renderPlanJson(aHugePlan(20_000)));

    const run = await comment(planPath);
    expect(run.code).toBe(0);
    const body = comments()[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('the changes of its 20000 users are summarised by SKU');
    expect(body).toContain('#### Changes by SKU');
    expect(body).toContain('[the full plan](https://github.com/contoso/licenses/actions/runs/777)');
    expectNoToken(run);
  });

  it('on 403, says which workflow permission is missing, exits 1 and never prints the token', async () => {
    await start({ 'pull-requests': 'read', issues: 'read' });
    const run = await comment(await planExample());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('permissions:');
    expect(run.stderr).toContain('pull-requests: write');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(comments()).toHaveLength(0);
    expectNoToken(run);
  });
});
