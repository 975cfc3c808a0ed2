import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { FileStore } from '../../../src/stores/file-store.js';
import { TenantShapeError, validateTenantDocument } from '../../../src/stores/file/validate-tenant-document.js';
import { contractTenant } from '../../support/contract-tenant.js';

const ACTIVITY = { lastSignInDateTime: '2026-11-30T08:15:00Z', lastNonInteractiveSignInDateTime: '2026-12-01T06:00:00.123Z', lastSuccessfulSignInDateTime: null };

function withActivity(value: unknown): TenantDocument {
  const doc = contractTenant();
  (doc.users[0] as unknown as Record<string, unknown>).signInActivity = value;
  return doc;
}

function problemOf(doc: TenantDocument): string {
  try {
    validateTenantDocument(doc);
    return 'valid';
  } catch (error) {
    if (error instanceof TenantShapeError) return error.message;
    throw error;
  }
}

describe('signInActivity in the tenant file', () => {
  it.each([
    ['absent', undefined],
    ['null (Graph: no sign-in ever)', null],
    ['Graph\'s shape with times and nulls', ACTIVITY],
    ['without the newer lastSuccessfulSignInDateTime', { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: '2026-12-01T06:00:00+01:00' }],
  ])('is valid %s', (_name, value) => {
    const doc = withActivity(value);
    if (value === undefined) delete (doc.users[0] as unknown as Record<string, unknown>).signInActivity;
    expect(problemOf(doc)).toBe('valid');
  });

  it.each([
    ['a string', 'yesterday', '$.users[0].signInActivity: expected an object, found the string "yesterday"'],
    ['a time without offset', { lastSignInDateTime: '2026-11-30T08:15:00' }, '$.users[0].signInActivity.lastSignInDateTime: expected a date-time such as 2026-11-30T08:15:00Z or null, found the string "2026-11-30T08:15:00"'],
    ['a number', { lastNonInteractiveSignInDateTime: 1764489600 }, '$.users[0].signInActivity.lastNonInteractiveSignInDateTime: expected a date-time such as 2026-11-30T08:15:00Z or null, found number 1764489600'],
    ['a last successful sign-in that is no date-time', { lastSuccessfulSignInDateTime: 'today' }, '$.users[0].signInActivity.lastSuccessfulSignInDateTime: expected a date-time such as 2026-11-30T08:15:00Z or null, found the string "today"'],
  ])('names the path of %s', (_name, value, problem) => {
    expect(problemOf(withActivity(value))).toBe(problem);
  });

  it('survives an apply: the file store writes it back unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skuform-signins-'));
    try {
      const path = join(dir, 'tenant.json');
      const doc = withActivity(ACTIVITY);
      await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
      const store = new FileStore(path);
      const user = doc.users[0];
      const sku = doc.subscribedSkus.find((s) => s.appliesTo === 'User' && !user?.licenseAssignmentStates.some((st) => st.skuId === s.skuId));
      expect(user !== undefined && sku !== undefined).toBe(true);
      await store.lock();
      const [result] = await store.applyBatch([{ principal: { kind: 'user', id: user?.id ?? '' }, addLicenses: [{ skuId: sku?.skuId ?? '', disabledPlans: [] }], removeLicenses: [] }]);
      await store.close();
      expect(result?.ok).toBe(true);
      const written = JSON.parse(await readFile(path, 'utf8')) as TenantDocument;
      expect(written.users[0]?.signInActivity).toEqual(ACTIVITY);
      expect(written.users[0]?.licenseAssignmentStates.some((s) => s.skuId === sku?.skuId)).toBe(true);
      const snapshot = await new FileStore(path).readSnapshot({ users: [user?.id ?? ''], groups: [], holdersOf: [], members: false, signInActivity: true });
      expect(snapshot.users[0]?.signInActivity).toEqual(ACTIVITY);
      const plain = await new FileStore(path).readSnapshot({ users: [user?.id ?? ''], groups: [], holdersOf: [], members: false });
      expect(plain.users[0]).not.toHaveProperty('signInActivity');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
