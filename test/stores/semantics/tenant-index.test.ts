import { describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { indexTenant, TenantDocumentError, UserIndex } from '../../../src/stores/semantics/tenant-index.js';
import { aGroup, aSku, aTenant, aUser } from '../../support/builders.js';

function aDocument(parts: Partial<TenantDocument> = {}): TenantDocument {
  return { tenant: aTenant(), subscribedSkus: [], users: [], groups: [], ...parts };
}

/** The error indexTenant throws for the document (fails the test when it throws none). */
function indexError(doc: TenantDocument): TenantDocumentError {
  try {
    indexTenant(doc);
  } catch (error) {
    if (error instanceof TenantDocumentError) return error;
    throw error;
  }
  throw new Error('indexTenant accepted the document');
}

const e3 = aSku({ skuPartNumber: 'SPE_E3' });
const alice = aUser({ userPrincipalName: 'alice@contoso.com' });
const bob = aUser({ userPrincipalName: 'bob@contoso.com' });
const sales = aGroup({ displayName: 'Sales' });

describe('TenantDocumentError', () => {
  it.each([
    ['a SKU listed twice', aDocument({ subscribedSkus: [e3, { ...e3, skuId: e3.skuId.toUpperCase() }] }), [`duplicate skuId '${e3.skuId.toUpperCase()}'`]],
    ['two users with one id', aDocument({ users: [alice, { ...bob, id: alice.id }] }), [`duplicate user id '${alice.id}'`]],
    ['two users with one userPrincipalName in different case', aDocument({ users: [alice, { ...bob, userPrincipalName: 'ALICE@contoso.com' }] }), [`duplicate userPrincipalName 'ALICE@contoso.com'`]],
    ['two groups with one id', aDocument({ groups: [sales, aGroup({ displayName: 'Other', id: sales.id })] }), [`duplicate group id '${sales.id}'`]],
  ])('names what is duplicated in %s, with the key as the document writes it', (_, doc, problems) => {
    const error = indexError(doc);
    expect(error.problems).toEqual(problems);
    expect(error.message).toBe(`The tenant document is inconsistent: ${problems[0]}`);
    expect(error.name).toBe('TenantDocumentError');
  });

  it('lists SKU problems first, then user problems, then group problems', () => {
    const doc = aDocument({ subscribedSkus: [e3, e3], users: [alice, alice], groups: [sales, sales] });
    expect(indexError(doc).problems).toEqual([
      `duplicate skuId '${e3.skuId}'`,
      `duplicate user id '${alice.id}'`,
      `duplicate userPrincipalName 'alice@contoso.com'`,
      `duplicate group id '${sales.id}'`,
    ]);
  });

  /** A document with `count` duplicated groups: one problem each. */
  function duplicatedGroups(count: number): TenantDocument {
    const groups = Array.from({ length: count }, (_, i) => aGroup({ displayName: `G${i}` }));
    return aDocument({ groups: [...groups, ...groups] });
  }
  const problem = (i: number) => `duplicate group id '${aGroup({ displayName: `G${i}` }).id}'`;

  it.each([
    [1, [0].map(problem).join('; ')],
    [4, [0, 1, 2, 3].map(problem).join('; ')],
    [5, [0, 1, 2, 3, 4].map(problem).join('; ')],
    [6, `${[0, 1, 2, 3, 4].map(problem).join('; ')}; and 1 more`],
    [8, `${[0, 1, 2, 3, 4].map(problem).join('; ')}; and 3 more`],
  ])('with %i problems the message lists the first five and counts the rest', (count, listed) => {
    const error = indexError(duplicatedGroups(count));
    expect(error.problems).toEqual(Array.from({ length: count }, (_, i) => problem(i)));
    expect(error.message).toBe(`The tenant document is inconsistent: ${listed}`);
  });
});

describe('indexTenant', () => {
  it('uses the user maps a reader filled rather than walking the users again', () => {
    const users = new UserIndex();
    users.add(alice);
    users.add(bob);
    const index = indexTenant(aDocument({ users: [alice, bob] }), users);
    expect(index.users).toBe(users.users);
    expect(index.usersByUpn).toBe(users.usersByUpn);
    expect([...index.usersByUpn.keys()]).toEqual(['alice@contoso.com', 'bob@contoso.com']);
  });
});
