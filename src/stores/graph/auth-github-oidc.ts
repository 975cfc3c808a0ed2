import { StoreError } from '../../model/store.js';
import type { FetchLike } from './graph-client.js';
import { isRecord } from './graph-errors.js';

/** The audience Entra ID expects in a GitHub ID token presented as a federated credential. */
export const AZURE_AD_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Asks the GitHub Actions runtime for a fresh ID token (a short-lived JWT) for Entra ID. It is
 * called every time Entra needs an assertion, because the GitHub token expires quickly.
 * Errors name the status only: the request token and the returned JWT stay out of them.
 */
export async function fetchGithubIdToken(requestUrl: string, requestToken: string, fetchImpl: FetchLike = fetch): Promise<string> {
  const separator = requestUrl.includes('?') ? '&' : '?';
  const url = `${requestUrl}${separator}audience=${encodeURIComponent(AZURE_AD_TOKEN_EXCHANGE_AUDIENCE)}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'GET', headers: { Authorization: `bearer ${requestToken}`, Accept: 'application/json' } });
  } catch {
    throw new StoreError('Could not reach the GitHub Actions OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL).', { code: 'GithubOidcUnavailable' });
  }
  if (!response.ok) {
    throw new StoreError(`The GitHub Actions OIDC token service answered ${response.status}.`, {
      status: response.status,
      code: 'GithubOidcFailed',
      hint: 'The workflow job needs `permissions: id-token: write`.',
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  const token = isRecord(body) ? body.value : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new StoreError('The GitHub Actions OIDC token service returned no token.', { code: 'GithubOidcFailed' });
  }
  return token;
}
