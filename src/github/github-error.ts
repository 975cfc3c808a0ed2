/**
 * Our error type for GitHub API failures. It is built from Octokit's `RequestError` at the
 * boundary and deliberately keeps neither the request (its headers carry the token) nor the
 * original error as `cause`, so printing or serialising it can never leak a credential.
 */
export type GitHubErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'invalid'
  | 'server'
  | 'network';

export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  readonly kind: GitHubErrorKind;
  /** HTTP status; 0 when GitHub could not be reached. */
  readonly status: number;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  /** Secondary rate limit: seconds GitHub asked us to wait (`retry-after`). */
  readonly retryAfterSeconds: number | undefined;
  /** Primary rate limit: when the quota resets (`x-ratelimit-reset`). */
  readonly rateLimitResetAt: Date | undefined;
  /** `x-github-request-id`, for GitHub support. */
  readonly requestId: string | undefined;

  constructor(fields: {
    kind: GitHubErrorKind;
    status: number;
    message: string;
    hint?: string;
    retryAfterSeconds?: number;
    rateLimitResetAt?: Date;
    requestId?: string;
  }) {
    super(fields.message);
    this.kind = fields.kind;
    this.status = fields.status;
    this.hint = fields.hint;
    this.retryAfterSeconds = fields.retryAfterSeconds;
    this.rateLimitResetAt = fields.rateLimitResetAt;
    this.requestId = fields.requestId;
  }
}

/** What the failing call was doing, for the message and the permission hint. */
export interface GitHubCallContext {
  /** e.g. `updating comment 123 on octo/repo#7`. */
  doing: string;
  /** The `permissions:` entry the call needs, e.g. `pull-requests: write`. */
  permission: string;
  /** The token in use: removed from anything GitHub echoes back. */
  token: string;
}

const FORK_HINT =
  'For pull requests from forks GitHub makes the GITHUB_TOKEN read-only whatever the workflow asks for: ' +
  'post the comment from a separate `workflow_run` workflow, never by running fork code under `pull_request_target`.';

function redact(text: string, token: string): string {
  return token.length >= 4 ? text.split(token).join('[REDACTED]') : text;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function rateLimitError(status: number, headers: Record<string, unknown> | undefined, base: string, ctx: GitHubCallContext, requestId?: string): GitHubApiError | undefined {
  const remaining = header(headers, 'x-ratelimit-remaining');
  const retryAfter = Number(header(headers, 'retry-after') ?? Number.NaN);
  if (remaining === '0' && !Number.isFinite(retryAfter)) {
    const resetEpoch = Number(header(headers, 'x-ratelimit-reset') ?? Number.NaN);
    const resetAt = Number.isFinite(resetEpoch) ? new Date(resetEpoch * 1000) : undefined;
    const when = resetAt ? `; it resets at ${resetAt.toISOString()}` : '';
    return new GitHubApiError({
      kind: 'rate-limited', status, requestId,
      message: `GitHub API rate limit exhausted (${status}) while ${ctx.doing}${when}`,
      hint: 'Wait for the reset, or spread the workflows that call the API over time.',
      ...(resetAt ? { rateLimitResetAt: resetAt } : {}),
    });
  }
  const secondary = /secondary rate limit/i.test(base) || Number.isFinite(retryAfter);
  if (!secondary && status !== 429) return undefined;
  // GitHub's guidance when a secondary limit comes without retry-after: wait at least a minute.
  const seconds = Number.isFinite(retryAfter) ? retryAfter : 60;
  return new GitHubApiError({
    kind: 'rate-limited', status, requestId, retryAfterSeconds: seconds,
    message: `GitHub secondary rate limit hit (${status}) while ${ctx.doing}; retry after ${seconds} seconds`,
    hint: 'Too many requests in a short time (often many jobs at once): re-run the job after the wait.',
  });
}

function explain(status: number, base: string, ctx: GitHubCallContext, requestId?: string): GitHubApiError {
  const what = `GitHub answered ${status} while ${ctx.doing}: ${base}`;
  switch (status) {
    case 401:
      return new GitHubApiError({ kind: 'unauthorized', status, requestId,
        message: `${what} (the token is invalid or expired)`,
        hint: 'In GitHub Actions pass the job token with `env: GITHUB_TOKEN: ${{ github.token }}`; a personal access token may have expired or been revoked.' });
    case 403:
      return new GitHubApiError({ kind: 'forbidden', status, requestId,
        message: `${what} (the token lacks permission)`,
        hint: `Give the workflow job \`permissions: ${ctx.permission}\` (\`pull-requests: write\` for the plan comment, \`issues: write\` for the drift issue). ${FORK_HINT}` });
    case 404:
      return new GitHubApiError({ kind: 'not-found', status, requestId,
        message: `${what} (the repository, pull request or comment does not exist, or the token cannot see it)`,
        hint: 'Check the repository (GITHUB_REPOSITORY) and the pull request number (--pr); a token for another repository sees a private one as missing.' });
    case 422:
      return new GitHubApiError({ kind: 'invalid', status, requestId, message: `${what} (GitHub rejected the request)` });
    default:
      return new GitHubApiError({ kind: status >= 500 ? 'server' : 'invalid', status, requestId, message: what,
        ...(status >= 500 ? { hint: 'GitHub had a problem; re-run the job later.' } : {}) });
  }
}

function describeBody(data: unknown, fallback: string): string {
  if (data !== null && typeof data === 'object') {
    const record = data as { message?: unknown; errors?: unknown };
    const message = typeof record.message === 'string' ? record.message : fallback;
    const details = Array.isArray(record.errors)
      ? record.errors.map((e: unknown) => (typeof e === 'string' ? e : (e as { message?: unknown })?.message)).filter((m): m is string => typeof m === 'string')
      : [];
    return details.length > 0 ? `${message} (${details.join('; ')})` : message;
  }
  return typeof data === 'string' && data.trim() !== '' ? data.trim().slice(0, 300) : fallback;
}

/** Octokit's `RequestError` (name `HttpError`), recognised by shape so we need not import it. */
interface OctokitRequestError {
  name: string;
  status: number;
  message: string;
  response?: { headers: Record<string, unknown>; data: unknown };
}

function isOctokitRequestError(error: unknown): error is OctokitRequestError {
  return error instanceof Error && error.name === 'HttpError' && typeof (error as { status?: unknown }).status === 'number';
}

/**
 * Translates anything an Octokit call threw into a `GitHubApiError`. Errors that are not
 * Octokit request errors are bugs and are rethrown unchanged.
 */
export function translateGitHubError(error: unknown, ctx: GitHubCallContext): GitHubApiError {
  if (!isOctokitRequestError(error)) throw error;
  const response = error.response;
  if (response === undefined) {
    // Octokit reports fetch failures (DNS, refused, reset) as status 500 without a response.
    const reason = redact(error.message, ctx.token);
    return new GitHubApiError({ kind: 'network', status: 0,
      message: `Could not reach GitHub while ${ctx.doing}: ${reason}`,
      hint: 'Check GITHUB_API_URL (GitHub Enterprise Server: https://HOST/api/v3) and the network.' });
  }
  const headers = response.headers;
  const requestId = header(headers, 'x-github-request-id');
  const base = redact(describeBody(response.data, error.message), ctx.token);
  if (error.status === 403 || error.status === 429) {
    const limited = rateLimitError(error.status, headers, base, ctx, requestId);
    if (limited) return limited;
  }
  return explain(error.status, base, ctx, requestId);
}

/** Runs one Octokit call and translates its failure. */
export async function callGitHub<T>(ctx: GitHubCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateGitHubError(error, ctx);
  }
}
