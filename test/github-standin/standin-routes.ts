import type { StandinState } from './standin-state.js';

/** The REST routes the stand-in serves, with GitHub's answers and status codes. */

export type RouteName =
  | 'list-comments'
  | 'create-comment'
  | 'update-comment'
  | 'delete-comment'
  | 'list-issues'
  | 'create-issue'
  | 'update-issue';

export interface RouteParams {
  owner: string;
  repo: string;
  number?: number;
  commentId?: number;
}

export interface MatchedRoute {
  route: RouteName;
  params: RouteParams;
}

export interface RouteInput {
  body: string;
  query: URLSearchParams;
  /** Absolute URL of the request without its query, for pagination links. */
  selfUrl: string;
  permissions: { 'pull-requests': 'read' | 'write'; issues: 'read' | 'write' };
}

export interface RouteAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** GitHub's limit on comment and issue bodies. */
export const BODY_LIMIT = 65_536;

/**
 * A body's length as GitHub's validation counts it: characters, i.e. Unicode code points
 * (its error says "maximum is 65536 characters"). Deliberately not `.length`, the UTF-16 units
 * the code under test measures in: the stand-in must not share the measure it is checking.
 * UTF-16 units are never fewer than code points, so a body the code fits always fits here.
 */
export function bodyLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

const TABLE: { method: string; pattern: RegExp; route: RouteName }[] = [
  { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, route: 'list-comments' },
  { method: 'POST', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, route: 'create-comment' },
  { method: 'PATCH', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, route: 'update-comment' },
  { method: 'DELETE', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, route: 'delete-comment' },
  { method: 'GET', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/, route: 'list-issues' },
  { method: 'POST', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/, route: 'create-issue' },
  { method: 'PATCH', pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/, route: 'update-issue' },
];

export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  for (const entry of TABLE) {
    const m = entry.method === method ? entry.pattern.exec(path) : null;
    if (m === null) continue;
    const params: RouteParams = { owner: decodeURIComponent(m[1] ?? ''), repo: decodeURIComponent(m[2] ?? '') };
    const id = m[3] === undefined ? undefined : Number(m[3]);
    if (entry.route === 'update-comment' || entry.route === 'delete-comment') params.commentId = id;
    else if (id !== undefined) params.number = id;
    return { route: entry.route, params };
  }
  return undefined;
}

const NOT_FOUND: RouteAnswer = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
const FORBIDDEN: RouteAnswer = {
  status: 403,
  body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' },
};

function tooLong(resource: string): RouteAnswer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_LIMIT} characters)` }],
      documentation_url: 'https://docs.github.com/rest',
    },
  };
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One page of `items`, with the `Link` header GitHub sends (absolute URLs, rel next/prev/first/last). */
function paginate<T>(items: T[], input: RouteInput): RouteAnswer {
  const perPage = Math.min(100, Math.max(1, Number(input.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(input.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string): string => {
    const query = new URLSearchParams(input.query);
    query.set('per_page', String(perPage));
    query.set('page', String(p));
    return `<${input.selfUrl}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

function handleComments(state: StandinState, matched: MatchedRoute, input: RouteInput): RouteAnswer {
  const { owner, repo, number, commentId } = matched.params;
  const canWrite = input.permissions['pull-requests'] === 'write' || input.permissions.issues === 'write';
  const text = parseBody(input.body).body;
  switch (matched.route) {
    case 'list-comments': {
      const comments = number === undefined ? undefined : state.comments(owner, repo, number);
      return comments === undefined ? NOT_FOUND : paginate(comments, input);
    }
    case 'create-comment': {
      if (number === undefined || state.comments(owner, repo, number) === undefined) return NOT_FOUND;
      if (!canWrite) return FORBIDDEN;
      if (typeof text !== 'string') return { status: 422, body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.' } };
      if (bodyLength(text) > BODY_LIMIT) return tooLong('IssueComment');
      return { status: 201, body: state.addComment(owner, repo, number, text) };
    }
    case 'update-comment': {
      const comment = commentId === undefined ? undefined : state.findComment(owner, repo, commentId);
      if (comment === undefined) return NOT_FOUND;
      if (!canWrite) return FORBIDDEN;
      if (typeof text !== 'string') return { status: 422, body: { message: 'Invalid request.' } };
      if (bodyLength(text) > BODY_LIMIT) return tooLong('IssueComment');
      state.updateComment(comment, text);
      return { status: 200, body: comment };
    }
    default: {
      if (commentId === undefined || state.findComment(owner, repo, commentId) === undefined) return NOT_FOUND;
      if (!canWrite) return FORBIDDEN;
      state.deleteComment(owner, repo, commentId);
      return { status: 204, body: '' };
    }
  }
}

function handleIssues(state: StandinState, matched: MatchedRoute, input: RouteInput): RouteAnswer {
  const { owner, repo, number } = matched.params;
  if (!state.hasRepository(owner, repo)) return NOT_FOUND;
  const fields = parseBody(input.body);
  switch (matched.route) {
    case 'list-issues': {
      const wanted = input.query.get('state') ?? 'open';
      const issues = state.issues(owner, repo)
        .filter((i) => wanted === 'all' || i.state === wanted)
        .sort((a, b) => b.number - a.number);
      return paginate(issues, input);
    }
    case 'create-issue': {
      if (input.permissions.issues !== 'write') return FORBIDDEN;
      if (typeof fields.title !== 'string' || fields.title === '') return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }] } };
      if (typeof fields.body === 'string' && bodyLength(fields.body) > BODY_LIMIT) return tooLong('Issue');
      const labels = Array.isArray(fields.labels) ? fields.labels.filter((l): l is string => typeof l === 'string') : [];
      const issue = state.openIssue(owner, repo, { title: fields.title, body: typeof fields.body === 'string' ? fields.body : null, labels });
      return { status: 201, body: issue };
    }
    default: {
      const issue = number === undefined ? undefined : state.issue(owner, repo, number);
      if (issue === undefined) return NOT_FOUND;
      if (input.permissions.issues !== 'write') return FORBIDDEN;
      if (typeof fields.body === 'string' && bodyLength(fields.body) > BODY_LIMIT) return tooLong('Issue');
      state.updateIssue(issue, {
        ...(typeof fields.title === 'string' ? { title: fields.title } : {}),
        ...(typeof fields.body === 'string' ? { body: fields.body } : {}),
        ...(fields.state === 'open' || fields.state === 'closed' ? { state: fields.state } : {}),
        ...(typeof fields.state_reason === 'string' ? { state_reason: fields.state_reason } : {}),
      });
      return { status: 200, body: issue };
    }
  }
}

/** Answers one matched request against the state. */
export function handleRoute(state: StandinState, matched: MatchedRoute, input: RouteInput): RouteAnswer {
  switch (matched.route) {
    case 'list-comments':
    case 'create-comment':
    case 'update-comment':
    case 'delete-comment':
      return handleComments(state, matched, input);
    default:
      return handleIssues(state, matched, input);
  }
}
