import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

/** The self-signed CA the stand-in serves with; pass it to @azure/identity as `tlsOptions.ca`. */
export const STANDIN_CA = readFileSync(`${TLS_DIR}server-cert.pem`, 'utf8');

/** A parsed token request (`application/x-www-form-urlencoded` body). */
export interface TokenRequest {
  path: string;
  form: Record<string, string>;
}

export interface EntraTokenStandin {
  /** `https://127.0.0.1:<port>`: use as authorityHost. */
  authorityHost: string;
  tokenRequests: TokenRequest[];
  /** Access tokens handed out, in order. */
  issued: string[];
  close(): Promise<void>;
}

export interface StandinOptions {
  /** Decide the answer to a token request: claims for a token, or an OAuth error. */
  answer?: (request: TokenRequest) => { claims: Record<string, unknown> } | { status: number; error: string; description: string };
}

/** An unsigned JWT-shaped token carrying `claims` (Graph stand-ins read the claims, nobody verifies it). */
export function makeTestJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/**
 * A loopback HTTPS stand-in for the Entra ID v2.0 endpoints MSAL uses with instance
 * discovery disabled: the tenant's OpenID configuration and its token endpoint.
 */
export async function startEntraTokenStandin(options: StandinOptions = {}): Promise<EntraTokenStandin> {
  const tokenRequests: TokenRequest[] = [];
  const issued: string[] = [];
  let origin = '';
  const server: Server = createServer(
    { key: readFileSync(`${TLS_DIR}server-key.pem`), cert: STANDIN_CA },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = new URL(request.url ?? '/', origin).pathname;
        const send = (status: number, body: unknown) => {
          response.writeHead(status, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        const tenant = path.split('/')[1] ?? 'common';
        if (path.endsWith('/.well-known/openid-configuration')) {
          send(200, openIdConfiguration(origin, tenant));
          return;
        }
        if (!path.endsWith('/oauth2/v2.0/token')) {
          send(404, { error: 'not_found', error_description: `no stand-in for ${path}` });
          return;
        }
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const tokenRequest = { path, form };
        tokenRequests.push(tokenRequest);
        const answer = options.answer?.(tokenRequest) ?? { claims: { tid: tenant, roles: [] } };
        if ('error' in answer) {
          send(answer.status, { error: answer.error, error_description: answer.description, error_codes: [7000215] });
          return;
        }
        const token = makeTestJwt({ aud: 'https://graph.microsoft.com', ...answer.claims, n: issued.length + 1 });
        issued.push(token);
        send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost: origin,
    tokenRequests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function openIdConfiguration(origin: string, tenant: string) {
  const base = `${origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    issuer: `${origin}/${tenant}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_types_supported: ['code', 'id_token', 'token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
  };
}
