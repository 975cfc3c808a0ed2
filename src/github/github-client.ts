import { Octokit } from '@octokit/rest';

/** github.com's REST root; GitHub Enterprise Server uses `https://HOST/api/v3` (GITHUB_API_URL). */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export interface GitHubClientOptions {
  token: string;
  /** REST root; defaults to github.com. */
  apiUrl?: string | undefined;
}

const silent = (): void => undefined;

/**
 * An Octokit client for skuform. Octokit's own logger is silenced: by default it writes failed
 * requests to stderr, and skuform reports failures itself through `GitHubApiError`.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const baseUrl = (options.apiUrl?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  return new Octokit({
    auth: options.token,
    baseUrl,
    userAgent: 'skuform',
    log: { debug: silent, info: silent, warn: silent, error: silent },
  });
}
