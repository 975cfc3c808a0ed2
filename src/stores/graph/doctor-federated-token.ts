import { readFile } from 'node:fs/promises';

/** What doctor says about the token file of Azure workload identity. */
export interface FederatedTokenVerdict {
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  hint?: string;
}

const EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Reads the service-account token file Azure workload identity signs in with and says what it
 * is: whose token, for which audience, until when. The token is decoded, never shown or verified.
 */
export async function checkFederatedTokenFile(path: string, nowMs: number): Promise<FederatedTokenVerdict> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    return {
      status: 'fail',
      detail: `cannot read AZURE_FEDERATED_TOKEN_FILE ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      hint: 'The workload identity webhook mounts the token when the pod has the label azure.workload.identity/use: "true" and runs as a service account annotated with azure.workload.identity/client-id.',
    };
  }
  const claims = decodeClaims(text);
  if (claims === undefined) return { status: 'fail', detail: `${path} does not hold a JWT`, hint: 'Point AZURE_FEDERATED_TOKEN_FILE at the projected service-account token.' };
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === 'string') : [];
  const subject = typeof claims.sub === 'string' ? claims.sub : '(no subject)';
  const expires = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  const facts = `token for ${subject}, audience ${audiences.join(', ') || '(none)'}${expires === undefined ? '' : `, expires ${new Date(expires).toISOString()}`}`;
  if (!audiences.includes(EXCHANGE_AUDIENCE)) {
    return { status: 'fail', detail: `${path}: ${facts}`, hint: `Entra accepts only tokens for the audience ${EXCHANGE_AUDIENCE}; the webhook projects such a token, a plain service-account token will not do.` };
  }
  if (expires !== undefined && expires <= nowMs) {
    return { status: 'warn', detail: `${path}: ${facts} (expired)`, hint: 'The kubelet renews the projected token; an expired one means it is not being renewed.' };
  }
  return { status: 'pass', detail: `${path}: ${facts}` };
}

function decodeClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
