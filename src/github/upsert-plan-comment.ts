import type { Octokit } from '@octokit/rest';
import { createGitHubClient } from './github-client.js';
import { callGitHub, type GitHubCallContext } from './github-error.js';
import { fitMarkdown } from './fit-markdown.js';
import { formatPlanCommentMarker, hasMarker, withMarker } from './markers.js';

/** GitHub refuses comment and issue bodies longer than this (in characters). */
export const GITHUB_BODY_LIMIT = 65_536;

export interface UpsertPlanCommentOptions {
  owner: string;
  repo: string;
  /** Pull request number (PR comments are issue comments). */
  pr: number;
  /** The comment's markdown, without the marker. */
  body: string;
  /** The config the plan is for: one sticky comment per config path. */
  configPath: string;
  token: string;
  /** REST root (GITHUB_API_URL); github.com when absent. */
  apiUrl?: string | undefined;
}

export interface PlanCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  commentId: number;
  url: string;
  /** Other marked comments deleted (left by racing runs). */
  duplicatesRemoved: number;
  /** True when the body had to be cut to fit GitHub's limit. */
  truncated: boolean;
}

interface MarkedComment {
  id: number;
  body: string;
  url: string;
  createdAt: string;
}

const TRUNCATION_NOTE =
  '> **Plan truncated**: it is longer than a GitHub comment allows. The full plan is in the job summary and the job log.';

/**
 * The largest body (without the marker) that fits one comment for `configPath`: pass it to
 * the markdown renderer as `maxLength` so it can summarise instead of being cut here.
 */
export function planCommentMaxLength(configPath: string): number {
  return GITHUB_BODY_LIMIT - formatPlanCommentMarker(configPath).length - 1;
}

/** Oldest first; ids break ties because GitHub's timestamps have one-second resolution. */
export function byAge<T extends { id: number; createdAt: string }>(a: T, b: T): number {
  return a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1;
}

/** The four comment calls on one pull request, each translating its failure. */
function commentCalls(octokit: Octokit, o: UpsertPlanCommentOptions, marker: string) {
  const base = { owner: o.owner, repo: o.repo };
  const where = `${o.owner}/${o.repo}#${o.pr}`;
  const ctx = (doing: string): GitHubCallContext => ({ doing: `${doing} on ${where}`, permission: 'pull-requests: write', token: o.token });
  return {
    async list(): Promise<MarkedComment[]> {
      const all = await callGitHub(ctx('listing comments'), () =>
        octokit.paginate(octokit.rest.issues.listComments, { ...base, issue_number: o.pr, per_page: 100 }));
      return all
        .filter((c) => hasMarker(c.body, marker))
        .map((c) => ({ id: c.id, body: c.body ?? '', url: c.html_url, createdAt: c.created_at }))
        .sort(byAge);
    },
    async create(body: string): Promise<{ id: number; url: string }> {
      const { data } = await callGitHub(ctx('creating a comment'), () =>
        octokit.rest.issues.createComment({ ...base, issue_number: o.pr, body }));
      return { id: data.id, url: data.html_url };
    },
    async update(id: number, body: string): Promise<void> {
      await callGitHub(ctx(`updating comment ${id}`), () => octokit.rest.issues.updateComment({ ...base, comment_id: id, body }));
    },
    async remove(ids: number[]): Promise<number> {
      for (const id of ids) {
        await callGitHub(ctx(`deleting duplicate comment ${id}`), async () => {
          try {
            await octokit.rest.issues.deleteComment({ ...base, comment_id: id });
          } catch (error) {
            // A racing run may have deleted it first; that is the outcome we want.
            if ((error as { status?: unknown }).status !== 404) throw error;
          }
        });
      }
      return ids.length;
    },
  };
}

/**
 * Creates or edits the one sticky plan comment for `configPath` on a pull request. The
 * comment is found by a hidden marker on its first line and edited in place.
 *
 * Two runs can race (both list, find nothing, both create). After creating, the comments
 * are listed again: when more than one carries the marker, every racer keeps the oldest,
 * writes the newest body into it and deletes the rest, so the runs converge on one comment.
 * The last run to create always sees every earlier comment, so at least it cleans up.
 *
 * @throws GitHubApiError when GitHub refuses or cannot be reached (never with the token).
 */
export async function upsertPlanComment(options: UpsertPlanCommentOptions): Promise<PlanCommentResult> {
  const marker = formatPlanCommentMarker(options.configPath);
  const fitted = fitMarkdown(options.body, planCommentMaxLength(options.configPath), TRUNCATION_NOTE, 'chars');
  const body = withMarker(marker, fitted.text);
  const calls = commentCalls(createGitHubClient(options), options, marker);
  const truncated = fitted.truncated;

  const [oldest, ...duplicates] = await calls.list();
  if (oldest !== undefined) {
    const changed = oldest.body !== body;
    if (changed) await calls.update(oldest.id, body);
    const duplicatesRemoved = await calls.remove(duplicates.map((d) => d.id));
    return { action: changed ? 'updated' : 'unchanged', commentId: oldest.id, url: oldest.url, duplicatesRemoved, truncated };
  }

  const created = await calls.create(body);
  const after = await calls.list();
  const [keep, ...others] = after;
  const newest = after[after.length - 1];
  if (keep === undefined || newest === undefined || others.length === 0) {
    return { action: 'created', commentId: created.id, url: created.url, duplicatesRemoved: 0, truncated };
  }
  if (keep.body !== newest.body) await calls.update(keep.id, newest.body);
  const duplicatesRemoved = await calls.remove(others.map((d) => d.id));
  const action = keep.id === created.id ? 'created' : 'updated';
  return { action, commentId: keep.id, url: keep.url, duplicatesRemoved, truncated };
}
