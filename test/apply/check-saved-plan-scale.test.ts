import { describe, expect, it } from 'vitest';
import { checkSavedPlan } from '../../src/apply/check-saved-plan.js';
import { MemoryStore } from '../../src/stores/memory-store.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { desiredState, planFor } from './plan-helpers.js';

/**
 * `apply --plan` at the size of a real tenant: every check of a saved plan (consistency,
 * fingerprints, the re-derivation against the store) accepts a plan of thousands of
 * operations as made. Apart from check-saved-plan.test.ts because it takes seconds, which
 * mutation runs cannot spend on every mutant (vitest.mutation.config.ts); the rules it runs
 * at scale are pinned there and in test/plan's saved-plan tables.
 */
const user = (n: number): string => generatedId('0000a11c', n);
const { e3, e5, powerBi } = GENERATED_SKUS;

describe('checkSavedPlan at scale', () => {
  it('accepts a plan of thousands of operations as made', async () => {
    const users = 6000;
    // Every fifth generated user has no usage location, which would block the additions.
    const located = Array.from({ length: users }, (_, n) => n).filter((n) => n % 5 !== 4);
    const store = new MemoryStore(generateTenant({ users }), { requireLock: false });
    const desired = desiredState({
      users: Object.fromEntries(located.map((n) => [user(n), n % 3 === 0 ? [e5] : [e3]])),
      groups: { [generatedId('00009409', 1)]: [powerBi] },
      managed: [e3, e5, powerBi],
    });
    desired.settings.maxRemovals = users;
    const plan = structuredClone(await planFor(store, desired));
    expect(plan.checks.filter((c) => c.severity === 'error').map((c) => c.message)).toEqual([]);
    expect(plan.operations.length).toBeGreaterThan(4500);
    expect((await checkSavedPlan(plan, store, {})).kind).toBe('applicable');
  });
});
