import { expect } from 'vitest';
import type { PrincipalKind } from '../../src/model/desired.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { AssignLicenseRequest, GroupProcessing, Store, WriteResult } from '../../src/model/store.js';
import type { AssignedLicense, SubscribedSku, TenantDocument, TenantGroup, TenantUser } from '../../src/model/tenant.js';

/** What a store implementation hands the contract suite. */
export interface StoreUnderTest {
  store: Store;
  /** Removes what the store left behind (temporary files, servers). */
  cleanup(): Promise<void>;
  /** A second, fresh instance over the same backing data, when the store has persistent data. */
  reopen?(): Promise<Store>;
}

export type MakeStore = (doc: TenantDocument) => Promise<StoreUnderTest>;

/** How the suite's tests reach the store under test; everything opened is closed after each test. */
export interface ContractHarness {
  open(doc?: TenantDocument): Promise<Store>;
  /** Opens and takes the apply lock (writes need it on stores with a local lock). */
  openLocked(doc?: TenantDocument): Promise<Store>;
  /** A fresh instance over the data of the last opened store, or undefined when the store keeps none. */
  reopen(): Promise<Store | undefined>;
}

export function request(kind: PrincipalKind, id: string, addLicenses: AssignedLicense[], removeLicenses: string[] = []): AssignLicenseRequest {
  return { principal: { kind, id }, addLicenses, removeLicenses };
}

export function add(skuId: string, disabledPlans: string[] = []): AssignedLicense {
  return { skuId, disabledPlans };
}

/** Applies one request and returns its result. */
export async function applyOne(store: Store, one: AssignLicenseRequest): Promise<WriteResult> {
  const results = await store.applyBatch([one]);
  expect(results).toHaveLength(1);
  return results[0] as WriteResult;
}

/** Asserts a refusal with exactly Graph's status, code and message. */
export function expectFailure(result: WriteResult, status: number, code: string, message: string): void {
  expect(result).toMatchObject({ ok: false, status, code, message });
}

export async function readUser(store: Store, key: string): Promise<TenantUser> {
  const snapshot = await store.readSnapshot({ users: [key], groups: [], holdersOf: [], members: false });
  const user = snapshot.users.find((candidate) => snapshot.resolved.users.get(key)?.includes(candidate.id));
  if (user === undefined) throw new Error(`user ${key} not in the snapshot`);
  return user;
}

export async function readGroup(store: Store, key: string): Promise<{ group: TenantGroup; snapshot: Snapshot }> {
  const snapshot = await store.readSnapshot({ users: [], groups: [key], holdersOf: [], members: true });
  const group = snapshot.groups.find((candidate) => snapshot.resolved.groups.get(key)?.includes(candidate.id));
  if (group === undefined) throw new Error(`group ${key} not in the snapshot`);
  return { group, snapshot };
}

export async function readSku(store: Store, skuId: string): Promise<SubscribedSku> {
  const sku = (await store.readOverview()).skus.find((candidate) => candidate.skuId === skuId);
  if (sku === undefined) throw new Error(`SKU ${skuId} not in the overview`);
  return sku;
}

/** The user's license states reduced to what the rules decide (no timestamps), sorted. */
export function statesOf(user: TenantUser): { skuId: string; group: string | null; state: string; error: string | null; disabledPlans: string[] }[] {
  return user.licenseAssignmentStates
    .map((state) => ({
      skuId: state.skuId,
      group: state.assignedByGroup,
      state: state.state,
      error: state.error === 'None' ? null : state.error,
      disabledPlans: [...state.disabledPlans].sort(),
    }))
    .sort((a, b) => `${a.skuId}/${a.group ?? ''}`.localeCompare(`${b.skuId}/${b.group ?? ''}`));
}

/** assignedLicenses with sorted plan lists, sorted by skuId. */
export function licensesOf(user: TenantUser): AssignedLicense[] {
  return user.assignedLicenses
    .map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans].sort() }))
    .sort((a, b) => a.skuId.localeCompare(b.skuId));
}

/**
 * Waits until Graph-like asynchronous group processing has finished. Stores that process
 * immediately answer ProcessingComplete at once; an emulator may need a few polls.
 */
export async function waitForGroupProcessing(store: Store, groupIds: string[], polls = 200): Promise<GroupProcessing[]> {
  for (let poll = 0; poll < polls; poll++) {
    const processing = await store.readGroupProcessing(groupIds);
    if (processing.every((entry) => entry.state === 'ProcessingComplete')) return processing;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`group processing of ${groupIds.join(', ')} did not complete`);
}
