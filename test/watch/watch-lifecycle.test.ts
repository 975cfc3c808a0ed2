import { afterEach, describe, expect, it } from 'vitest';
import { directSkus, E3, E5, startHarness, type Harness } from './watch-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Carol's E5 ends in one hour; erin's E3 starts in two. The interval (a day) is far later. */
function datedConfig(startMs: number): string {
  const at = (ms: number): string => new Date(startMs + ms).toISOString();
  return `settings:
  managedSkus: [SPE_E3, SPE_E5]
users:
  alice@contoso.com: [{ sku: SPE_E3 }]
  bob@contoso.com: [{ sku: SPE_E3, disabledPlans: [SWAY] }]
  carol@contoso.com: [{ sku: SPE_E5, until: "${at(HOUR_MS)}" }]
  erin@contoso.com: [{ sku: SPE_E3, from: "${at(2 * HOUR_MS)}" }]
`;
}

describe('watch and dated license entries', () => {
  it('applies the end and the start of a dated entry at its time, not at the next interval', async () => {
    const startMs = Date.UTC(2026, 0, 1);
    harness = await startHarness({ apply: true, intervalMs: DAY_MS, files: { 'licenses/users.yaml': datedConfig(startMs) } });
    expect(harness.clock.now()).toBe(startMs);
    expect(harness.runs()).toMatchObject([{ trigger: 'startup', result: 'applied' }]);
    expect(directSkus(await harness.readTenant(), 'carol@contoso.com')).toEqual([E5]);
    expect(directSkus(await harness.readTenant(), 'erin@contoso.com')).toEqual([]);

    // The timer to the first boundary fires one hour later and removes carol's E5.
    await harness.clock.advance(HOUR_MS);
    await harness.settle();
    expect(harness.runs()).toHaveLength(2);
    expect(harness.runs().at(-1)).toMatchObject({ trigger: 'lifecycle', result: 'applied' });
    expect(directSkus(await harness.readTenant(), 'carol@contoso.com')).toEqual([]);
    expect(directSkus(await harness.readTenant(), 'erin@contoso.com')).toEqual([]);

    // Re-armed after that run: erin's E3 arrives at the second boundary.
    await harness.clock.advance(HOUR_MS);
    await harness.settle();
    expect(harness.runs()).toHaveLength(3);
    expect(harness.runs().at(-1)).toMatchObject({ trigger: 'lifecycle', result: 'applied' });
    expect(directSkus(await harness.readTenant(), 'erin@contoso.com')).toEqual([E3]);
    expect(harness.clock.now()).toBe(startMs + 2 * HOUR_MS);
  });
});
