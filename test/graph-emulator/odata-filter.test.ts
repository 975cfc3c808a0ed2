import { describe, expect, it } from 'vitest';
import { checkClauseLimit, checkFilter, findAdvancedProperty, USER_SCHEMA } from '../../emulator/filter-check.js';
import { evaluateFilter, planCandidates, type FilterIndex } from '../../emulator/filter-evaluate.js';
import { GraphError } from '../../emulator/graph-error.js';
import { parseFilter } from '../../emulator/odata-filter.js';

const SKU = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const alice = { id: 'a1', userPrincipalName: 'Alice@Contoso.com', accountEnabled: true, usageLocation: null, assignedLicenses: [{ skuId: SKU, disabledPlans: [] }] };
const bob = { id: 'b2', userPrincipalName: 'bob@contoso.com', accountEnabled: false, usageLocation: 'NL', assignedLicenses: [] };

describe('parseFilter and evaluateFilter', () => {
  it.each([
    [`assignedLicenses/any(x:x/skuId eq ${SKU})`, [true, false]],
    [`assignedLicenses/any(l: l/skuId eq ${SKU.toUpperCase()})`, [true, false]],
    ['assignedLicenses/any()', [true, false]],
    ['assignedLicenses/$count ne 0', [true, false]],
    ['assignedLicenses/$count eq 0', [false, true]],
    ["id in ('a1', 'zz')", [true, false]],
    ["userPrincipalName in ('ALICE@contoso.com','bob@contoso.com')", [true, true]],
    ["userPrincipalName eq 'alice@contoso.com'", [true, false]],
    ['usageLocation eq null', [true, false]],
    ["accountEnabled eq true and not(usageLocation eq 'NL')", [true, false]],
    ["(id eq 'x' or id eq 'b2') and accountEnabled eq false", [false, true]],
    ["startsWith(userPrincipalName, 'ali')", [true, false]],
    ["endsWith(userPrincipalName,'@contoso.com')", [true, true]],
    ["userPrincipalName eq 'o''brien@contoso.com'", [false, false]],
  ])('%s', (text, expected) => {
    const node = parseFilter(text);
    checkFilter(node, USER_SCHEMA);
    expect([evaluateFilter(node, alice), evaluateFilter(node, bob)]).toEqual(expected);
  });

  it.each(["id eq 'x", 'id eq', 'id foo 3', "id in ()", 'assignedLicenses/any(x:y/skuId eq 1)', ')('])('refuses %s as an invalid clause', (text) => {
    expect(() => parseFilter(text)).toThrow(GraphError);
  });

  it('type-checks properties and literals like Graph', () => {
    expect(() => checkFilter(parseFilter("shoeSize eq '42'"), USER_SCHEMA)).toThrow(/Could not find a property named 'shoeSize'/);
    expect(() => checkFilter(parseFilter(`assignedLicenses/any(x:x/skuId eq '${SKU}')`), USER_SCHEMA)).toThrow(/'Edm.Guid' and 'Edm.String'/);
    expect(() => checkFilter(parseFilter(`id eq ${SKU}`), USER_SCHEMA)).toThrow(/'Edm.String' and 'Edm.Guid'/);
  });

  it('allows at most 15 alternatives in an in list or an or chain', () => {
    const values = (n: number): string => Array.from({ length: n }, (_, i) => `'u${i}'`).join(',');
    expect(() => checkClauseLimit(parseFilter(`id in (${values(15)})`))).not.toThrow();
    expect(() => checkClauseLimit(parseFilter(`id in (${values(16)})`))).toThrow("Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.");
    const ors = Array.from({ length: 16 }, (_, i) => `id eq 'u${i}'`).join(' or ');
    expect(() => checkClauseLimit(parseFilter(`accountEnabled eq true and (${ors})`))).toThrow(/: 16\./);
  });

  it('names the property that makes a query advanced', () => {
    expect(findAdvancedProperty(parseFilter(`assignedLicenses/any(x:x/skuId eq ${SKU})`))).toBeNull();
    expect(findAdvancedProperty(parseFilter("userPrincipalName in ('a')"))).toBeNull();
    expect(findAdvancedProperty(parseFilter('assignedLicenses/$count ne 0'))).toBe('assignedLicenses');
    expect(findAdvancedProperty(parseFilter("usageLocation ne 'NL'"))).toBe('usageLocation');
    expect(findAdvancedProperty(parseFilter("not(accountEnabled eq true)"))).toBe('accountEnabled');
    expect(findAdvancedProperty(parseFilter("endsWith(userPrincipalName,'x')"))).toBe('userPrincipalName');
  });
});

describe('planCandidates', () => {
  const index: FilterIndex = {
    byId: (id) => (id === 'a1' || id === 'b2' ? id : undefined),
    byKey: (property, value) => (property === 'userPrincipalName' ? (value.toLowerCase() === 'bob@contoso.com' ? ['b2'] : []) : undefined),
    withSku: (skuId) => (skuId === SKU ? ['a1'] : []),
  };
  it.each([
    [`assignedLicenses/any(x:x/skuId eq ${SKU})`, ['a1']],
    ["id in ('a1','nope')", ['a1']],
    ["userPrincipalName eq 'BOB@contoso.com'", ['b2']],
    [`accountEnabled eq true and assignedLicenses/any(x:x/skuId eq ${SKU})`, ['a1']],
    ["id eq 'a1' or userPrincipalName eq 'bob@contoso.com'", ['a1', 'b2']],
    ['accountEnabled eq true', undefined],
    ["id eq 'a1' or accountEnabled eq true", undefined],
  ])('%s', (text, expected) => {
    expect(planCandidates(parseFilter(text), index)).toEqual(expected);
  });
});
