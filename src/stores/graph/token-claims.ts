/**
 * Reads the claims of a Graph access token. The token is decoded, never verified: it is only
 * used to tell the user which tenant and permissions it carries. Opaque tokens give null.
 */
export interface TokenClaims {
  tenantId?: string;
  /** Application (client) id. */
  appId?: string;
  appDisplayName?: string;
  /** The signed-in user for delegated tokens. */
  userPrincipalName?: string;
  audience?: string;
  /** App-only permissions (`roles`). */
  roles: string[];
  /** Delegated permissions (`scp`). */
  scopes: string[];
  /** Expiry, epoch seconds. */
  expiresAt?: number;
}

export function readTokenClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || payload === undefined || payload === '') return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claims !== 'object' || claims === null) return null;
  const c = claims as Record<string, unknown>;
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    tenantId: str(c.tid),
    appId: str(c.appid) ?? str(c.azp),
    appDisplayName: str(c.app_displayname),
    userPrincipalName: str(c.upn) ?? str(c.unique_name),
    audience: str(c.aud),
    roles: Array.isArray(c.roles) ? c.roles.filter((role): role is string => typeof role === 'string') : [],
    scopes: typeof c.scp === 'string' ? c.scp.split(' ').filter((scope) => scope !== '') : [],
    expiresAt: typeof c.exp === 'number' ? c.exp : undefined,
  };
}
