import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../github-standin/github-standin.js';
import { BOT } from '../github-standin/standin-state.js';
import { planCommentMaxLength, upsertPlanComment, type UpsertPlanCommentOptions } from '../../src/github/upsert-plan-comment.js';
import { formatPlanCommentMarker } from '../../src/github/markers.js';

const TOKEN = 'ghs_standinToken0123456789abcdef';
let standin: GitHubStandin;
let pr: number;

beforeEach(async () => {
  standin = await startGitHubStandin({ token: TOKEN });
  pr = standin.state.openIssue('contoso', 'licenses', { title: 'Give Sales E5', pullRequest: true }).number;
});
afterEach(async () => {
  await standin.close();
});

function options(body: string, configPath = 'licenses/'): UpsertPlanCommentOptions {
  return { owner: 'contoso', repo: 'licenses', pr, body, configPath, token: TOKEN, apiUrl: standin.apiUrl };
}

function marked(configPath = 'licenses/'): { id: number; body: string }[] {
  const marker = formatPlanCommentMarker(configPath);
  return (standin.state.comments('contoso', 'licenses', pr) ?? []).filter((c) => c.body.startsWith(`${marker}\n`));
}

describe('upsertPlanComment', () => {
  it('creates the comment on the first run and edits the same one afterwards', async () => {
    const first = await upsertPlanComment(options('Plan: 1 to assign, 0 to update, 0 to remove.'));
    expect(first.action).toBe('created');
    expect(marked()).toHaveLength(1);

    const second = await upsertPlanComment(options('Plan: 2 to assign, 0 to update, 0 to remove.'));
    expect(second).toMatchObject({ action: 'updated', commentId: first.commentId, duplicatesRemoved: 0 });
    expect(marked()).toEqual([expect.objectContaining({ id: first.commentId, body: expect.stringContaining('2 to assign') })]);

    const third = await upsertPlanComment(options('Plan: 2 to assign, 0 to update, 0 to remove.'));
    expect(third.action).toBe('unchanged');
    expect(standin.count('update-comment')).toBe(1);
    expect(third.url).toBe(`https://github.example/contoso/licenses/pull/${pr}#issuecomment-${first.commentId}`);
  });

  it('keeps one comment per config path and leaves other comments alone', async () => {
    const marker = formatPlanCommentMarker('licenses/');
    standin.state.addComment('contoso', 'licenses', pr, 'LGTM', { login: 'alice', id: 7, type: 'User' });
    standin.state.addComment('contoso', 'licenses', pr, `> quoting the bot\n${marker}\nold plan`, { login: 'bob', id: 8, type: 'User' });
    standin.state.addComment('contoso', 'licenses', pr, `${formatPlanCommentMarker('licenses/prod.yaml')}\nprod plan`);

    await upsertPlanComment(options('plan for licenses/'));
    await upsertPlanComment(options('plan for staging', 'licenses/staging.yaml'));
    await upsertPlanComment(options('plan for licenses/ again'));

    const bodies = (standin.state.comments('contoso', 'licenses', pr) ?? []).map((c) => c.body);
    expect(bodies).toEqual([
      'LGTM',
      `> quoting the bot\n${marker}\nold plan`,
      `${formatPlanCommentMarker('licenses/prod.yaml')}\nprod plan`,
      `${marker}\nplan for licenses/ again`,
      `${formatPlanCommentMarker('licenses/staging.yaml')}\nplan for staging`,
    ]);
  });

  it('finds its comment on a later page of a long conversation', async () => {
    const existing = standin.state.addComment('contoso', 'licenses', pr, `${formatPlanCommentMarker('licenses/')}\nold`);
    for (let i = 0; i < 230; i += 1) standin.state.addComment('contoso', 'licenses', pr, `review comment ${i}`);

    const result = await upsertPlanComment(options('new plan'));

    expect(result).toMatchObject({ action: 'updated', commentId: existing.id });
    expect(marked()).toHaveLength(1);
    expect(standin.count('list-comments')).toBe(3);
  });

  it('removes duplicates left behind by earlier runs, keeping the oldest', async () => {
    const marker = formatPlanCommentMarker('licenses/');
    const oldest = standin.state.addComment('contoso', 'licenses', pr, `${marker}\nfirst`);
    standin.state.addComment('contoso', 'licenses', pr, `${marker}\nsecond`);
    standin.state.addComment('contoso', 'licenses', pr, `${marker}\nthird`);

    const result = await upsertPlanComment(options('fresh'));

    expect(result).toMatchObject({ action: 'updated', commentId: oldest.id, duplicatesRemoved: 2 });
    expect(marked()).toEqual([expect.objectContaining({ id: oldest.id, body: `${marker}\nfresh` })]);
  });

  it('converges on one comment when a second writer creates its comment at the same time', async () => {
    const marker = formatPlanCommentMarker('licenses/');
    let racer: number | undefined;
    standin.hooks.after = ({ route }) => {
      // The other run listed at the same moment, found nothing, and created first.
      if (route === 'list-comments' && racer === undefined) {
        racer = standin.state.addComment('contoso', 'licenses', pr, `${marker}\nracer's plan`, BOT).id;
      }
    };

    const result = await upsertPlanComment(options('our plan'));

    expect(result).toMatchObject({ action: 'updated', commentId: racer, duplicatesRemoved: 1 });
    expect(marked()).toEqual([expect.objectContaining({ id: racer, body: `${marker}\nour plan` })]);
  });

  it('leaves exactly one comment when two runs really race', async () => {
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothListed = new Promise<void>((resolve) => (release = resolve));
    standin.hooks.before = async ({ route }) => {
      if (route !== 'list-comments' || arrived >= 2) return;
      arrived += 1;
      if (arrived === 2) release();
      await bothListed;
    };

    const results = await Promise.all([upsertPlanComment(options('run A')), upsertPlanComment(options('run B'))]);

    expect(standin.count('create-comment')).toBe(2);
    const left = marked();
    expect(left).toHaveLength(1);
    expect(results.map((r) => r.commentId)).toEqual([left[0]?.id, left[0]?.id]);
    expect(left[0]?.body).toMatch(/\nrun [AB]$/);
  });

  it('works against a GitHub Enterprise Server API root', async () => {
    const ghes = await startGitHubStandin({ token: TOKEN, basePath: '/api/v3' });
    try {
      const number = ghes.state.openIssue('corp', 'lic', { title: 'x', pullRequest: true }).number;
      const result = await upsertPlanComment({ ...options('plan'), owner: 'corp', repo: 'lic', pr: number, apiUrl: `${ghes.apiUrl}/` });
      expect(result.action).toBe('created');
      expect(ghes.requests.every((r) => r.url.startsWith('/api/v3/'))).toBe(true);
    } finally {
      await ghes.close();
    }
  });

  it('cuts a body over the comment limit so GitHub accepts it', async () => {
    const row = '| alice@contoso.com | + SPE_E5 | - SPE_E3 |\n';
    const huge = `## skuform plan\n\n<details><summary>Details</summary>\n\n${row.repeat(3000)}</details>\n`;

    const result = await upsertPlanComment(options(huge));

    expect(result.truncated).toBe(true);
    const [comment] = marked();
    expect(comment?.body.length).toBeLessThanOrEqual(65_536);
    expect(comment?.body).toMatch(/Plan truncated.*job summary/);
    expect(comment?.body.match(/<details>/g)?.length).toBe(comment?.body.match(/<\/details>/g)?.length);
  });

  // The marker line and its newline count against GitHub's limit too: the largest body
  // planCommentMaxLength allows fills the comment to exactly 65,536 characters.
  it('posts a body of exactly the largest allowed length whole, and cuts one character more', async () => {
    const max = planCommentMaxLength('licenses/');
    const exact = await upsertPlanComment(options('x'.repeat(max)));
    expect(exact.truncated).toBe(false);
    expect(marked()[0]?.body).toHaveLength(65_536);

    const over = await upsertPlanComment(options('x'.repeat(max + 1)));
    expect(over).toMatchObject({ action: 'updated', truncated: true });
    expect(marked()[0]?.body.length).toBeLessThanOrEqual(65_536);
    expect(marked()[0]?.body).toMatch(/Plan truncated/);
  });
});
