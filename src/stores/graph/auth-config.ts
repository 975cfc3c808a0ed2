/**
 * Which way to sign in to Graph, chosen from environment variables the caller passes in (the
 * CLI hands over process.env; nothing below cli reads it). Pure: no I/O.
 */

export type AuthMethod = 'token' | 'secret' | 'certificate' | 'github-oidc' | 'workload-identity' | 'managed-identity' | 'azure-cli';

const AUTH_METHODS: readonly AuthMethod[] = ['token', 'secret', 'certificate', 'github-oidc', 'workload-identity', 'managed-identity', 'azure-cli'];

/** Environment variables auth may read (all optional). */
export type AuthEnv = Readonly<Record<string, string | undefined>>;

export type AuthConfig =
  | { method: 'token'; token: string }
  | { method: 'secret'; tenantId: string; clientId: string; clientSecret: string }
  | { method: 'certificate'; tenantId: string; clientId: string; certificatePath: string; certificatePassword?: string }
  | { method: 'github-oidc'; tenantId: string; clientId: string; requestUrl: string; requestToken: string }
  /** Azure workload identity (Kubernetes): a service-account token in a file, exchanged through a federated credential. */
  | { method: 'workload-identity'; tenantId: string; clientId: string; tokenFilePath: string }
  | { method: 'managed-identity'; clientId?: string }
  | { method: 'azure-cli'; tenantId?: string };

export type AuthSelection =
  | { ok: true; config: AuthConfig; /** Why this method, naming the variables that chose it. */ reason: string }
  | { ok: false; method?: AuthMethod; /** Variables that must be set. */ missing: string[]; message: string };

const TENANT = 'AZURE_TENANT_ID';
const CLIENT = 'AZURE_CLIENT_ID';
const SECRET = 'AZURE_CLIENT_SECRET';
const CERT = 'AZURE_CLIENT_CERTIFICATE_PATH';
const CERT_PASSWORD = 'AZURE_CLIENT_CERTIFICATE_PASSWORD';
const OIDC_URL = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const OIDC_TOKEN = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
const FEDERATED_TOKEN_FILE = 'AZURE_FEDERATED_TOKEN_FILE';
const GRAPH_TOKEN = 'SKUFORM_GRAPH_TOKEN';
const FORCE = 'SKUFORM_AUTH';

/** Every variable {@link selectAuthConfig} looks at, for documentation and doctor output. */
export const AUTH_ENV_VARIABLES: readonly string[] = [
  FORCE, GRAPH_TOKEN, TENANT, CLIENT, SECRET, CERT, CERT_PASSWORD, OIDC_URL, OIDC_TOKEN, FEDERATED_TOKEN_FILE, 'IDENTITY_ENDPOINT', 'MSI_ENDPOINT',
];

/**
 * Picks the sign-in method. `SKUFORM_AUTH` forces one; otherwise the first that applies:
 * SKUFORM_GRAPH_TOKEN > client secret > client certificate > GitHub Actions OIDC >
 * Azure workload identity (AZURE_FEDERATED_TOKEN_FILE, set by its Kubernetes webhook) >
 * managed identity (IDENTITY_ENDPOINT/MSI_ENDPOINT present) > Azure CLI. A method that is
 * indicated but incomplete is an error naming exactly the missing variables, rather than a
 * silent fall-through to a method the user did not mean.
 */
export function selectAuthConfig(env: AuthEnv): AuthSelection {
  const forced = value(env, FORCE);
  if (forced !== undefined) {
    const method = AUTH_METHODS.find((m) => m === forced.toLowerCase());
    if (method === undefined) {
      return { ok: false, missing: [], message: `${FORCE}=${forced} is not a sign-in method; use one of ${AUTH_METHODS.join(', ')}.` };
    }
    return configureMethod(method, env, `${FORCE}=${method}`);
  }
  if (value(env, GRAPH_TOKEN) !== undefined) return configureMethod('token', env, `${GRAPH_TOKEN} is set`);
  if (value(env, SECRET) !== undefined) return configureMethod('secret', env, `${SECRET} is set`);
  if (value(env, CERT) !== undefined) return configureMethod('certificate', env, `${CERT} is set`);
  if (value(env, OIDC_URL) !== undefined) return configureMethod('github-oidc', env, `${OIDC_URL} is set (GitHub Actions with id-token: write)`);
  if (value(env, FEDERATED_TOKEN_FILE) !== undefined) return configureMethod('workload-identity', env, `${FEDERATED_TOKEN_FILE} is set`);
  if (value(env, 'IDENTITY_ENDPOINT') !== undefined || value(env, 'MSI_ENDPOINT') !== undefined) {
    return configureMethod('managed-identity', env, 'a managed identity endpoint is present');
  }
  return configureMethod('azure-cli', env, 'no other credentials are configured');
}

function configureMethod(method: AuthMethod, env: AuthEnv, reason: string): AuthSelection {
  switch (method) {
    case 'token': {
      const found = requireVariables(env, method, [GRAPH_TOKEN]);
      return found.ok ? { ok: true, config: { method, token: found.values[GRAPH_TOKEN] as string }, reason } : found;
    }
    case 'secret': {
      const found = requireVariables(env, method, [TENANT, CLIENT, SECRET]);
      if (!found.ok) return found;
      const v = found.values;
      return { ok: true, config: { method, tenantId: v[TENANT] as string, clientId: v[CLIENT] as string, clientSecret: v[SECRET] as string }, reason };
    }
    case 'certificate': {
      const found = requireVariables(env, method, [TENANT, CLIENT, CERT]);
      if (!found.ok) return found;
      const v = found.values;
      const password = value(env, CERT_PASSWORD);
      const config: AuthConfig = { method, tenantId: v[TENANT] as string, clientId: v[CLIENT] as string, certificatePath: v[CERT] as string };
      return { ok: true, config: password === undefined ? config : { ...config, certificatePassword: password }, reason };
    }
    case 'github-oidc': {
      const found = requireVariables(env, method, [TENANT, CLIENT, OIDC_URL, OIDC_TOKEN]);
      if (!found.ok) return found;
      const v = found.values;
      const config: AuthConfig = {
        method, tenantId: v[TENANT] as string, clientId: v[CLIENT] as string, requestUrl: v[OIDC_URL] as string, requestToken: v[OIDC_TOKEN] as string,
      };
      return { ok: true, config, reason };
    }
    case 'workload-identity': {
      const found = requireVariables(env, method, [TENANT, CLIENT, FEDERATED_TOKEN_FILE]);
      if (!found.ok) return found;
      const v = found.values;
      return { ok: true, config: { method, tenantId: v[TENANT] as string, clientId: v[CLIENT] as string, tokenFilePath: v[FEDERATED_TOKEN_FILE] as string }, reason };
    }
    case 'managed-identity': {
      const clientId = value(env, CLIENT);
      return { ok: true, config: clientId === undefined ? { method } : { method, clientId }, reason };
    }
    case 'azure-cli': {
      const tenantId = value(env, TENANT);
      return { ok: true, config: tenantId === undefined ? { method } : { method, tenantId }, reason };
    }
  }
}

type Required = { ok: true; values: Record<string, string> } | { ok: false; method: AuthMethod; missing: string[]; message: string };

function requireVariables(env: AuthEnv, method: AuthMethod, names: readonly string[]): Required {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const found = value(env, name);
    if (found === undefined) missing.push(name);
    else values[name] = found;
  }
  if (missing.length === 0) return { ok: true, values };
  const hint = method === 'github-oidc' && missing.includes(OIDC_TOKEN)
    ? ' (the job needs `permissions: id-token: write`)'
    : method === 'workload-identity' ? ' (the pod needs the label azure.workload.identity/use: "true" and a service account annotated with the client id)' : '';
  return { ok: false, method, missing, message: `Sign-in with ${describeAuthMethod(method)} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not set${hint}.` };
}

/** Human name of a method, for messages and doctor output. */
export function describeAuthMethod(method: AuthMethod): string {
  switch (method) {
    case 'token': return `a bearer token (${GRAPH_TOKEN})`;
    case 'secret': return 'a client secret';
    case 'certificate': return 'a client certificate';
    case 'github-oidc': return 'GitHub Actions OIDC federation';
    case 'workload-identity': return 'Azure workload identity (a federated token file)';
    case 'managed-identity': return 'a managed identity';
    case 'azure-cli': return 'the Azure CLI login';
  }
}

/** Values that must never appear in output: the caller redacts them from any message. */
export function secretsOf(config: AuthConfig): string[] {
  switch (config.method) {
    case 'token': return [config.token];
    case 'secret': return [config.clientSecret];
    case 'certificate': return config.certificatePassword === undefined ? [] : [config.certificatePassword];
    case 'github-oidc': return [config.requestToken];
    case 'workload-identity':
    case 'managed-identity':
    case 'azure-cli':
      return [];
  }
}

function value(env: AuthEnv, name: string): string | undefined {
  const found = env[name]?.trim();
  return found === undefined || found === '' ? undefined : found;
}
