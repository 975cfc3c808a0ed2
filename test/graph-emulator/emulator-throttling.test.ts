import { afterEach, describe, expect, it } from 'vitest';
import { createTestToken } from '../../emulator/access-token.js';
import { call, E3, E5, FakeClock, startSmall } from './emulator-test-kit.js';
import type { GraphEmulator } from '../../emulator/start-graph-emulator.js';

const body = (skuId = E5) => ({ addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] });
const write = (emulator: GraphEmulator, upn = 'bob@contoso.com', token?: string) => call(emulator, `/v1.0/users/${upn}/assignLicense`, { body: body(), token });

describe('emulator write quota', () => {
  let emulator: GraphEmulator;
  afterEach(() => emulator.stop());

  it('answers 429 with a fractional Retry-After and Graph\'s throttle headers once the quota is used', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, writeQuota: { limit: 3, windowSeconds: 10 } });
    const start = clock.now();
    const first = await write(emulator);
    expect(first.headers.get('x-ms-throttle-limit-percentage')).toBeNull();
    clock.time = start + 250;
    await write(emulator);
    clock.time = start + 500;
    const third = await write(emulator);
    expect(third.status).toBe(200);
    expect(third.headers.get('x-ms-throttle-limit-percentage')).toBe('1.0');
    clock.time = start + 877;
    const throttled = await write(emulator);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('9.123');
    expect(throttled.headers.get('x-ms-throttle-scope')).toBe(`Tenant_Application/Write/skuform-emulator/${emulator.state.tenant.id}`);
    expect(throttled.headers.get('x-ms-throttle-information')).toBe('WriteLimitExceeded');
    expect(throttled.body.error).toMatchObject({ code: 'TooManyRequests', message: 'Please retry again later.', innerError: { code: '429', status: '429' } });
    // Waiting exactly Retry-After frees a slot; a millisecond earlier does not.
    clock.time = start + 877 + 9_123 - 1;
    expect((await write(emulator)).status).toBe(429);
    clock.time = start + 877 + 9_123;
    expect((await write(emulator)).status).toBe(200);
    expect(emulator.stats.throttled).toBe(2);
    expect(emulator.stats.writes).toBe(4);
  });

  it('frees the whole quota at the window boundary in tumbling mode', async () => {
    const clock = new FakeClock(60_000_000);
    emulator = await startSmall({ clock, writeQuota: { limit: 1, windowSeconds: 5, mode: 'tumbling' } });
    clock.advance(1_500);
    expect((await write(emulator)).status).toBe(200);
    const throttled = await write(emulator);
    expect(throttled.headers.get('retry-after')).toBe('3.500');
    clock.advance(3_500);
    expect((await write(emulator)).status).toBe(200);
  });

  it('as a token bucket: lets a burst through, then one write per refill, with the exact wait', async () => {
    const clock = new FakeClock(60_000_000);
    emulator = await startSmall({ clock, writeQuota: { limit: 10, windowSeconds: 1, mode: 'token-bucket', burst: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await write(emulator)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    clock.advance(40);
    const throttled = await write(emulator);
    // 10 per second: the next token is 100 ms after the bucket ran dry, 60 ms from now.
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('0.060');
    clock.advance(60);
    expect((await write(emulator)).status).toBe(200);
    expect((await write(emulator)).status).toBe(429);
    // A quiet second refills it to the burst, never beyond.
    clock.advance(5_000);
    const after: number[] = [];
    for (let i = 0; i < 6; i++) after.push((await write(emulator)).status);
    expect(after).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('keeps one quota per application and leaves reads alone', async () => {
    emulator = await startSmall({ writeQuota: { limit: 1, windowSeconds: 60 } });
    const appA = createTestToken({ appid: 'app-a' });
    const appB = createTestToken({ appid: 'app-b' });
    expect((await write(emulator, 'bob@contoso.com', appA)).status).toBe(200);
    expect((await write(emulator, 'alice@contoso.com', appA)).status).toBe(429);
    expect((await write(emulator, 'alice@contoso.com', appB)).status).toBe(200);
    expect((await call(emulator, '/v1.0/users', { token: appA })).status).toBe(200);
  });

  it('succeeds after really waiting the Retry-After it was given', async () => {
    emulator = await startSmall({ writeQuota: { limit: 1, windowSeconds: 0.3 } });
    expect((await write(emulator)).status).toBe(200);
    const throttled = await write(emulator, 'alice@contoso.com');
    expect(throttled.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(throttled.headers.get('retry-after')) * 1000));
    expect((await write(emulator, 'alice@contoso.com')).status).toBe(200);
  });

  it('can also limit resource units, charging each request Graph\'s cost', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, resourceUnitQuota: { limit: 5, windowSeconds: 10 } });
    const first = await call(emulator, '/v1.0/users');
    expect(first.headers.get('x-ms-resource-unit')).toBe('2');
    clock.advance(1_000);
    await call(emulator, '/v1.0/users');
    const over = await call(emulator, '/v1.0/users');
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ms-throttle-information')).toBe('ResourceUnitLimitExceeded');
    expect(over.headers.get('x-ms-throttle-scope')).toMatch(/^Tenant_Application\/ReadWrite\//);
    expect(over.headers.get('retry-after')).toBe('9.000');
    const cheap = await call(emulator, '/v1.0/users?$select=id');
    expect(cheap.status).toBe(200);
    expect(cheap.headers.get('x-ms-resource-unit')).toBe('1');
  });

  it('counts admitted writes per second', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock });
    await write(emulator);
    clock.advance(2_100);
    await write(emulator, 'alice@contoso.com');
    await write(emulator, 'carol@contoso.com');
    expect(emulator.stats.writeTimeline).toEqual([1, 0, 2]);
  });
});

describe('emulator fault injection', () => {
  let emulator: GraphEmulator;
  afterEach(() => emulator.stop());

  async function statusSequence(seed: number): Promise<number[]> {
    const instance = await startSmall({ faults: { rate: 0.4, seed, dropConnections: false } });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await call(instance, '/v1.0/subscribedSkus')).status);
    await instance.stop();
    return statuses;
  }

  it('fails a seeded, reproducible share of requests with the configured statuses', async () => {
    emulator = await startSmall();
    const first = await statusSequence(42);
    expect(await statusSequence(42)).toEqual(first);
    expect(await statusSequence(43)).not.toEqual(first);
    const failures = first.filter((status) => status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(30);
    for (const status of failures) expect([429, 500, 502, 503, 504]).toContain(status);
  });

  it('sends Retry-After with injected 429s and fails writes without applying them', async () => {
    emulator = await startSmall({ faults: { rate: 1, statuses: [429], seed: 1, retryAfterSeconds: 2 } });
    const response = await write(emulator);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(emulator.state.users.find((u) => u.userPrincipalName === 'bob@contoso.com')?.assignedLicenses).toEqual([]);
    expect(emulator.stats.faults['429']).toBe(1);
    emulator.setFaults(null);
    expect((await write(emulator)).status).toBe(200);
  });

  it('drops connections before a write is applied', async () => {
    emulator = await startSmall({ faults: { rate: 1, statuses: [], seed: 3 } });
    await expect(write(emulator)).rejects.toThrow();
    expect(emulator.stats.faults.drop).toBe(1);
    emulator.setFaults(null);
    const read = await call(emulator, '/v1.0/users/bob@contoso.com?$select=assignedLicenses');
    expect(read.body.assignedLicenses).toEqual([]);
  });

  it('can apply a write and then lose the response', async () => {
    emulator = await startSmall({ faults: { rate: 1, statuses: [], dropConnections: false, lostResponses: true, seed: 5 } });
    await expect(write(emulator)).rejects.toThrow();
    expect((await call(emulator, '/v1.0/subscribedSkus')).status).toBe(200);
    expect(emulator.state.users.find((u) => u.userPrincipalName === 'bob@contoso.com')?.assignedLicenses).toEqual([{ skuId: E5, disabledPlans: [] }]);
    expect(emulator.stats.faults.lost).toBe(1);
  });

  it('adds latency to every request', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, latency: 50 });
    const before = clock.now();
    await call(emulator, '/v1.0/users');
    await call(emulator, `/v1.0/users?$filter=assignedLicenses/any(x:x/skuId eq ${E3})`);
    expect(clock.now() - before).toBe(100);
  });
});
