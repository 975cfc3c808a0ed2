import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../github-standin/github-standin.js';
import { anOperation, aPlan, assignChange, aUser, PLAN, removeChange, SKU, updateChange } from '../support/plan-fixtures.js';
import { commentPlan, reportDrift, summarizePlan } from '../../src/github/publish-plan.js';
import { formatPlanCommentMarker } from '../../src/github/markers.js';
import { STEP_SUMMARY_LIMIT_BYTES } from '../../src/github/append-step-summary.js';
import type { Plan } from '../../src/model/plan.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';

const TOKEN = 'ghs_publishToken_0123456789abcdef';
let standin: GitHubStandin;
let dir: string;
let env: Record<string, string>;
let pr: number;

const STOCK = [{ sku: SKU.SPE_E3, total: 20_000, used: 9_000 }, { sku: SKU.POWER_BI_PRO, total: 12_000, used: 4_000 }];

const noChanges = (): Plan => aPlan({ stock: STOCK });

const smallPlan = (): Plan => aPlan({
  stock: STOCK,
  operations: [
    anOperation(aUser('alice@contoso.com'), [assignChange(SKU.SPE_E3, [PLAN.SWAY]), assignChange(SKU.POWER_BI_PRO)]),
    anOperation(aUser('bob@contoso.com'), [updateChange(SKU.SPE_E3, [PLAN.SWAY], [])]),
    anOperation(aUser('dave@contoso.com'), [removeChange(SKU.POWER_BI_PRO)]),
  ],
});

/** `count` users, half gaining E3 with Sway off, half losing Power BI Pro. */
const hugePlan = (count: number): Plan => aPlan({
  stock: STOCK,
  operations: Array.from({ length: count }, (_, i) => {
    const user = aUser(`user${String(i).padStart(5, '0')}@contoso.com`);
    return i % 2 === 0 ? anOperation(user, [assignChange(SKU.SPE_E3, [PLAN.SWAY, PLAN.YAMMER_ENTERPRISE])]) : anOperation(user, [removeChange(SKU.POWER_BI_PRO)]);
  }),
});

beforeEach(async () => {
  standin = await startGitHubStandin({ token: TOKEN });
  pr = standin.state.openIssue('contoso', 'licenses', { title: 'Give Sales E5', pullRequest: true }).number;
  dir = await mkdtemp(join(tmpdir(), 'skuform-publish-'));
  const eventPath = join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify({ pull_request: { number: pr, head: { sha: '9f8e7d6c5b4a39281706' } } }));
  env = {
    GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'contoso/licenses', GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standin.apiUrl,
    GITHUB_EVENT_PATH: eventPath, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '4242', GITHUB_SHA: '0000000000000000merge',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
});
afterEach(async () => {
  await standin.close();
  await rm(dir, { recursive: true, force: true });
});

const comments = () => standin.state.comments('contoso', 'licenses', pr) ?? [];

describe('commentPlan', () => {
  it('posts the rendered plan with the head commit and a link to the run', async () => {
    const result = await commentPlan({ plan: smallPlan(), configPath: 'licenses/', env, plannedAt: '2026-03-02T09:14:00Z' });

    expect(result.ok && result.value.action).toBe('created');
    const [comment] = comments();
    expect(comment?.body.startsWith(`${formatPlanCommentMarker('licenses/')}\n### skuform plan: 2 to assign, 1 to update, 1 to remove`)).toBe(true);
    expect(comment?.body).toContain('commit `9f8e7d6c5b4a`');
    expect(comment?.body).toContain('(https://github.com/contoso/licenses/actions/runs/4242)');
  });

  it('keeps a plan of 5,000 operations under the comment limit without cutting it here', async () => {
    const plan = hugePlan(5_000);
    expect(renderPlanMarkdown(plan, { maxLength: Number.POSITIVE_INFINITY }).length).toBeGreaterThan(65_536);

    const result = await commentPlan({ plan, configPath: 'licenses/', env });

    expect(result.ok && result.value).toMatchObject({ action: 'created', truncated: false });
    const [comment] = comments();
    expect(comment?.body.length).toBeLessThanOrEqual(65_536);
    expect(comment?.body).toContain('actions/runs/4242');
  });

  it('reports what is missing outside a pull request run, without calling GitHub', async () => {
    const result = await commentPlan({ plan: noChanges(), configPath: 'licenses/', env: { GITHUB_REPOSITORY: 'contoso/licenses' } });

    expect(!result.ok && result.diagnostics.map((d) => d.code)).toEqual(['github-token-missing', 'github-pr-unknown']);
    expect(standin.requests).toHaveLength(0);
  });
});

describe('reportDrift', () => {
  it('opens the issue while the tenant drifts and closes it when it no longer does', async () => {
    const drifted = await reportDrift({ plan: smallPlan(), configPath: 'licenses/', env });
    expect(drifted.ok && drifted.value.action).toBe('opened');
    const number = drifted.ok ? drifted.value.issueNumber ?? 0 : 0;
    expect(standin.state.issue('contoso', 'licenses', number)).toMatchObject({
      title: 'skuform: tenant drifted from licenses/', state: 'open', body: expect.stringContaining('2 to assign'),
    });

    const clean = await reportDrift({ plan: noChanges(), configPath: 'licenses/', env });
    expect(clean.ok && clean.value).toMatchObject({ action: 'closed', issueNumber: number });
    expect(standin.state.comments('contoso', 'licenses', number)?.[0]?.body).toContain('[this run](https://github.com/contoso/licenses/actions/runs/4242)');
  });
});

describe('summarizePlan', () => {
  it('appends the full plan to the job summary, cut under 1 MiB when huge', async () => {
    const result = await summarizePlan({ plan: hugePlan(8_000), configPath: 'licenses/', env });

    expect(result?.truncated).toBe(true);
    expect((await stat(env.GITHUB_STEP_SUMMARY ?? '')).size).toBeLessThan(STEP_SUMMARY_LIMIT_BYTES);
    const summary = await readFile(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
    expect(summary).toContain('<code>user00001@contoso.com</code>');
    expect(summary).toMatch(/<\/details>\n\n> \*\*Plan truncated\*\*.*\n$/);
  });

  it('does nothing outside GitHub Actions', async () => {
    expect(await summarizePlan({ plan: noChanges(), configPath: 'licenses/', env: {} })).toBeUndefined();
  });
});
