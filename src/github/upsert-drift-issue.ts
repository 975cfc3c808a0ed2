import type { Octokit } from '@octokit/rest';
import { createGitHubClient } from './github-client.js';
import { callGitHub, type GitHubCallContext } from './github-error.js';
import { fitMarkdown } from './fit-markdown.js';
import { formatDriftIssueMarker, hasMarker, withMarker } from './markers.js';
import { byAge, GITHUB_BODY_LIMIT } from './upsert-plan-comment.js';

export interface UpsertDriftIssueOptions {
  owner: string;
  repo: string;
  /** Identifies the drift issue among open issues (e.g. the config path); kept in a hidden marker. */
  marker: string;
  title: string;
  /** Issue body (the drift plan as markdown); only used when `drifted`. */
  body: string;
  /** True when the scheduled plan found changes (`plan --detailed-exitcode` exit 2). */
  drifted: boolean;
  token: string;
  /** REST root (GITHUB_API_URL); github.com when absent. */
  apiUrl?: string | undefined;
  /** Labels for a new issue (GitHub drops them silently when the token may not set labels). */
  labels?: string[];
  /** Comment left when the issue is closed because the tenant matches again. */
  resolvedComment?: string;
}

export type DriftIssueAction = 'opened' | 'updated' | 'unchanged' | 'closed' | 'none';

export interface DriftIssueResult {
  action: DriftIssueAction;
  /** The issue that was opened, updated or closed (the oldest when several were closed). */
  issueNumber?: number;
  url?: string;
  /** Other open marked issues closed as duplicates (left by racing runs). */
  duplicatesClosed: number;
}

interface MarkedIssue {
  id: number;
  number: number;
  title: string;
  body: string;
  url: string;
  createdAt: string;
}

const DEFAULT_RESOLVED = 'The tenant matches the desired state again: skuform found no drift. Closing.';

function issueCalls(octokit: Octokit, o: UpsertDriftIssueOptions, marker: string) {
  const base = { owner: o.owner, repo: o.repo };
  const ctx = (doing: string): GitHubCallContext => ({ doing: `${doing} in ${o.owner}/${o.repo}`, permission: 'issues: write', token: o.token });
  return {
    async listOpen(): Promise<MarkedIssue[]> {
      const all = await callGitHub(ctx('listing open issues'), () =>
        octokit.paginate(octokit.rest.issues.listForRepo, { ...base, state: 'open', per_page: 100 }));
      return all
        // The issues endpoint also returns pull requests.
        .filter((i) => i.pull_request == null && hasMarker(i.body, marker))
        .map((i) => ({ id: i.id, number: i.number, title: i.title, body: i.body ?? '', url: i.html_url, createdAt: i.created_at }))
        .sort(byAge);
    },
    async open(title: string, body: string): Promise<{ number: number; url: string }> {
      const { data } = await callGitHub(ctx('opening the drift issue'), () =>
        octokit.rest.issues.create({ ...base, title, body, ...(o.labels?.length ? { labels: o.labels } : {}) }));
      return { number: data.number, url: data.html_url };
    },
    async edit(number: number, title: string, body: string): Promise<void> {
      await callGitHub(ctx(`updating issue #${number}`), () => octokit.rest.issues.update({ ...base, issue_number: number, title, body }));
    },
    async close(number: number, comment: string, reason: 'completed' | 'not_planned'): Promise<void> {
      await callGitHub(ctx(`commenting on issue #${number}`), () => octokit.rest.issues.createComment({ ...base, issue_number: number, body: comment }));
      await callGitHub(ctx(`closing issue #${number}`), () =>
        octokit.rest.issues.update({ ...base, issue_number: number, state: 'closed', state_reason: reason }));
    },
  };
}

type IssueCalls = ReturnType<typeof issueCalls>;

async function closeDuplicates(calls: IssueCalls, keep: MarkedIssue, duplicates: MarkedIssue[]): Promise<number> {
  for (const duplicate of duplicates) {
    await calls.close(duplicate.number, `Duplicate of #${keep.number}, which tracks this drift.`, 'not_planned');
  }
  return duplicates.length;
}

async function resolveDrift(calls: IssueCalls, open: MarkedIssue[], comment: string): Promise<DriftIssueResult> {
  const first = open[0];
  if (first === undefined) return { action: 'none', duplicatesClosed: 0 };
  for (const issue of open) await calls.close(issue.number, comment, 'completed');
  return { action: 'closed', issueNumber: first.number, url: first.url, duplicatesClosed: open.length - 1 };
}

/**
 * Keeps one open drift issue per `marker` in step with the scheduled drift check: opens it
 * (or updates the open one) while the tenant drifts, and comments on and closes it once it
 * no longer does. Racing runs converge like the plan comment does: the oldest open issue is
 * kept with the newest body, later ones are closed as duplicates.
 *
 * @throws GitHubApiError when GitHub refuses or cannot be reached (never with the token).
 */
export async function upsertDriftIssue(options: UpsertDriftIssueOptions): Promise<DriftIssueResult> {
  const marker = formatDriftIssueMarker(options.marker);
  const calls = issueCalls(createGitHubClient(options), options, marker);
  const open = await calls.listOpen();
  if (!options.drifted) return resolveDrift(calls, open, options.resolvedComment ?? DEFAULT_RESOLVED);

  const fitted = fitMarkdown(options.body, GITHUB_BODY_LIMIT - marker.length - 1,
    '> **Truncated**: the drift plan is longer than an issue allows. The full plan is in the run\'s job summary.', 'chars');
  const body = withMarker(marker, fitted.text);
  const [oldest, ...duplicates] = open;
  if (oldest !== undefined) {
    const changed = oldest.body !== body || oldest.title !== options.title;
    if (changed) await calls.edit(oldest.number, options.title, body);
    const duplicatesClosed = await closeDuplicates(calls, oldest, duplicates);
    return { action: changed ? 'updated' : 'unchanged', issueNumber: oldest.number, url: oldest.url, duplicatesClosed };
  }
  const opened = await calls.open(options.title, body);
  const [keep, ...others] = await calls.listOpen();
  const newest = others[others.length - 1];
  if (keep === undefined || newest === undefined) return { action: 'opened', issueNumber: opened.number, url: opened.url, duplicatesClosed: 0 };
  if (keep.body !== newest.body || keep.title !== newest.title) await calls.edit(keep.number, newest.title, newest.body);
  const duplicatesClosed = await closeDuplicates(calls, keep, others);
  return { action: keep.number === opened.number ? 'opened' : 'updated', issueNumber: keep.number, url: keep.url, duplicatesClosed };
}
