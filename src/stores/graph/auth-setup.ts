import { selectAuthConfig, type AuthConfig, type AuthEnv } from './auth-config.js';
import { createCredential, type IdentityOptions } from './auth-credential.js';
import { createTokenProvider, type GraphTokenProvider } from './auth-token-provider.js';
import type { FetchLike } from './graph-client.js';
import type { GraphCloudEndpoints } from './graph-cloud.js';

export interface GraphAuthSettings {
  /** Environment variables (the CLI passes process.env). */
  env: AuthEnv;
  /** The cloud: its authority host and Graph scope. */
  endpoints: GraphCloudEndpoints;
  /** Overrides the cloud's authority host (private authorities, test stand-ins). */
  authorityHost?: string;
  identityOptions?: IdentityOptions;
  /** Used for the GitHub Actions ID-token request. */
  fetch?: FetchLike;
  now?: () => number;
}

/** A ready token source, or why none could be configured (the missing variables). */
export type GraphAuth =
  | { ok: true; config: AuthConfig; reason: string; tokens: GraphTokenProvider }
  | { ok: false; missing: string[]; message: string };

/** Chooses the sign-in method from `env` and builds its token source. No network traffic yet. */
export function createGraphAuth(settings: GraphAuthSettings): GraphAuth {
  const selection = selectAuthConfig(settings.env);
  if (!selection.ok) return { ok: false, missing: selection.missing, message: selection.message };
  const authorityHost = settings.authorityHost ?? settings.endpoints.authorityHost;
  const credential = () => createCredential(selection.config, { authorityHost, identityOptions: settings.identityOptions, fetch: settings.fetch });
  const tokens = createTokenProvider(selection.config, credential, { scope: settings.endpoints.scope, now: settings.now, authorityHost });
  return { ok: true, config: selection.config, reason: selection.reason, tokens };
}
