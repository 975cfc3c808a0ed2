import { GraphError } from './graph-error.js';

/**
 * Bearer-token checks. Any token is accepted unless an exact one is required; a JWT-shaped
 * token is decoded (never verified) to read `roles` (app-only) or `scp` (delegated) and the
 * app id, so tests can prove the 403 for a missing permission and per-app quotas.
 */

export interface AuthOptions {
  /** When set, only this exact bearer token is accepted (401 otherwise). */
  requireToken?: string;
  /** False to accept requests without any Authorization header (default: a bearer token is required). */
  requireAuthorization?: boolean;
  /**
   * Application permissions the emulator's own token (`emulator.token`) carries in `roles`;
   * without them it carries no claims and may do everything.
   */
  roles?: readonly string[];
}

export interface Caller {
  /** Permissions granted by the token; null when the token carries no claims (everything allowed). */
  permissions: ReadonlySet<string> | null;
  /** Throttle key: the token's `appid`/`azp`, or `default`. */
  appId: string;
}

function decodeJwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readPermissions(claims: Record<string, unknown>): Set<string> | null {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : null;
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter((scope) => scope !== '') : null;
  if (roles === null && scopes === null) return null;
  return new Set([...(roles ?? []), ...(scopes ?? [])]);
}

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, { headers: { 'www-authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' } });
}

/** Identifies the caller or throws Graph's 401. */
export function identifyCaller(authorization: string | undefined, options: AuthOptions): Caller {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) {
    if (options.requireAuthorization === false) return { permissions: null, appId: 'default' };
    throw unauthorized('Access token is empty.');
  }
  const token = match[1].trim();
  if (options.requireToken !== undefined && token !== options.requireToken) throw unauthorized('Access token validation failure. Invalid audience.');
  const claims = decodeJwtClaims(token);
  if (claims === null) return { permissions: null, appId: 'default' };
  const appId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : 'default';
  return { permissions: readPermissions(claims), appId };
}

/** Builds an unsigned JWT-shaped token carrying `roles`, for tests and demos. */
export function createTestToken(claims: { roles?: string[]; scp?: string; appid?: string; tid?: string }): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ typ: 'JWT', alg: 'none' })}.${encode({ aud: 'https://graph.microsoft.com', ...claims })}.`;
}
