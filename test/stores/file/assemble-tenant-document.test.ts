import { describe, expect, it } from 'vitest';
import { TenantAssembler } from '../../../src/stores/file/assemble-tenant-document.js';
import { CONTRACT_MEMBERS, TenantShapeError } from '../../../src/stores/file/validate-tenant-document.js';
import { contractTenant } from '../../support/contract-tenant.js';

/** An assembler fed the contract tenant's members except `without`, users and groups as runs of elements. */
function assembledWithout(without: string | undefined): TenantAssembler {
  const doc = contractTenant() as unknown as Record<string, unknown>;
  const assembler = new TenantAssembler();
  for (const key of CONTRACT_MEMBERS) {
    if (key === without) continue;
    const value = doc[key];
    if (key === 'users' || key === 'groups') {
      const items = value as unknown[];
      assembler.add({ key, value: items.slice(0, 1), elements: true });
      assembler.add({ key, value: items.slice(1), elements: true });
    } else {
      assembler.add({ key, value, elements: false });
    }
  }
  return assembler;
}

describe('TenantAssembler', () => {
  it('puts a split read back together into the whole document', () => {
    const { doc, extraKeys } = assembledWithout(undefined).finish();
    expect(doc).toEqual(contractTenant());
    expect([...extraKeys]).toEqual([]);
  });

  // A split read of a file without one of the contract's members fails as the whole-document
  // check does: the member is named, at the root.
  it.each(CONTRACT_MEMBERS.map((key) => [key]))('names a missing %s at the root', (key) => {
    const assembler = assembledWithout(key);
    expect(() => assembler.finish()).toThrow(TenantShapeError);
    expect(() => assembler.finish()).toThrow(expect.objectContaining({ path: '$', problem: `missing property "${key}"`, message: `$: missing property "${key}"` }));
  });

  it.each([
    ['tenant', { ...contractTenant().tenant, id: 7 }, '$.tenant.id: expected a string, found number 7'],
    ['subscribedSkus', [{ ...contractTenant().subscribedSkus[0], skuId: 'E3' }], '$.subscribedSkus[0].skuId: expected a GUID string, found the string "E3"'],
    ['users', 'none', '$.users: expected an array, found the string "none"'],
  ])('checks the member %s given whole as the whole-document check does', (key, value, message) => {
    expect(() => new TenantAssembler().add({ key, value, elements: false })).toThrow(expect.objectContaining({ name: 'TenantShapeError', message }));
  });

  it('names the element of a later run by its place in the whole list', () => {
    const users = contractTenant().users as unknown[];
    const assembler = new TenantAssembler();
    assembler.add({ key: 'users', value: users.slice(0, 2), elements: true });
    expect(() => assembler.add({ key: 'users', value: [{ ...(users[2] as object), id: 7 }], elements: true })).toThrow('$.users[2].id: expected a string, found number 7');
  });
});
