import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/model/store.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { serializeTenantDocument } from '../../../src/stores/file/serialize-tenant-document.js';
import { contractTenant } from '../../support/contract-tenant.js';

/** A copy with the keys of every object in a reproducibly shuffled order. */
function shuffleKeys(value: unknown, seed: { state: number }): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, seed));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    seed.state = (seed.state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = seed.state % (i + 1);
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, shuffleKeys(item, seed)]));
}

describe('serializeTenantDocument', () => {
  it('writes the same bytes whatever order the keys of the objects are in', () => {
    const canonical = serializeTenantDocument(contractTenant());
    for (let seed = 1; seed <= 20; seed++) {
      const shuffled = shuffleKeys(contractTenant(), { state: seed }) as TenantDocument;
      expect(serializeTenantDocument(shuffled)).toBe(canonical);
    }
    expect(serializeTenantDocument(JSON.parse(canonical) as TenantDocument)).toBe(canonical);
  });

  it('keeps extra properties after the known ones, in either order', () => {
    const doc = contractTenant() as TenantDocument & { users: (TenantDocument['users'][number] & { department?: string })[] };
    const user = doc.users[0];
    if (user === undefined) throw new Error('no user');
    const withExtraFirst = { department: 'Sales', ...user };
    doc.users[0] = withExtraFirst;
    const text = serializeTenantDocument(doc, new Set(['department']));
    expect(text).toContain('"licenseAssignmentStates": [');
    expect(text.indexOf('"department": "Sales"')).toBeGreaterThan(text.indexOf('"licenseAssignmentStates"'));
    expect(serializeTenantDocument(JSON.parse(text) as TenantDocument, new Set(['department']))).toBe(text);
  });

  it('refuses a document whose text would pass the longest string JavaScript holds, saying what to do', () => {
    // V8 throws this RangeError where the text passes its limit (about 512 MiB); building such a
    // text here would take gigabytes, so one user's toJSON throws it where the limit would be hit.
    const tooLong = (message: string) => {
      const doc = contractTenant();
      Object.assign(doc.users[0] as object, { toJSON: () => { throw new RangeError(message); } });
      return () => serializeTenantDocument(doc);
    };
    const thrown = (write: () => string): unknown => {
      try {
        write();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const refusal = thrown(tooLong('Invalid string length'));
    expect(refusal).toBeInstanceOf(StoreError);
    expect(refusal).toMatchObject({ code: 'TenantFileTooLarge', message: expect.stringMatching(/larger than the longest text JavaScript can hold \(about 512 MiB\)/) });
    expect((refusal as StoreError).hint).toMatch(/--store graph/);
    // Any other failure is a bug, and stays what it is.
    expect(tooLong('Maximum call stack size exceeded')).toThrow(RangeError);
    expect(tooLong('Maximum call stack size exceeded')).not.toThrow(StoreError);
  });
});
