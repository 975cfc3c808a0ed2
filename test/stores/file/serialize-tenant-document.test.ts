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

  /** The property names read from `users[1]` while `doc` is written (it is wrapped to record them). */
  function keysReadFromSecondUser(doc: TenantDocument, extraKeys?: ReadonlySet<string>): { text: string; read: Set<string> } {
    const read = new Set<string>();
    const user = doc.users[1] as object;
    doc.users[1] = new Proxy(user, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as TenantDocument['users'][number];
    const text = serializeTenantDocument(doc, extraKeys);
    doc.users[1] = user as TenantDocument['users'][number];
    return { text, read };
  }

  it('writes a document already in key order with the plain JSON.stringify, which reads only the keys an object has', () => {
    // An extra property holding a known key ("id"), in every object's place: the document is as
    // this function writes it. The property list would read every known key of every object.
    const extraKeys = new Set(['manager', 'id']);
    const doc = JSON.parse(serializeTenantDocument(contractTenant())) as TenantDocument;
    Object.assign(doc.users[0] as object, { manager: { id: 'm' } });
    const inOrder = keysReadFromSecondUser(doc, extraKeys);
    expect(inOrder.read).toEqual(new Set(['toJSON', ...Object.keys(doc.users[1] as object)]));
    expect(serializeTenantDocument(JSON.parse(inOrder.text) as TenantDocument, extraKeys)).toBe(inOrder.text);

    // One object out of order anywhere, and every object is written through the property list.
    const shuffled = JSON.parse(inOrder.text) as TenantDocument;
    const group = shuffled.groups[0] as unknown as Record<string, unknown>;
    shuffled.groups[0] = Object.fromEntries(Object.entries(group).reverse()) as unknown as TenantDocument['groups'][number];
    const outOfOrder = keysReadFromSecondUser(shuffled, extraKeys);
    expect(outOfOrder.read).toContain('skuPartNumber');
    expect(outOfOrder.text).toBe(inOrder.text);
  });

  it('leaves out a property that is neither known nor named as extra', () => {
    const doc = JSON.parse(serializeTenantDocument(contractTenant())) as TenantDocument;
    const canonical = serializeTenantDocument(doc);
    Object.assign(doc.users[0] as object, { nickname: 'Al' });
    expect(serializeTenantDocument(doc)).toBe(canonical);
  });

  it('refuses a document whose text would pass the longest string JavaScript holds, saying what to do', () => {
    // V8 throws this RangeError where the text passes its limit (about 512 MiB); building such a
    // text here would take gigabytes, so one user's toJSON throws it where the limit would be hit.
    const tooLong = (message: string, type: new (message: string) => Error = RangeError) => {
      const doc = contractTenant();
      Object.assign(doc.users[0] as object, { toJSON: () => { throw new type(message); } });
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
    expect(refusal).toMatchObject({
      code: 'TenantFileTooLarge',
      message: 'The tenant file would be larger than the longest text JavaScript can hold (about 512 MiB), so it cannot be rewritten.',
      hint: 'Plan against this file offline, and apply to the tenant itself with --store graph.',
    });
    // Any other failure is a bug, and stays what it is: another RangeError, or another error
    // with the same words.
    expect(tooLong('Maximum call stack size exceeded')).toThrow(RangeError);
    expect(tooLong('Maximum call stack size exceeded')).not.toThrow(StoreError);
    expect(thrown(tooLong('Invalid string length', TypeError))).toEqual(new TypeError('Invalid string length'));
    expect(tooLong('Invalid string length', TypeError)).not.toThrow(StoreError);
  });
});
