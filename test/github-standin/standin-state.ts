/**
 * The data behind the GitHub stand-in: repositories with issues, pull requests and their
 * comments, in the shapes the REST API returns. Numbers are shared between issues and pull
 * requests of a repository, as on GitHub; ids and timestamps only grow.
 */

export interface StandinUser {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

export interface StandinComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: StandinUser;
  created_at: string;
  updated_at: string;
  author_association: string;
}

export interface StandinIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: { name: string }[];
  user: StandinUser;
  html_url: string;
  url: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pull_request?: { url: string; html_url: string };
}

export const BOT: StandinUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

interface Repository {
  issues: StandinIssue[];
  comments: Map<number, StandinComment[]>;
}

export class StandinState {
  private readonly repositories = new Map<string, Repository>();
  private nextId = 1000;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(private readonly webUrl: string) {}

  /** Every write happens one second after the previous one. */
  private timestamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private repository(owner: string, repo: string): Repository | undefined {
    return this.repositories.get(`${owner}/${repo}`.toLowerCase());
  }

  addRepository(owner: string, repo: string): void {
    const key = `${owner}/${repo}`.toLowerCase();
    if (!this.repositories.has(key)) this.repositories.set(key, { issues: [], comments: new Map() });
  }

  hasRepository(owner: string, repo: string): boolean {
    return this.repository(owner, repo) !== undefined;
  }

  /** Opens an issue, or a pull request when `pullRequest`; returns its number. */
  openIssue(owner: string, repo: string, fields: { title: string; body?: string | null; labels?: string[]; pullRequest?: boolean; user?: StandinUser }): StandinIssue {
    this.addRepository(owner, repo);
    const repository = this.repository(owner, repo)!;
    const number = repository.issues.length + 1;
    const id = this.nextId++;
    const kind = fields.pullRequest ? 'pull' : 'issues';
    const at = this.timestamp();
    const issue: StandinIssue = {
      id, node_id: `I_${id}`, number, title: fields.title, body: fields.body ?? null, state: 'open', state_reason: null,
      labels: (fields.labels ?? []).map((name) => ({ name })), user: fields.user ?? BOT,
      html_url: `${this.webUrl}/${owner}/${repo}/${kind}/${number}`,
      url: `/repos/${owner}/${repo}/issues/${number}`, created_at: at, updated_at: at, closed_at: null,
      ...(fields.pullRequest ? { pull_request: { url: `/repos/${owner}/${repo}/pulls/${number}`, html_url: `${this.webUrl}/${owner}/${repo}/pull/${number}` } } : {}),
    };
    repository.issues.push(issue);
    repository.comments.set(number, []);
    return issue;
  }

  issue(owner: string, repo: string, number: number): StandinIssue | undefined {
    return this.repository(owner, repo)?.issues.find((i) => i.number === number);
  }

  issues(owner: string, repo: string): StandinIssue[] {
    return [...(this.repository(owner, repo)?.issues ?? [])];
  }

  updateIssue(issue: StandinIssue, patch: { title?: string; body?: string; state?: 'open' | 'closed'; state_reason?: string | null }): void {
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.state !== undefined && patch.state !== issue.state) {
      issue.state = patch.state;
      issue.closed_at = patch.state === 'closed' ? this.timestamp() : null;
      issue.state_reason = patch.state === 'closed' ? (patch.state_reason ?? 'completed') : 'reopened';
    }
    issue.updated_at = this.timestamp();
  }

  /** Comments of one issue or pull request, oldest first; undefined when it does not exist. */
  comments(owner: string, repo: string, number: number): StandinComment[] | undefined {
    const list = this.repository(owner, repo)?.comments.get(number);
    return list === undefined ? undefined : [...list];
  }

  addComment(owner: string, repo: string, number: number, body: string, user: StandinUser = BOT): StandinComment {
    const list = this.repository(owner, repo)?.comments.get(number);
    if (list === undefined) throw new Error(`no issue ${owner}/${repo}#${number}`);
    const id = this.nextId++;
    const at = this.timestamp();
    const issue = this.issue(owner, repo, number)!;
    const comment: StandinComment = {
      id, node_id: `IC_${id}`, url: `/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `${issue.html_url}#issuecomment-${id}`, issue_url: issue.url, body, user,
      created_at: at, updated_at: at, author_association: 'NONE',
    };
    list.push(comment);
    return comment;
  }

  findComment(owner: string, repo: string, id: number): StandinComment | undefined {
    for (const list of this.repository(owner, repo)?.comments.values() ?? []) {
      const found = list.find((c) => c.id === id);
      if (found) return found;
    }
    return undefined;
  }

  updateComment(comment: StandinComment, body: string): void {
    comment.body = body;
    comment.updated_at = this.timestamp();
  }

  deleteComment(owner: string, repo: string, id: number): boolean {
    for (const list of this.repository(owner, repo)?.comments.values() ?? []) {
      const index = list.findIndex((c) => c.id === id);
      if (index >= 0) {
        list.splice(index, 1);
        return true;
      }
    }
    return false;
  }
}
