import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { primaryRateLimitFault, secondaryRateLimitFault, startGitHubStandin, type GitHubStandin } from '../github-standin/github-standin.js';
import type { UpsertPlanCommentOptions } from '../../src/github/upsert-plan-comment.js';
import { startLocalHttpServer } from '../support/local-http-server.js';

// Octokit binds console.warn/error as its default logger when it loads, so the spies must be
// in place before the GitHub modules are imported.
const consoleSpies: MockInstance[] = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level));
const { GitHubApiError } = await import('../../src/github/github-error.js');
const { upsertPlanComment } = await import('../../src/github/upsert-plan-comment.js');
const { upsertDriftIssue } = await import('../../src/github/upsert-drift-issue.js');
type GitHubApiError = InstanceType<typeof GitHubApiError>;

const TOKEN = 'ghp_S3cretTokenValue_0123456789abcdefXYZ';
let standin: GitHubStandin;
let pr: number;

beforeEach(async () => {
  standin = await startGitHubStandin({ token: TOKEN });
  pr = standin.state.openIssue('contoso', 'licenses', { title: 'PR', pullRequest: true }).number;
  for (const spy of consoleSpies) spy.mockClear();
});
afterEach(async () => {
  // Octokit logs failed requests to the console by default; skuform reports them itself.
  const printed = consoleSpies.flatMap((spy) => spy.mock.calls);
  await standin.close();
  expect(printed).toEqual([]);
});

function options(overrides: Partial<UpsertPlanCommentOptions> = {}): UpsertPlanCommentOptions {
  return { owner: 'contoso', repo: 'licenses', pr, body: 'plan', configPath: 'licenses/', token: TOKEN, apiUrl: standin.apiUrl, ...overrides };
}

/** Every way an error reaches a user or a log: message, stack, inspect, JSON. */
function everythingPrintable(error: unknown): string {
  return [String(error), (error as Error).stack ?? '', inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error)].join('\n');
}

async function failureOf(promise: Promise<unknown>): Promise<GitHubApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GitHubApiError);
  const printable = everythingPrintable(error);
  expect(printable).not.toContain(TOKEN);
  expect(printable).not.toContain(TOKEN.slice(4, 20));
  return error as GitHubApiError;
}

describe('GitHub API failures', () => {
  it('401: says the token is invalid or expired, without echoing it', async () => {
    const error = await failureOf(upsertPlanComment(options({ token: `${TOKEN}-revoked` })));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.message).toMatch(/Bad credentials.*invalid or expired/);
    expect(error.hint).toContain('GITHUB_TOKEN');
    expect(everythingPrintable(error)).not.toContain(`${TOKEN}-revoked`);
  });

  it('403: names the permission the workflow needs and the fork limitation', async () => {
    await standin.close();
    standin = await startGitHubStandin({ token: TOKEN, permissions: { 'pull-requests': 'read', issues: 'read' } });
    pr = standin.state.openIssue('contoso', 'licenses', { title: 'from a fork', pullRequest: true }).number;

    const error = await failureOf(upsertPlanComment(options({ apiUrl: standin.apiUrl })));

    expect(error).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(error.message).toContain('Resource not accessible by integration');
    expect(error.message).toContain(`creating a comment on contoso/licenses#${pr}`);
    expect(error.hint).toContain('permissions: pull-requests: write');
    expect(error.hint).toMatch(/forks.*read-only/);
    expect(error.hint).toContain('pull_request_target');
  });

  it('403 on the drift issue asks for issues: write', async () => {
    await standin.close();
    standin = await startGitHubStandin({ token: TOKEN, permissions: { issues: 'read' } });
    standin.state.addRepository('contoso', 'licenses');
    const error = await failureOf(upsertDriftIssue({
      owner: 'contoso', repo: 'licenses', marker: 'licenses/', title: 'Drift', body: 'b', drifted: true, token: TOKEN, apiUrl: standin.apiUrl,
    }));
    expect(error.hint).toContain('permissions: issues: write');
  });

  it('404: an unknown pull request or repository', async () => {
    const missingPr = await failureOf(upsertPlanComment(options({ pr: 999 })));
    expect(missingPr).toMatchObject({ kind: 'not-found', status: 404 });
    expect(missingPr.message).toContain('contoso/licenses#999');
    expect(missingPr.message).toMatch(/does not exist, or the token cannot see it/);

    const missingRepo = await failureOf(upsertPlanComment(options({ repo: 'nope' })));
    expect(missingRepo.kind).toBe('not-found');
    expect(missingRepo.hint).toContain('GITHUB_REPOSITORY');
  });

  it('primary rate limit: says when the quota resets', async () => {
    const reset = Date.parse('2026-03-01T12:30:00Z') / 1000;
    standin.fail(primaryRateLimitFault(reset, 'list-comments'));
    const error = await failureOf(upsertPlanComment(options()));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 403 });
    expect(error.rateLimitResetAt?.toISOString()).toBe('2026-03-01T12:30:00.000Z');
    expect(error.message).toContain('resets at 2026-03-01T12:30:00.000Z');
  });

  it('secondary rate limit (403 or 429): says how long to wait', async () => {
    standin.fail(secondaryRateLimitFault(90, 403, 'create-comment'));
    const forbidden = await failureOf(upsertPlanComment(options()));
    expect(forbidden).toMatchObject({ kind: 'rate-limited', status: 403, retryAfterSeconds: 90 });
    expect(forbidden.message).toContain('retry after 90 seconds');

    standin.fail(secondaryRateLimitFault(15, 429, 'create-comment'));
    const tooMany = await failureOf(upsertPlanComment(options()));
    expect(tooMany).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 15 });
  });

  it('removes the token when GitHub echoes it back', async () => {
    standin.fail({ route: 'list-comments', status: 422, body: { message: `token ${TOKEN} is not allowed here` } });
    const error = await failureOf(upsertPlanComment(options()));
    expect(error.message).toContain('token [REDACTED] is not allowed here');
  });

  it('a server that cannot be reached is a network error', async () => {
    const closed = await startLocalHttpServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const error = await failureOf(upsertPlanComment(options({ apiUrl: url })));
    expect(error).toMatchObject({ kind: 'network', status: 0 });
    expect(error.message).toContain('Could not reach GitHub');
  });

  it('a 5xx answer is a server error with a retry hint', async () => {
    standin.fail({ route: 'list-comments', status: 502, body: { message: 'Server Error' } });
    const error = await failureOf(upsertPlanComment(options()));
    expect(error).toMatchObject({ kind: 'server', status: 502 });
  });
});
