import { StoreError } from '../../model/store.js';
import { secretsOf, type AuthEnv } from './auth-config.js';
import type { IdentityOptions } from './auth-credential.js';
import { createGraphAuth, type GraphAuth } from './auth-setup.js';
import { GraphClient, type FetchLike, type GraphDebugLogger, type SleepFn } from './graph-client.js';
import { resolveGraphCloud, type GraphCloud, type GraphCloudEndpoints } from './graph-cloud.js';
import { GraphStore } from './graph-store.js';

/** How to reach Graph and sign in. Everything but `env` has a production default. */
export interface GraphStoreOptions {
  /** Environment variables for sign-in (the CLI passes process.env). */
  env: AuthEnv;
  /** National cloud: Graph root, login authority and scope (default `global`). */
  cloud?: GraphCloud;
  /** Graph root override, e.g. an emulator's `http://127.0.0.1:PORT` (the cloud still picks the login authority). */
  graphUrl?: string;
  /** Login authority override (private authorities, test stand-ins). */
  authorityHost?: string;
  /** Passed to @azure/identity: proxy, TLS trust, `disableInstanceDiscovery`. */
  identityOptions?: IdentityOptions;
  /** `--debug`: one event per HTTP call (method, path, status, ms, request id), never headers. */
  debug?: GraphDebugLogger;
  /** Per-request timeout in ms (default 60 000). */
  timeoutMs?: number;
  /** Told about each retry of a read (what failed, which attempt comes next). */
  notice?: (message: string) => void;
  /** Retries of each read after the first attempt (default 5). */
  maxRetries?: number;
  fetch?: FetchLike;
  sleep?: SleepFn;
  now?: () => number;
  random?: () => number;
}

/** The pieces a Graph store is made of, shared with `doctor`. */
export interface GraphConnection {
  endpoints: GraphCloudEndpoints;
  auth: Extract<GraphAuth, { ok: true }>;
  client: GraphClient;
}

/**
 * Resolves cloud, sign-in method and client. Sign-in happens lazily on the first request.
 * Throws a StoreError naming the missing variables when no method can be configured.
 */
export function connectGraph(options: GraphStoreOptions): GraphConnection {
  const endpoints = resolveGraphCloud(options.cloud ?? 'global');
  const auth = createGraphAuth({
    env: options.env,
    endpoints,
    authorityHost: options.authorityHost,
    identityOptions: options.identityOptions,
    fetch: options.fetch,
    now: options.now,
  });
  if (!auth.ok) {
    throw new StoreError(auth.message, { code: 'AuthConfiguration', hint: 'See `skuform doctor` and the README section on signing in.' });
  }
  const client = new GraphClient({
    graphRoot: options.graphUrl ?? endpoints.graphRoot,
    tokens: auth.tokens,
    fetch: options.fetch,
    sleep: options.sleep,
    now: options.now,
    random: options.random,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    debug: options.debug,
    secrets: secretsOf(auth.config),
    notice: options.notice,
  });
  return { endpoints, auth, client };
}

/** A Store over Microsoft Graph (`--store graph`). */
export function openGraphStore(options: GraphStoreOptions): GraphStore {
  const { client, auth } = connectGraph(options);
  return new GraphStore(client, auth.tokens);
}
