import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../github-standin/github-standin.js';
import { upsertDriftIssue, type UpsertDriftIssueOptions } from '../../src/github/upsert-drift-issue.js';
import { formatDriftIssueMarker } from '../../src/github/markers.js';
import { bodyLength, BODY_LIMIT } from '../github-standin/standin-routes.js';

const TOKEN = 'ghs_driftToken_abcdef0123456789';
const MARKER = formatDriftIssueMarker('licenses/');
let standin: GitHubStandin;

beforeEach(async () => {
  standin = await startGitHubStandin({ token: TOKEN });
  standin.state.addRepository('contoso', 'licenses');
});
afterEach(async () => {
  await standin.close();
});

function options(drifted: boolean, body = 'Plan: 1 to assign.'): UpsertDriftIssueOptions {
  return {
    owner: 'contoso', repo: 'licenses', marker: 'licenses/', title: 'skuform: tenant drifted from licenses/',
    body, drifted, token: TOKEN, apiUrl: standin.apiUrl, labels: ['skuform-drift'],
  };
}

const openIssues = () => standin.state.issues('contoso', 'licenses').filter((i) => i.state === 'open' && i.pull_request === undefined);

describe('upsertDriftIssue', () => {
  it('opens, updates, leaves alone and finally closes one issue', async () => {
    const opened = await upsertDriftIssue(options(true));
    expect(opened).toMatchObject({ action: 'opened', duplicatesClosed: 0 });
    expect(openIssues()).toEqual([expect.objectContaining({ number: opened.issueNumber, body: `${MARKER}\nPlan: 1 to assign.`, labels: [{ name: 'skuform-drift' }] })]);

    const updated = await upsertDriftIssue(options(true, 'Plan: 3 to assign.'));
    expect(updated).toMatchObject({ action: 'updated', issueNumber: opened.issueNumber });
    const unchanged = await upsertDriftIssue(options(true, 'Plan: 3 to assign.'));
    expect(unchanged.action).toBe('unchanged');
    expect(standin.count('create-issue')).toBe(1);

    const closed = await upsertDriftIssue(options(false));
    expect(closed).toMatchObject({ action: 'closed', issueNumber: opened.issueNumber });
    const issue = standin.state.issue('contoso', 'licenses', opened.issueNumber ?? 0);
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(standin.state.comments('contoso', 'licenses', opened.issueNumber ?? 0)?.map((c) => c.body)).toEqual([
      expect.stringContaining('no drift'),
    ]);

    expect(await upsertDriftIssue(options(false))).toEqual({ action: 'none', duplicatesClosed: 0 });
    const reopened = await upsertDriftIssue(options(true));
    expect(reopened.action).toBe('opened');
    expect(reopened.issueNumber).not.toBe(opened.issueNumber);
  });

  it('ignores pull requests, closed issues and issues of other configs, across pages', async () => {
    for (let i = 0; i < 120; i += 1) standin.state.openIssue('contoso', 'licenses', { title: `issue ${i}` });
    standin.state.openIssue('contoso', 'licenses', { title: 'PR quoting', body: `${MARKER}\nin a PR`, pullRequest: true });
    const other = standin.state.openIssue('contoso', 'licenses', { title: 'prod drift', body: `${formatDriftIssueMarker('prod/')}\nx` });
    const closed = standin.state.openIssue('contoso', 'licenses', { title: 'old drift', body: `${MARKER}\nold` });
    standin.state.updateIssue(closed, { state: 'closed' });
    const mine = standin.state.openIssue('contoso', 'licenses', { title: 'drift', body: `${MARKER}\nstale` });
    for (let i = 0; i < 100; i += 1) standin.state.openIssue('contoso', 'licenses', { title: `later ${i}` });

    const result = await upsertDriftIssue(options(true));

    expect(result).toMatchObject({ action: 'updated', issueNumber: mine.number });
    expect(standin.count('list-issues')).toBe(3);
    expect(other.body).toContain('\nx');
    expect(closed.state).toBe('closed');
  });

  it('closes duplicates a racing run opened, keeping the oldest with the newest body', async () => {
    let racer: number | undefined;
    standin.hooks.after = ({ route }) => {
      if (route === 'list-issues' && racer === undefined) {
        racer = standin.state.openIssue('contoso', 'licenses', { title: 'racer', body: `${MARKER}\nracer's plan` }).number;
      }
    };

    const result = await upsertDriftIssue(options(true, 'our plan'));

    expect(result).toMatchObject({ action: 'updated', issueNumber: racer, duplicatesClosed: 1 });
    expect(openIssues()).toEqual([expect.objectContaining({ number: racer, body: `${MARKER}\nour plan` })]);
    const duplicate = standin.state.issues('contoso', 'licenses').find((i) => i.number !== racer);
    expect(duplicate).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
  });

  // The marker line and its newline count against GitHub's limit too. The stand-in counts
  // the issue's length itself (code points) and refuses one character more with a 422.
  it('posts a body that fills the issue to exactly the limit whole, and cuts one character more', async () => {
    const room = BODY_LIMIT - bodyLength(`${MARKER}\n`);
    const exact = await upsertDriftIssue(options(true, 'x'.repeat(room)));
    const issue = () => standin.state.issue('contoso', 'licenses', exact.issueNumber ?? 0);
    expect(exact.action).toBe('opened');
    expect(bodyLength(issue()?.body ?? '')).toBe(BODY_LIMIT);
    expect(issue()?.body).toBe(`${MARKER}\n${'x'.repeat(room)}`);

    const over = await upsertDriftIssue(options(true, 'x'.repeat(room + 1)));
    expect(over).toMatchObject({ action: 'updated', issueNumber: exact.issueNumber });
    expect(bodyLength(issue()?.body ?? '')).toBeLessThanOrEqual(BODY_LIMIT);
    expect(issue()?.body).toMatch(/\*\*Truncated\*\*: the drift plan is longer than an issue allows/);
  });

  it('closes every open drift issue for the config once drift is gone', async () => {
    const a = standin.state.openIssue('contoso', 'licenses', { title: 'a', body: `${MARKER}\na` });
    const b = standin.state.openIssue('contoso', 'licenses', { title: 'b', body: `${MARKER}\nb` });

    const result = await upsertDriftIssue({ ...options(false), resolvedComment: 'Fixed by the apply in run 42.' });

    expect(result).toMatchObject({ action: 'closed', issueNumber: a.number, duplicatesClosed: 1 });
    expect([a.state, b.state]).toEqual(['closed', 'closed']);
    expect(standin.state.comments('contoso', 'licenses', b.number)?.[0]?.body).toBe('Fixed by the apply in run 42.');
  });
});
