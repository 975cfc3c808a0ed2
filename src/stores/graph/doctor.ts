import { StoreError } from '../../model/store.js';
import { describeAuthMethod, type AuthMethod } from './auth-config.js';
import { checkFederatedTokenFile } from './doctor-federated-token.js';
import { evaluatePermissions, tokenKind, type PermissionVerdict } from './doctor-permissions.js';
import type { GraphClient } from './graph-client.js';
import type { GraphCloud } from './graph-cloud.js';
import { isRecord } from './graph-errors.js';
import { toTenantInfo, USER_SELECT } from './graph-objects.js';
import { connectGraph, type GraphConnection, type GraphStoreOptions } from './open-graph-store.js';
import { readTokenClaims, type TokenClaims } from './token-claims.js';

export type DoctorStatus = 'pass' | 'info' | 'warn' | 'fail' | 'skip';

/** One line of `skuform doctor`. */
export interface DoctorCheck {
  id: string;
  title: string;
  status: DoctorStatus;
  detail: string;
  hint?: string;
}

/** What `skuform doctor --store graph` found; the CLI renders it. */
export interface DoctorReport {
  store: string;
  cloud: GraphCloud;
  graphRoot: string;
  authMethod?: AuthMethod;
  tenantId?: string;
  checks: DoctorCheck[];
  /** Every plan check passed (reads work). */
  canPlan: boolean;
  /** Plan works and the apply permissions are granted (or hidden in an opaque token). */
  canApply: boolean;
}

/**
 * Checks sign-in, the permissions the token carries and that Graph answers the reads plan
 * needs. Never throws for a user-fixable problem: each one is a failed check with a hint.
 */
export async function runGraphDoctor(options: GraphStoreOptions): Promise<DoctorReport> {
  const cloud = options.cloud ?? 'global';
  const checks: DoctorCheck[] = [];
  let connection: GraphConnection;
  try {
    connection = connectGraph(options);
  } catch (error) {
    checks.push(failed('sign-in-config', 'Sign-in configuration', error));
    return finish({ store: 'graph', cloud, graphRoot: options.graphUrl ?? '', checks });
  }
  const { auth, client } = connection;
  const report = { store: `graph (${root(client)})`, cloud, graphRoot: root(client), authMethod: auth.config.method, checks };
  checks.push({ id: 'sign-in-config', title: 'Sign-in configuration', status: 'pass', detail: `${describeAuthMethod(auth.config.method)} (${auth.reason})` });
  if (auth.config.method === 'workload-identity') {
    checks.push({ id: 'federated-token', title: 'Federated token file', ...(await checkFederatedTokenFile(auth.config.tokenFilePath, (options.now ?? Date.now)())) });
  }
  let token: string;
  try {
    token = await auth.tokens.getToken();
  } catch (error) {
    checks.push(failed('sign-in', 'Sign-in', error));
    return finish(report);
  }
  const claims = readTokenClaims(token);
  checks.push(signInCheck(claims));
  checks.push(...permissionChecks(claims));
  checks.push(...(await reachabilityChecks(client)));
  return finish({ ...report, tenantId: claims?.tenantId });
}

function signInCheck(claims: TokenClaims | null): DoctorCheck {
  if (claims === null) return { id: 'sign-in', title: 'Sign-in', status: 'pass', detail: 'got an access token (not a JWT, so its tenant and permissions cannot be shown)' };
  const who = claims.userPrincipalName ? `user ${claims.userPrincipalName}` : `app ${claims.appDisplayName ?? claims.appId ?? '(unknown)'}`;
  return { id: 'sign-in', title: 'Sign-in', status: 'pass', detail: `${tokenKind(claims)} token for ${who} in tenant ${claims.tenantId ?? '(unknown)'}` };
}

function permissionChecks(claims: TokenClaims | null): DoctorCheck[] {
  if (claims === null) {
    return [{ id: 'permissions', title: 'Permissions', status: 'info', detail: 'the token is opaque; the reads below show whether permissions suffice' }];
  }
  const checks = evaluatePermissions(claims).map((verdict) => permissionCheck(verdict, claims));
  if (tokenKind(claims) === 'delegated') {
    checks.push({
      id: 'permission-delegated-role', title: 'Directory role', status: 'info',
      detail: 'delegated sign-in: to apply, the signed-in user also needs the License Administrator (or User Administrator) role',
    });
  }
  return checks;
}

function permissionCheck(verdict: PermissionVerdict, claims: TokenClaims): DoctorCheck {
  const { need, grantedBy } = verdict;
  const claim = tokenKind(claims) === 'delegated' ? 'scp' : 'roles';
  const title = `Permission to ${need.purpose.split(' (')[0]}`;
  if (grantedBy !== undefined) return { id: `permission-${need.id}`, title, status: 'pass', detail: `granted by ${grantedBy}` };
  const [least] = need.satisfiedBy;
  const status = need.phase === 'plan' ? 'fail' : 'warn';
  const consequence = need.withoutIt ?? (need.phase === 'apply' ? 'plan works, apply will fail' : need.phase === 'optional' ? 'plan works with less detail' : 'plan cannot read the tenant');
  return {
    id: `permission-${need.id}`, title, status,
    detail: `missing ${least} (the token's ${claim} claim has none of ${need.satisfiedBy.join(', ')}): needed to ${need.purpose}; ${consequence}`,
    hint: `Grant the ${claim === 'roles' ? 'application' : 'delegated'} permission ${least} to the app registration and give admin consent.`,
  };
}

async function reachabilityChecks(client: GraphClient): Promise<DoctorCheck[]> {
  const probe = async (id: string, title: string, url: string, describe: (body: unknown) => string, forbiddenIsWarning = false): Promise<DoctorCheck> => {
    try {
      return { id, title, status: 'pass', detail: describe(await client.read(url)) };
    } catch (error) {
      const check = failed(id, title, error);
      return forbiddenIsWarning && error instanceof StoreError && error.status === 403 ? { ...check, status: 'warn' } : check;
    }
  };
  const values = (body: unknown): unknown[] => (isRecord(body) && Array.isArray(body.value) ? body.value : []);
  return Promise.all([
    probe('reach-organization', 'GET /organization', '/organization', (body) => {
      const tenant = toTenantInfo(values(body)[0]);
      return `tenant ${tenant.displayName} (${tenant.defaultDomain}, ${tenant.id})`;
    }, true),
    probe('reach-skus', 'GET /subscribedSkus', '/subscribedSkus', (body) => `${values(body).length} subscribed SKUs`),
    probe('reach-users', 'GET /users (one user with licenses)', `/users?$select=${USER_SELECT}&$top=1`, (body) => `read ${values(body).length} user with license details`),
  ]);
}

function failed(id: string, title: string, error: unknown): DoctorCheck {
  if (error instanceof StoreError) return { id, title, status: 'fail', detail: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { id, title, status: 'fail', detail: error instanceof Error ? error.message : String(error) };
}

function root(client: GraphClient): string {
  return client.versionRoot.replace(/\/v1\.0$/, '');
}

function finish(report: Omit<DoctorReport, 'canPlan' | 'canApply'>): DoctorReport {
  const status = (id: string) => report.checks.find((check) => check.id === id)?.status;
  const canPlan = status('sign-in') === 'pass' && !report.checks.some((check) => check.status === 'fail');
  // An opaque token hides its permissions: then only a failed read can tell, and none did.
  const canApply = canPlan && ['permission-assign-user-licenses', 'permission-assign-group-licenses'].every((id) => status(id) !== 'warn');
  return { ...report, canPlan, canApply };
}
