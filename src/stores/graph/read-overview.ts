import type { TenantOverview } from '../../model/snapshot.js';
import type { TenantInfo } from '../../model/tenant.js';
import type { GraphClient } from './graph-client.js';
import { toSubscribedSku, toTenantInfo } from './graph-objects.js';
import { countRequest } from './graph-queries.js';
import { readCollections, type CollectionRequest, type CollectionResult } from './read-collections.js';

/** What the read functions need besides the client. */
export interface GraphReadContext {
  client: GraphClient;
  /** The tenant id from the access token (`tid`), when it is a JWT. */
  readTokenTenantId(): Promise<string | undefined>;
}

/** The two collections every read starts with; they ride in the same `$batch` as the lookups. */
export const OVERVIEW_REQUESTS: readonly CollectionRequest[] = [{ url: '/organization' }, { url: '/subscribedSkus' }];

/** The overview with the number of users in the tenant, which tells a snapshot read how to read its users. */
export interface CountedOverview {
  overview: TenantOverview;
  /** Undefined when Graph would not count them. */
  tenantUsers: number | undefined;
}

/** GET /organization, GET /subscribedSkus and a count of the users, in one `$batch`. */
export async function readGraphOverview(ctx: GraphReadContext, signal?: AbortSignal): Promise<CountedOverview> {
  const [organization, skus, users] = await readCollections(ctx.client, [...OVERVIEW_REQUESTS, countRequest('/users')], signal);
  const counted = users as CollectionResult;
  return { overview: await toOverview(ctx, organization as CollectionResult, skus as CollectionResult), tenantUsers: counted.ok ? counted.count : undefined };
}

/**
 * Builds the overview from the two answers. Reading /organization needs Organization.Read.All
 * (or Directory.Read.All), which a least-privilege plan app may lack; then the tenant id comes
 * from the token and the name and default domain stay empty (so `tenant:` in the config must
 * be the tenant id). SKUs are required.
 */
export async function toOverview(ctx: GraphReadContext, organization: CollectionResult, skus: CollectionResult): Promise<TenantOverview> {
  if (!skus.ok) throw failure(ctx, skus);
  return { tenant: await toTenant(ctx, organization), skus: skus.values.map(toSubscribedSku) };
}

async function toTenant(ctx: GraphReadContext, organization: CollectionResult): Promise<TenantInfo> {
  if (organization.ok) {
    const [first] = organization.values;
    if (first !== undefined) return toTenantInfo(first);
  } else if (organization.response.status !== 403) {
    throw failure(ctx, organization);
  }
  const tenantId = await ctx.readTokenTenantId();
  if (tenantId === undefined) {
    if (!organization.ok) throw failure(ctx, organization);
    return { id: '', displayName: '', defaultDomain: '', countryLetterCode: null };
  }
  return { id: tenantId.toLowerCase(), displayName: '', defaultDomain: '', countryLetterCode: null };
}

export function failure(ctx: GraphReadContext, result: Extract<CollectionResult, { ok: false }>): Error {
  const { status, headers, body } = result.response;
  return ctx.client.errorFor('GET', result.url, { status, headers, body, requestId: headers['request-id'] });
}
