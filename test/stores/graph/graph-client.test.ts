import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/model/store.js';
import { readBatch, sendBatch } from '../../../src/stores/graph/graph-batch.js';
import { readCollections, readCollectionsOrThrow } from '../../../src/stores/graph/read-collections.js';
import { sendJson, serveEachTest } from '../../support/local-http-server.js';
import { testClient } from './graph-test-kit.js';

const serve = serveEachTest();

const envelope = (code: string, message: string, requestId = 'req-1') => ({
  error: { code, message, innerError: { 'request-id': requestId, date: '2026-01-01T00:00:00' } },
});

describe('GraphClient reads', () => {
  it('follows @odata.nextLink until the last page and sends the bearer token', async () => {
    const local = await serve((request, response) => {
      const page = Number(new URL(request.url, 'http://x').searchParams.get('$skiptoken') ?? '0');
      const next = page < 2 ? { '@odata.nextLink': `${local.url}/v1.0/users?$top=999&$skiptoken=${page + 1}` } : {};
      sendJson(response, 200, { value: [{ id: `u${page}` }], ...next });
    });
    const { client } = testClient(local.url);
    const [users] = await readCollectionsOrThrow(client, [{ url: '/users?$top=999' }]);
    expect(users).toEqual([{ id: 'u0' }, { id: 'u1' }, { id: 'u2' }]);
    expect(local.requests.map((r) => r.url)).toEqual(['/v1.0/users?$top=999', '/v1.0/users?$top=999&$skiptoken=1', '/v1.0/users?$top=999&$skiptoken=2']);
    expect(local.requests[0]?.headers.authorization).toBe('Bearer secret-token-1');
  });

  it.each([
    ['fractional seconds', '2.128', 2128],
    ['whole seconds', '3', 3000],
    ['an HTTP date', 'Thu, 01 Jan 2026 00:00:07 GMT', 7000],
  ])('honours Retry-After given as %s on 429', async (_label, header, expectedMs) => {
    let calls = 0;
    const local = await serve((_request, response) => {
      calls += 1;
      if (calls === 1) sendJson(response, 429, envelope('TooManyRequests', 'Please retry again later.'), { 'Retry-After': header });
      else sendJson(response, 200, { id: 'org' });
    });
    const { client, sleeps } = testClient(local.url);
    await expect(client.read('/organization')).resolves.toEqual({ id: 'org' });
    expect(sleeps).toEqual([expectedMs]);
  });

  it('backs off exponentially with jitter on 503/504 without Retry-After, then gives up with a StoreError', async () => {
    const local = await serve((_request, response) => sendJson(response, 503, envelope('serviceNotAvailable', 'down', 'rid-503')));
    const { client, sleeps } = testClient(local.url, { maxRetries: 3, backoff: { baseMs: 100, maxMs: 300 } });
    const error = await client.read('/subscribedSkus').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ status: 503, code: 'serviceNotAvailable', requestId: 'rid-503' });
    // random() = 0.5 gives three quarters of each capped step: 100, 200, 300 (capped).
    expect(sleeps).toEqual([75, 150, 225]);
    expect(local.requests).toHaveLength(4);
  });

  it('retries a dropped connection and succeeds', async () => {
    let calls = 0;
    const local = await serve((_request, response, raw) => {
      calls += 1;
      if (calls === 1) raw.socket.destroy();
      else sendJson(response, 200, { value: [] });
    });
    const { client, sleeps, debug } = testClient(local.url);
    await expect(client.read('/users')).resolves.toEqual({ value: [] });
    expect(sleeps).toHaveLength(1);
    expect(debug.map((e) => [e.status, e.error])).toEqual([[0, 'NetworkError'], [200, undefined]]);
  });

  it('times a request out and reports code Timeout', async () => {
    const local = await serve(() => undefined); // never answers
    const { client } = testClient(local.url, { timeoutMs: 50, maxRetries: 0 });
    await expect(client.read('/organization')).rejects.toMatchObject({ name: 'StoreError', status: 0, code: 'Timeout' });
  });

  it('turns Graph error envelopes into StoreErrors without the token', async () => {
    const local = await serve((_request, response) =>
      sendJson(response, 403, envelope('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'rid-403'), {
        'request-id': 'rid-403',
      }),
    );
    const { client } = testClient(local.url);
    const error = (await client.read('/users/alice%40contoso.com').catch((e: unknown) => e)) as StoreError;
    expect(error).toMatchObject({ status: 403, code: 'Authorization_RequestDenied', requestId: 'rid-403' });
    expect(error.message).toContain('Insufficient privileges');
    expect(error.hint).toContain('doctor');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('secret-token');
  });

  it('refreshes the token once after a 401', async () => {
    const local = await serve((request, response) => {
      if (request.headers.authorization === 'Bearer secret-token-1') sendJson(response, 401, envelope('InvalidAuthenticationToken', 'expired'));
      else sendJson(response, 200, { ok: true });
    });
    const { client, tokens } = testClient(local.url);
    await expect(client.read('/organization')).resolves.toEqual({ ok: true });
    expect(tokens.invalidations).toBe(1);
    expect(local.requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret-token-1', 'Bearer secret-token-2']);
  });

  it('refuses to follow a nextLink to another host', async () => {
    const local = await serve((_request, response) => sendJson(response, 200, { value: [], '@odata.nextLink': 'https://evil.example/v1.0/users' }));
    const { client } = testClient(local.url);
    await expect(readCollections(client, [{ url: '/users' }])).rejects.toThrow(/outside/);
    expect(local.requests).toHaveLength(1);
  });

  it('re-sends a query Graph calls unsupported as an advanced query', async () => {
    const local = await serve((request, response) => {
      if (request.headers.consistencylevel === 'eventual') sendJson(response, 200, { value: [{ id: 'g1' }] });
      else sendJson(response, 400, envelope('Request_UnsupportedQuery', 'Unsupported query.'));
    });
    const { client } = testClient(local.url);
    const [groups] = await readCollectionsOrThrow(client, [{ url: "/groups?$filter=displayName%20eq%20'Sales'" }]);
    expect(groups).toEqual([{ id: 'g1' }]);
    expect(decodeURIComponent(local.requests[1]?.url ?? '')).toBe("/v1.0/groups?$filter=displayName eq 'Sales'&$count=true");
  });

  it('logs method, path, status, time and request id but never a header or token', async () => {
    const local = await serve((_request, response) => sendJson(response, 200, { value: [] }, { 'request-id': 'rid-9' }));
    const { client, debug } = testClient(local.url);
    await client.read('/users?$top=999&$skiptoken=abc');
    expect(debug).toEqual([{ method: 'GET', path: '/users?$top=999&$skiptoken=…', status: 200, ms: 0, requestId: 'rid-9', attempt: 0 }]);
    expect(JSON.stringify(debug)).not.toMatch(/secret-token|Bearer|authorization/i);
  });
});

describe('GraphClient $batch', () => {
  function batchServer(answer: (sub: { id: string; url: string }, call: number) => { status: number; headers?: Record<string, string>; body?: unknown }) {
    let call = 0;
    return serve((request, response) => {
      call += 1;
      const { requests } = JSON.parse(request.body) as { requests: { id: string; url: string }[] };
      // Graph does not promise any order: answer in reverse.
      const responses = requests.map((sub) => ({ id: sub.id, ...answer(sub, call) })).reverse();
      sendJson(response, 200, { responses });
    });
  }

  it('splits into batches of 20 with unique ids and aligns answers by id', async () => {
    const local = await batchServer((sub) => ({ status: 200, body: { url: sub.url } }));
    const { client } = testClient(local.url);
    const items = Array.from({ length: 25 }, (_, i) => ({ method: 'GET' as const, url: `/users/u${i}` }));
    const results = await readBatch(client, items);
    expect(results.map((r) => (r.body as { url: string }).url)).toEqual(items.map((i) => i.url));
    expect(local.requests).toHaveLength(2);
    const ids = (JSON.parse(local.requests[0]?.body ?? '{}') as { requests: { id: string }[] }).requests.map((r) => r.id);
    expect(new Set(ids).size).toBe(20);
  });

  it('retries throttled sub-requests after the longest per-item Retry-After', async () => {
    const local = await batchServer((sub, call) =>
      call === 1 && sub.url !== '/users/a' ? { status: 429, headers: { 'Retry-After': sub.url === '/users/b' ? '1.5' : '4' } } : { status: 200, body: { url: sub.url } },
    );
    const { client, sleeps } = testClient(local.url);
    const results = await readBatch(client, ['/users/a', '/users/b', '/users/c'].map((url) => ({ method: 'GET' as const, url })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(sleeps).toEqual([4000]);
    const second = JSON.parse(local.requests[1]?.body ?? '{}') as { requests: { url: string }[] };
    expect(second.requests.map((r) => r.url)).toEqual(['/users/b', '/users/c']);
  });

  it('sends one attempt for writes and reports a batch-level throttle as such', async () => {
    const local = await serve((_request, response) => sendJson(response, 429, envelope('TooManyRequests', 'slow down'), { 'Retry-After': '2' }));
    const { client, sleeps } = testClient(local.url);
    const outcome = await sendBatch(client, [{ method: 'POST', url: '/users/a/assignLicense', body: { addLicenses: [], removeLicenses: [] } }]);
    expect(outcome.ok).toBe(false);
    expect(local.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const sent = JSON.parse(local.requests[0]?.body ?? '{}') as { requests: { headers: Record<string, string> }[] };
    expect(sent.requests[0]?.headers['Content-Type']).toBe('application/json');
  });

  it('retries a sub-request answered 401 at once with a fresh token, like a single request', async () => {
    const local = await batchServer((sub, call) => (call === 1 && sub.url === '/users/b' ? { status: 401, body: envelope('InvalidAuthenticationToken', 'expired') } : { status: 200, body: { url: sub.url } }));
    const { client, sleeps, tokens } = testClient(local.url);
    const results = await readBatch(client, ['/users/a', '/users/b'].map((url) => ({ method: 'GET' as const, url })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(sleeps).toEqual([]);
    expect(tokens.invalidations).toBe(1);
    expect(local.requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret-token-1', 'Bearer secret-token-2']);
    expect((JSON.parse(local.requests[1]?.body ?? '{}') as { requests: { url: string }[] }).requests.map((r) => r.url)).toEqual(['/users/b']);
  });

  it('reads a batch failed as a whole with 424 by its items when it names them, and retries it when it does not', async () => {
    let call = 0;
    const local = await serve((request, response) => {
      call += 1;
      const { requests } = JSON.parse(request.body) as { requests: { id: string; url: string }[] };
      if (call === 1) {
        sendJson(response, 424, { responses: requests.map((sub) => ({ id: sub.id, status: sub.url === '/users/a' ? 200 : 429, headers: { 'Retry-After': '1' }, body: { url: sub.url } })) });
      } else if (call === 2) {
        sendJson(response, 424, envelope('FailedDependency', 'the batch failed'));
      } else {
        sendJson(response, 200, { responses: requests.map((sub) => ({ id: sub.id, status: 200, body: { url: sub.url } })) });
      }
    });
    const { client, sleeps } = testClient(local.url);
    const results = await readBatch(client, ['/users/a', '/users/b'].map((url) => ({ method: 'GET' as const, url })));
    expect(results.map((r) => (r.body as { url: string }).url)).toEqual(['/users/a', '/users/b']);
    // The named 429 waited its Retry-After; the anonymous 424 a backoff, like a 503.
    expect(sleeps[0]).toBe(1000);
    expect(local.requests).toHaveLength(3);
  });
});
