import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePullRequestTarget, resolveRepositoryTarget, resolveRunUrl } from '../../src/github/github-context.js';

let dir: string;
let prEvent: string;
let commentEvent: string;
let pushEvent: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-event-'));
  prEvent = join(dir, 'pull_request.json');
  commentEvent = join(dir, 'issue_comment.json');
  pushEvent = join(dir, 'push.json');
  await writeFile(prEvent, JSON.stringify({ action: 'synchronize', number: 17, pull_request: { number: 17, head: { sha: 'abc123def456' } } }));
  await writeFile(commentEvent, JSON.stringify({ issue: { number: 23, pull_request: { url: 'x' } } }));
  await writeFile(pushEvent, JSON.stringify({ ref: 'refs/heads/main' }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const actions = { GITHUB_REPOSITORY: 'contoso/licenses', GITHUB_TOKEN: 'ghs_x', GITHUB_EVENT_PATH: '' };

describe('resolvePullRequestTarget', () => {
  it('reads repository, token and PR number from a pull_request run', async () => {
    const result = await resolvePullRequestTarget({ env: { ...actions, GITHUB_EVENT_PATH: prEvent } });
    expect(result).toEqual({ ok: true, value: { owner: 'contoso', repo: 'licenses', pr: 17, headSha: 'abc123def456', token: 'ghs_x', apiUrl: 'https://api.github.com' } });
  });

  it('understands issue_comment events on a pull request', async () => {
    const result = await resolvePullRequestTarget({ env: { ...actions, GITHUB_EVENT_PATH: commentEvent } });
    expect(result.ok && result.value.pr).toBe(23);
  });

  it('falls back to GITHUB_REF refs/pull/N/merge', async () => {
    const result = await resolvePullRequestTarget({ env: { ...actions, GITHUB_EVENT_PATH: join(dir, 'missing.json'), GITHUB_REF: 'refs/pull/8/merge' } });
    expect(result.ok && result.value.pr).toBe(8);
  });

  it('lets flags win and uses GITHUB_API_URL for GitHub Enterprise Server', async () => {
    const result = await resolvePullRequestTarget({
      repository: 'fabrikam/lic', pr: 5, token: 'flag-token',
      env: { ...actions, GITHUB_EVENT_PATH: prEvent, GITHUB_API_URL: 'https://ghe.fabrikam.com/api/v3' },
    });
    expect(result).toEqual({ ok: true, value: { owner: 'fabrikam', repo: 'lic', pr: 5, token: 'flag-token', apiUrl: 'https://ghe.fabrikam.com/api/v3' } });
  });

  it('reports every missing piece at once', async () => {
    const result = await resolvePullRequestTarget({ env: { GITHUB_EVENT_PATH: pushEvent, GITHUB_REF: 'refs/heads/main' } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.diagnostics.map((d) => d.code)).toEqual(['github-repository-unknown', 'github-token-missing', 'github-pr-unknown']);
    expect(!result.ok && result.diagnostics[2]?.hint).toContain('--pr N');
  });

  it('rejects malformed values', async () => {
    const result = await resolvePullRequestTarget({ repository: 'no-slash', pr: -1, env: { GITHUB_TOKEN: 't' } });
    expect(!result.ok && result.diagnostics.map((d) => d.code)).toEqual(['github-repository-invalid', 'github-pr-invalid']);
  });
});

describe('resolveRepositoryTarget and resolveRunUrl', () => {
  it('needs no pull request for the drift issue', () => {
    expect(resolveRepositoryTarget({ env: { GITHUB_REPOSITORY: 'contoso/licenses', GITHUB_TOKEN: 't' } })).toEqual({
      ok: true, value: { owner: 'contoso', repo: 'licenses', token: 't', apiUrl: 'https://api.github.com' },
    });
  });

  it('links to the run (and its attempt) that holds the job summary', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'contoso/licenses', GITHUB_RUN_ID: '99' };
    expect(resolveRunUrl(env)).toBe('https://github.com/contoso/licenses/actions/runs/99');
    expect(resolveRunUrl({ ...env, GITHUB_RUN_ATTEMPT: '2' })).toBe('https://github.com/contoso/licenses/actions/runs/99/attempts/2');
    expect(resolveRunUrl({})).toBeUndefined();
  });
});
