import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../model/diagnostic.js';
import { DEFAULT_GITHUB_API_URL } from './github-client.js';

/**
 * Where a GitHub call goes, from explicit values (CLI flags) or the GitHub Actions
 * environment. The environment is passed in as a plain object: only the CLI reads
 * `process.env`.
 */
export type GitHubEnv = Readonly<Record<string, string | undefined>>;

export interface RepositoryTarget {
  owner: string;
  repo: string;
  token: string;
  apiUrl: string;
}

export interface PullRequestTarget extends RepositoryTarget {
  pr: number;
  /** The pull request's head commit (from the event payload), for the comment's footer. */
  headSha?: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

export interface GitHubTargetInput {
  /** `owner/name` from a flag; wins over GITHUB_REPOSITORY. */
  repository?: string | undefined;
  /** Pull request number from `--pr`; wins over the event payload. */
  pr?: number | undefined;
  /** Token from a flag; wins over GITHUB_TOKEN. */
  token?: string | undefined;
  env: GitHubEnv;
  /** Reads the event payload file; injectable for tests. */
  readTextFile?: (path: string) => Promise<string>;
}

const problem = (code: string, message: string, hint: string): Diagnostic => ({ severity: 'error', code, message, hint });

function resolveRepository(input: GitHubTargetInput, diagnostics: Diagnostic[]): RepositoryTarget | undefined {
  const slug = (input.repository ?? input.env.GITHUB_REPOSITORY ?? '').trim();
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(slug);
  if (match === null) {
    diagnostics.push(slug === ''
      ? problem('github-repository-unknown', 'No GitHub repository given.', 'Run inside GitHub Actions (GITHUB_REPOSITORY) or pass the repository as owner/name.')
      : problem('github-repository-invalid', `"${slug}" is not a repository in owner/name form.`, 'Write it as owner/name, e.g. contoso/licenses.'));
  }
  const token = (input.token ?? input.env.GITHUB_TOKEN ?? '').trim();
  if (token === '') {
    diagnostics.push(problem('github-token-missing', 'GITHUB_TOKEN is not set.',
      'In the workflow step add `env: GITHUB_TOKEN: ${{ github.token }}`; the job needs `permissions: pull-requests: write` for the plan comment, `issues: write` for the drift issue.'));
  }
  if (match === null || token === '') return undefined;
  const apiUrl = input.env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL;
  return { owner: match[1] ?? '', repo: match[2] ?? '', token, apiUrl };
}

/** Owner, repo, token and API root for calls that need no pull request (the drift issue). */
export function resolveRepositoryTarget(input: GitHubTargetInput): Resolved<RepositoryTarget> {
  const diagnostics: Diagnostic[] = [];
  const value = resolveRepository(input, diagnostics);
  return value === undefined ? { ok: false, diagnostics } : { ok: true, value };
}

interface EventPullRequest {
  number?: number;
  headSha?: string;
}

function pullRequestFromEvent(event: unknown): EventPullRequest {
  if (event === null || typeof event !== 'object') return {};
  const e = event as { pull_request?: { number?: unknown; head?: { sha?: unknown } }; issue?: { number?: unknown; pull_request?: unknown } };
  const headSha = typeof e.pull_request?.head?.sha === 'string' ? e.pull_request.head.sha : undefined;
  if (typeof e.pull_request?.number === 'number') return { number: e.pull_request.number, ...(headSha ? { headSha } : {}) };
  // issue_comment events on a pull request carry the PR as an issue with a pull_request link.
  if (e.issue?.pull_request != null && typeof e.issue.number === 'number') return { number: e.issue.number };
  return {};
}

async function pullRequestFromEnv(input: GitHubTargetInput): Promise<EventPullRequest> {
  const eventPath = input.env.GITHUB_EVENT_PATH;
  let fromEvent: EventPullRequest = {};
  if (eventPath) {
    try {
      fromEvent = pullRequestFromEvent(JSON.parse(await (input.readTextFile ?? ((p: string) => readFile(p, 'utf8')))(eventPath)));
    } catch {
      // An unreadable payload falls through to GITHUB_REF, which names the PR as well.
    }
  }
  if (fromEvent.number !== undefined) return fromEvent;
  const ref = /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(input.env.GITHUB_REF ?? '');
  return ref?.[1] === undefined ? fromEvent : { ...fromEvent, number: Number(ref[1]) };
}

/**
 * Owner, repo, pull request number, token and API root for the plan comment: flags first, then
 * GITHUB_REPOSITORY, the event payload at GITHUB_EVENT_PATH (`pull_request.number`), and
 * GITHUB_REF `refs/pull/N/merge` as a fallback; GITHUB_TOKEN; GITHUB_API_URL (GitHub
 * Enterprise Server). Every missing piece is reported at once.
 */
export async function resolvePullRequestTarget(input: GitHubTargetInput): Promise<Resolved<PullRequestTarget>> {
  const diagnostics: Diagnostic[] = [];
  const repository = resolveRepository(input, diagnostics);
  const event = await pullRequestFromEnv(input);
  const pr = input.pr ?? event.number;
  if (pr === undefined || !Number.isInteger(pr) || pr <= 0) {
    diagnostics.push(pr === undefined
      ? problem('github-pr-unknown', 'No pull request to comment on: this run was not triggered by a pull request.',
        'Run it from a `pull_request` workflow or pass --pr N.')
      : problem('github-pr-invalid', `"${pr}" is not a pull request number.`, 'Pass a positive whole number, e.g. --pr 42.'));
  }
  if (repository === undefined || pr === undefined || diagnostics.length > 0) return { ok: false, diagnostics };
  // The head commit belongs to the event's PR; with --pr naming another one it would mislead.
  const headSha = event.number === pr ? event.headSha : undefined;
  return { ok: true, value: { ...repository, pr, ...(headSha ? { headSha } : {}) } };
}

/**
 * Link to this workflow run (where the job summary with the full plan is), or undefined
 * outside GitHub Actions. Pass it to the markdown renderer as `fullPlanUrl`.
 */
export function resolveRunUrl(env: GitHubEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt } = env;
  if (!server || !repository || !runId) return undefined;
  const base = `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
  return attempt && attempt !== '1' ? `${base}/attempts/${attempt}` : base;
}
