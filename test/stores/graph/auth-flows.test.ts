import { createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createGraphAuth } from '../../../src/stores/graph/auth-setup.js';
import { GraphClient, type GraphDebugEvent } from '../../../src/stores/graph/graph-client.js';
import { resolveGraphCloud, type GraphCloud } from '../../../src/stores/graph/graph-cloud.js';
import { startEntraTokenStandin, STANDIN_CA, type EntraTokenStandin } from '../../support/entra-token-standin.js';
import { sendJson, startLocalHttpServer, type LocalHttpServer } from '../../support/local-http-server.js';

const SECRET = 'super-secret-value-1234';
const GH_REQUEST_TOKEN = 'gh-runtime-request-token-5678';
const GH_ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjplbnZpcm9ubWVudDpwcm9kIn0.c2ln';
const SA_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOlsiYXBpOi8vQXp1cmVBRFRva2VuRXhjaGFuZ2UiXSwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OnNrdWZvcm06c2t1Zm9ybS13YXRjaCJ9.c2ln';
const CLIENT_PEM = fileURLToPath(new URL('../../fixtures/tls/client-cert.pem', import.meta.url));

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function entra(options?: Parameters<typeof startEntraTokenStandin>[0]): Promise<EntraTokenStandin> {
  const standin = await startEntraTokenStandin(options);
  closers.push(standin.close);
  return standin;
}

async function local(handler: Parameters<typeof startLocalHttpServer>[0]): Promise<LocalHttpServer> {
  const server = await startLocalHttpServer(handler);
  closers.push(server.close);
  return server;
}

function auth(env: Record<string, string>, standin: EntraTokenStandin, cloud: GraphCloud = 'global') {
  const result = createGraphAuth({
    env,
    endpoints: resolveGraphCloud(cloud),
    authorityHost: standin.authorityHost,
    // A private authority: skip discovery against login.microsoft.com and trust the test CA.
    identityOptions: { disableInstanceDiscovery: true, tlsOptions: { ca: STANDIN_CA } },
  });
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('client secret sign-in', () => {
  it('gets a token with the national cloud scope and caches it', async () => {
    const standin = await entra();
    const { tokens, config } = auth({ AZURE_TENANT_ID: 'tenant-gov', AZURE_CLIENT_ID: 'app-1', AZURE_CLIENT_SECRET: SECRET }, standin, 'usgov');
    expect(config.method).toBe('secret');
    const token = await tokens.getToken();
    expect(token).toBe(standin.issued[0]);
    expect(await tokens.getToken()).toBe(token);
    expect(standin.tokenRequests).toHaveLength(1);
    expect(standin.tokenRequests[0]).toMatchObject({
      path: '/tenant-gov/oauth2/v2.0/token',
      form: { grant_type: 'client_credentials', client_id: 'app-1', client_secret: SECRET, scope: 'https://graph.microsoft.us/.default' },
    });
  });

  it('reports a rejected secret without echoing it, even when the server does', async () => {
    const standin = await entra({
      answer: (request) => ({ status: 401, error: 'invalid_client', description: `AADSTS7000215: Invalid client secret provided: ${request.form.client_secret}` }),
    });
    const { tokens } = auth({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'app-1', AZURE_CLIENT_SECRET: SECRET }, standin);
    const error = (await tokens.getToken().catch((e: unknown) => e)) as Error & { code: string; hint?: string };
    expect(error.name).toBe('StoreError');
    expect(error.code).toBe('AuthenticationFailed');
    expect(error.message).toContain('AADSTS7000215');
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain(SECRET);
  });
});

describe('GitHub Actions OIDC sign-in', () => {
  it('exchanges a fresh GitHub ID token for a Graph token', async () => {
    const github = await local((request, response) => {
      if (request.headers.authorization !== `bearer ${GH_REQUEST_TOKEN}`) return sendJson(response, 401, { message: 'bad token' });
      sendJson(response, 200, { value: GH_ID_TOKEN });
    });
    const standin = await entra();
    const env = {
      AZURE_TENANT_ID: 'tenant-1',
      AZURE_CLIENT_ID: 'app-2',
      ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: GH_REQUEST_TOKEN,
    };
    const { tokens, config } = auth(env, standin);
    expect(config.method).toBe('github-oidc');
    const token = await tokens.getToken();
    expect(token).toBe(standin.issued[0]);
    expect(decodeURIComponent(github.requests[0]?.url ?? '')).toBe('/token?api-version=2.0&audience=api://AzureADTokenExchange');
    expect(standin.tokenRequests[0]?.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: 'app-2',
      client_assertion: GH_ID_TOKEN,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      scope: 'https://graph.microsoft.com/.default',
    });
  });

  it('explains a refused GitHub token request without leaking the request token', async () => {
    const github = await local((_request, response) => sendJson(response, 403, { message: `no id-token permission for ${GH_REQUEST_TOKEN}` }));
    const standin = await entra();
    const env = {
      AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'a', ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/token`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: GH_REQUEST_TOKEN,
    };
    const error = (await auth(env, standin).tokens.getToken().catch((e: unknown) => e)) as Error & { hint?: string };
    expect(error.name).toBe('StoreError');
    expect(`${error.message} ${error.hint}`).toMatch(/403|id-token/);
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain(GH_REQUEST_TOKEN);
    expect(standin.tokenRequests).toHaveLength(0);
  });
});

describe('Azure workload identity sign-in', () => {
  it('exchanges the projected service-account token from the file, read again for each new token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skuform-wi-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'azure-identity-token');
    await writeFile(file, `${SA_TOKEN}\n`);
    const standin = await entra();
    const { tokens, config } = auth({ AZURE_TENANT_ID: 'tenant-k8s', AZURE_CLIENT_ID: 'app-4', AZURE_FEDERATED_TOKEN_FILE: file }, standin);
    expect(config.method).toBe('workload-identity');
    expect(await tokens.getToken()).toBe(standin.issued[0]);
    expect(standin.tokenRequests[0]).toMatchObject({
      path: '/tenant-k8s/oauth2/v2.0/token',
      form: { grant_type: 'client_credentials', client_id: 'app-4', client_assertion: SA_TOKEN, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', scope: 'https://graph.microsoft.com/.default' },
    });
  });

  it('says which file it could not read, without a token in the message', async () => {
    const standin = await entra();
    const { tokens } = auth({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'a', AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/azure-identity-token' }, standin);
    const error = (await tokens.getToken().catch((e: unknown) => e)) as Error & { hint?: string };
    expect(error.name).toBe('StoreError');
    expect(error.message).toContain('Azure workload identity');
    expect(error.hint).toContain('system:serviceaccount:');
    expect(standin.tokenRequests).toHaveLength(0);
  });
});

describe('client certificate sign-in', () => {
  it('signs the client assertion with the certificate key', async () => {
    const standin = await entra();
    const { tokens } = auth({ AZURE_TENANT_ID: 'tenant-1', AZURE_CLIENT_ID: 'app-3', AZURE_CLIENT_CERTIFICATE_PATH: CLIENT_PEM }, standin);
    const token = await tokens.getToken();
    expect(token).toBe(standin.issued[0]);
    const assertion = standin.tokenRequests[0]?.form.client_assertion ?? '';
    const [header = '', payload = '', signature = ''] = assertion.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { aud: string; iss: string };
    expect(claims.iss).toBe('app-3');
    expect(claims.aud).toContain('/tenant-1/oauth2/v2.0/token');
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string }).alg;
    const cert = new X509Certificate(readFileSync(CLIENT_PEM));
    const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
    const options = alg === 'PS256' ? { key: createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' })), padding: 6, saltLength: 32 } : cert.publicKey;
    expect(verifier.verify(options, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});

describe('secrets stay out of output', () => {
  it('never shows the secret or the access token in debug events or Graph errors', async () => {
    const standin = await entra();
    const { tokens } = auth({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'a', AZURE_CLIENT_SECRET: SECRET }, standin);
    const graph = await local((request, response) =>
      sendJson(response, 403, { error: { code: 'Authorization_RequestDenied', message: `Denied for ${request.headers.authorization}` } }),
    );
    const events: GraphDebugEvent[] = [];
    const client = new GraphClient({ graphRoot: graph.url, tokens, debug: (event) => events.push(event) });
    const error = (await client.read('/organization').catch((e: unknown) => e)) as Error;
    const accessToken = standin.issued[0] ?? 'missing';
    expect(graph.requests[0]?.headers.authorization).toBe(`Bearer ${accessToken}`);
    const output = JSON.stringify(events) + error.message + String(error.stack) + JSON.stringify(error);
    expect(output).not.toContain(SECRET);
    // A hostile server echoed the header into its message; the StoreError keeps Graph's text,
    // so the token only stays out if we strip it.
    expect(output).not.toContain(accessToken);
  });
});
