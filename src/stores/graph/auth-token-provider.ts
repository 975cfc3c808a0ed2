import type { TokenCredential } from '@azure/identity';
import { StoreError } from '../../model/store.js';
import { describeAuthMethod, secretsOf, type AuthConfig, type AuthMethod } from './auth-config.js';
import type { AccessTokenProvider } from './graph-client.js';
import { redactCredentials } from './graph-errors.js';

/** Tokens for Graph from one sign-in method, cached until shortly before they expire. */
export interface GraphTokenProvider extends AccessTokenProvider {
  readonly method: AuthMethod;
}

export interface TokenProviderSettings {
  /** `https://graph.microsoft.com/.default` or the national cloud's equivalent. */
  scope: string;
  /** The sign-in endpoint, named when it cannot be reached. */
  authorityHost?: string;
  now?: () => number;
  /** Renew this long before expiry (default 5 min). */
  refreshMarginMs?: number;
}

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Wraps a credential, made on the first request for a token (or a static bearer token), as
 * the client's token source. Concurrent callers share one acquisition. Failures become StoreErrors with every known secret and
 * anything shaped like a JWT removed from the message.
 */
export function createTokenProvider(
  config: AuthConfig,
  makeCredential: () => Promise<TokenCredential | undefined>,
  settings: TokenProviderSettings,
): GraphTokenProvider {
  const now = settings.now ?? Date.now;
  const margin = settings.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let credential: Promise<TokenCredential | undefined> | undefined;

  const acquire = async (signal?: AbortSignal): Promise<string> => {
    if (config.method === 'token') return config.token;
    try {
      credential ??= makeCredential();
      const made = await credential;
      if (made === undefined) throw new Error(`No credential for ${config.method}`);
      const result = await made.getToken(settings.scope, { abortSignal: signal });
      if (result === null) throw new Error('the credential returned no token');
      const renewAt = Math.min(result.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY, result.expiresOnTimestamp - margin);
      cached = { token: result.token, renewAt };
      return result.token;
    } catch (error) {
      throw toAuthStoreError(config, error, settings.authorityHost);
    }
  };

  return {
    method: config.method,
    async getToken(signal?: AbortSignal): Promise<string> {
      if (cached && now() < cached.renewAt) return cached.token;
      inFlight ??= acquire(signal).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}

/**
 * A sign-in failure as our own error, with secrets and tokens removed from the text. The HTTP
 * status is the sign-in endpoint's, when it answered; a failure to reach it at all (MSAL's
 * `endpoints_resolution_error`, a refused or unresolvable connection) says so instead of
 * posing as a rejected credential.
 */
function toAuthStoreError(config: AuthConfig, error: unknown, authorityHost?: string): StoreError {
  const raw = error instanceof Error ? error.message : String(error);
  const text = redactCredentials(firstLines(raw), secretsOf(config));
  const method = describeAuthMethod(config.method);
  if (error instanceof StoreError) {
    return new StoreError(`Could not sign in to Microsoft Graph with ${method}: ${text}`, { status: error.status, code: error.code, hint: error.hint ?? signInHint(config) });
  }
  if (isUnreachable(error)) {
    const where = authorityHost === undefined ? 'the sign-in endpoint' : `the sign-in endpoint ${authorityHost}`;
    return new StoreError(`Could not sign in to Microsoft Graph with ${method}: ${where} could not be reached (${text}). The credential itself was not checked.`, {
      code: 'SignInUnreachable',
      hint: 'Check the network connection and any proxy (HTTPS_PROXY) to the sign-in endpoint, and that --cloud names the right cloud.',
    });
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  return new StoreError(`Could not sign in to Microsoft Graph with ${method}: ${text}`, {
    status: typeof status === 'number' ? status : 0,
    code: 'AuthenticationFailed',
    hint: signInHint(config),
  });
}

/** MSAL's and Node's words for "no answer over the network". */
const UNREACHABLE = /endpoints_resolution_error|network_error|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up|fetch failed/i;

function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (typeof (error as { statusCode?: unknown }).statusCode === 'number') return false;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return UNREACHABLE.test(`${error.message} ${String(cause?.code ?? '')} ${String(cause?.message ?? '')} ${String((error as { code?: unknown }).code ?? '')}`);
}

function firstLines(text: string): string {
  const trimmed = text.split('\n').slice(0, 3).join(' ').trim();
  return trimmed.length > 600 ? `${trimmed.slice(0, 600)}…` : trimmed;
}

function signInHint(config: AuthConfig): string {
  switch (config.method) {
    case 'token':
      return 'SKUFORM_GRAPH_TOKEN must hold a current access token for Microsoft Graph.';
    case 'secret':
      return 'Check AZURE_TENANT_ID and AZURE_CLIENT_ID and that AZURE_CLIENT_SECRET is current (secrets expire).';
    case 'certificate':
      return 'Check AZURE_CLIENT_CERTIFICATE_PATH (a PEM file with the private key and certificate) and that the certificate is uploaded to the app registration.';
    case 'github-oidc':
      return 'Check the app registration has a federated credential for issuer https://token.actions.githubusercontent.com, audience api://AzureADTokenExchange and this job\'s subject (repo:OWNER/REPO:environment:NAME, repo:OWNER/REPO:ref:refs/heads/BRANCH or repo:OWNER/REPO:pull_request).';
    case 'workload-identity':
      return 'Check the app registration (or managed identity) has a federated credential for the cluster\'s OIDC issuer, audience api://AzureADTokenExchange and subject system:serviceaccount:NAMESPACE:SERVICEACCOUNT, and that AZURE_FEDERATED_TOKEN_FILE is readable.';
    case 'managed-identity':
      return 'A managed identity is only available on Azure compute with an identity assigned; set AZURE_CLIENT_ID for a user-assigned one.';
    case 'azure-cli':
      return 'Run `az login` (add `--tenant <id>`; for national clouds `az cloud set` first), or configure another method (see `skuform doctor`).';
  }
}
