import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../github-standin/github-standin.js';
import { anOperation, aPlan, assignChange, aUser, PLAN, removeChange, SKU, updateChange } from '../support/plan-fixtures.js';
import { commentPlan, reportDrift, summarizePlan } from '../../src/github/publish-plan.js';
import { formatPlanCommentMarker } from '../../src/github/markers.js';
import { bodyLength, BODY_LIMIT } from '../github-standin/standin-routes.js';
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

describe('reportDrift near the issue size limit', () => {
  const RUN_URL = 'https://github.com/contoso/licenses/actions/runs/4242';
  /** The plan as reportDrift renders it when nothing limits its length. */
  const rendering = (plan: Plan): string =>
    renderPlanMarkdown(plan, { configPath: 'licenses/', maxLength: Number.POSITIVE_INFINITY, commitSha: env.GITHUB_SHA, fullPlanUrl: RUN_URL });

  /** A plan of users gaining or losing a license whose full rendering is exactly `length` characters. */
  function planRenderedAt(length: number): Plan {
    const plan = (count: number, pad: number): Plan => aPlan({
      stock: STOCK,
      operations: Array.from({ length: count }, (_, i) => {
        const user = aUser(`user${String(i).padStart(5, '0')}${i === 0 ? 'x'.repeat(pad) : ''}@contoso.com`);
        return i % 2 === 0 ? anOperation(user, [assignChange(SKU.SPE_E3, [PLAN.SWAY])]) : anOperation(user, [removeChange(SKU.POWER_BI_PRO)]);
      }),
    });
    const perUser = (rendering(plan(200, 0)).length - rendering(plan(100, 0)).length) / 100;
    let count = Math.floor((length - rendering(plan(1, 0)).length) / perUser);
    while (rendering(plan(count, 0)).length > length) count -= 1;
    // Each character more in one user's name is one more character in the rendering.
    const result = plan(count, length - rendering(plan(count, 0)).length);
    expect(rendering(result)).toHaveLength(length);
    return result;
  }

  // Like every plan rendering, the drift plan stays below the room it is given: the issue
  // limit less the marker line and the intro. It is posted whole while the issue stays under
  // the limit, summarised by SKU from there, and never cut by the size check after it (which
  // would say the plan is truncated). The stand-in measures the issue on its own.
  it('posts the plan whole while the issue stays under 65,536 characters, and summarised from there', async () => {
    const small = await reportDrift({ plan: smallPlan(), configPath: 'licenses/', env });
    const issue = () => standin.state.issue('contoso', 'licenses', small.ok ? small.value.issueNumber ?? 0 : 0);
    const body = issue()?.body ?? '';
    // What comes before the plan: the marker line and the intro.
    const before = body.slice(0, body.indexOf('### skuform plan'));
    expect(body).toBe(`${before}${rendering(smallPlan())}`);
    const room = BODY_LIMIT - bodyLength(before);

    for (const length of [room - 1, room, room + 1]) {
      const plan = planRenderedAt(length);
      const result = await reportDrift({ plan, configPath: 'licenses/', env });
      expect(result.ok && result.value.action).toBe('updated');
      const posted = issue()?.body ?? '';
      expect(bodyLength(posted)).toBeLessThanOrEqual(BODY_LIMIT - (length < room ? 1 : 0));
      expect(posted).not.toContain('**Truncated**');
      expect({ length, whole: posted === `${before}${rendering(plan)}` }).toEqual({ length, whole: length < room });
      expect(posted).toContain(length < room ? '<summary>user <code>user00000' : `${plan.operations.length} users`);
    }
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
