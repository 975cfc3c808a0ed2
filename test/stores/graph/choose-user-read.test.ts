import { describe, expect, it } from 'vitest';
import { chooseUserRead } from '../../../src/stores/graph/choose-user-read.js';

describe('chooseUserRead', () => {
  it.each([
    // lookups: `in` filters (20 to a $batch); holders: users per walked SKU; pageSize: users to a page
    { name: '40 users of 20,000', lookups: 3, holders: [], tenantUsers: 20_000, pageSize: 999, way: 'lookup' },
    { name: 'every user of 100,000', lookups: 6_667, holders: [], tenantUsers: 100_000, pageSize: 999, way: 'scan' },
    { name: 'as many requests either way', lookups: 40, holders: [], tenantUsers: 1_998, pageSize: 999, way: 'lookup' },
    { name: 'one request fewer by scanning', lookups: 41, holders: [], tenantUsers: 1_998, pageSize: 999, way: 'scan' },
    { name: 'holders of two SKUs overlapping into more pages than the tenant', lookups: 0, holders: [900, 900], tenantUsers: 999, pageSize: 999, way: 'scan' },
    { name: 'holders of one SKU, a page', lookups: 0, holders: [900], tenantUsers: 1_000, pageSize: 999, way: 'lookup' },
    { name: 'sign-in pages of 500 double the walks', lookups: 0, holders: [600, 600], tenantUsers: 1_400, pageSize: 500, way: 'scan' },
  ])('$name: $way', ({ lookups, holders, tenantUsers, pageSize, way }) => {
    expect(chooseUserRead({ lookups, holders, tenantUsers, pageSize })).toBe(way);
  });
});
