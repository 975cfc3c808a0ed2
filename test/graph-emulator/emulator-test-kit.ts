import type { TenantDocument } from '../../src/model/tenant.js';
import { aGroup, aLicenseState, aSku, aTenant, aUser, addMembers, planId, skuIdOf } from '../support/builders.js';
import { startGraphEmulator, type EmulatorClock, type GraphEmulator, type GraphEmulatorOptions } from '../../emulator/start-graph-emulator.js';

/**
 * Helpers for the emulator's own tests: a small tenant, a fake clock, and a fetch wrapper
 * that returns status, headers and parsed body.
 */

export const E3 = skuIdOf('SPE_E3');
export const E5 = skuIdOf('SPE_E5');
export const BI = skuIdOf('POWER_BI_PRO');
export const SWAY = planId('SWAY');

/** Contoso: E3 (10 seats), E5 (2 seats), Power BI Pro (1 seat); alice has E3; Sales (carol, dave) assigns E3; Sales twice. */
export function smallTenant(): TenantDocument {
  const alice = aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: [aLicenseState(E3)] });
  const bob = aUser({ userPrincipalName: 'bob@contoso.com' });
  const erin = aUser({ userPrincipalName: 'erin@contoso.com', usageLocation: null });
  const sales = aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: E3, disabledPlans: [] }] });
  const { group, users } = addMembers(sales, [aUser({ userPrincipalName: 'carol@contoso.com' }), aUser({ userPrincipalName: 'dave@contoso.com' })]);
  const otherSales = aGroup({ displayName: 'SALES', id: '5a1e5000-0000-4000-8000-000000000002' });
  const empty = aGroup({ displayName: 'Interns', members: [bob.id, erin.id] });
  return {
    tenant: aTenant(),
    subscribedSkus: [
      { ...aSku({ skuPartNumber: 'SPE_E3', total: 10 }), consumedUnits: 3 },
      aSku({ skuPartNumber: 'SPE_E5', total: 2 }),
      aSku({ skuPartNumber: 'POWER_BI_PRO', total: 1, plans: ['BI_AZURE_P2'] }),
    ],
    users: [alice, bob, erin, ...users],
    groups: [group, otherSales, empty],
  };
}

/** A clock tests move by hand; `sleep` advances it instead of waiting. */
export class FakeClock implements EmulatorClock {
  constructor(public time = Date.parse('2026-03-01T12:00:00Z')) {}
  now(): number { return this.time; }
  sleep(ms: number): Promise<void> { this.time += ms; return Promise.resolve(); }
  advance(ms: number): void { this.time += ms; }
}

export interface CallResult {
  status: number;
  headers: Headers;
  // Bodies are checked field by field in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
}

/** Calls the emulator over real HTTP; `path` is relative to the root (include `/v1.0`). */
export async function call(emulator: GraphEmulator, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(path.startsWith('http') ? path : `${emulator.url}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, headers: response.headers, body: isJson && text !== '' ? JSON.parse(text) : text };
}

/** Starts an emulator for one test file; call the returned stop in afterEach/afterAll. */
export function startSmall(options: Partial<GraphEmulatorOptions> = {}): Promise<GraphEmulator> {
  return startGraphEmulator({ tenant: smallTenant(), ...options });
}

/** A userPrincipalName's object id in {@link smallTenant}. */
export function idOf(upn: string): string {
  return aUser({ userPrincipalName: upn }).id;
}

export const SALES_ID = aGroup({ displayName: 'Sales' }).id;
export const INTERNS_ID = aGroup({ displayName: 'Interns' }).id;

/** Compares two JSON values' shapes: same keys (exactly, or at least the fixture's), same JSON types; null matches anything. */
export function shapeDifferences(actual: unknown, fixture: unknown, mode: 'exact' | 'subset', path = '$'): string[] {
  if (fixture === null || actual === null) return [];
  if (Array.isArray(fixture)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    if (fixture.length === 0) return [];
    // Each item must match one of the fixture's items (collections mix variants, e.g. removed and present).
    return actual.flatMap((item, i) => {
      const attempts = fixture.map((sample) => shapeDifferences(item, sample, mode, `${path}[${i}]`));
      return attempts.some((problems) => problems.length === 0) ? [] : (attempts[0] ?? []);
    });
  }
  if (typeof fixture === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object`];
    const a = actual as Record<string, unknown>;
    const f = fixture as Record<string, unknown>;
    const problems = Object.keys(f).flatMap((key) => (key in a ? shapeDifferences(a[key], f[key], mode, `${path}.${key}`) : [`${path}.${key}: missing`]));
    if (mode === 'exact') for (const key of Object.keys(a)) if (!(key in f)) problems.push(`${path}.${key}: not in the fixture`);
    return problems;
  }
  return typeof actual === typeof fixture ? [] : [`${path}: ${typeof actual} instead of ${typeof fixture}`];
}
