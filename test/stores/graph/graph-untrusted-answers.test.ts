import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/model/store.js';
import { applyAssignBatch } from '../../../src/stores/graph/apply-assign-batch.js';
import { createGraphAuth } from '../../../src/stores/graph/auth-setup.js';
import { resolveGraphCloud } from '../../../src/stores/graph/graph-cloud.js';
import { readCollectionsOrThrow } from '../../../src/stores/graph/read-collections.js';
import { sendJson, serveEachTest } from '../../support/local-http-server.js';
import { testClient } from './graph-test-kit.js';

/**
 * Graph's answers are untrusted input too: an endpoint that never answers, a body cut off
 * mid-way, a server that echoes the token back. Each ends in a message that says what
 * happened, and no secret value is ever in it.
 */
const serve = serveEachTest();

const frank = { principal: { kind: 'user' as const, id: '00000000-0000-4000-8000-000000000006' }, addLicenses: [{ skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', disabledPlans: [] }], removeLicenses: [] };

describe('a Graph endpoint that misbehaves', () => {
  it('accepts the connection and never answers: the error says what it waited for, after how many tries, and each retry is announced', async () => {
    const local = await serve(() => undefined);
    const notices: string[] = [];
    const { client } = testClient(local.url, { timeoutMs: 200, maxRetries: 2, notice: (message) => notices.push(message) });
    const error = await client.read('/subscribedSkus').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'Timeout', status: 0, message: 'Graph GET /subscribedSkus failed after 3 attempts: no answer within 0.2 s' });
    expect((error as StoreError).hint).toContain('accepted the connection but did not answer in time');
    expect(notices).toEqual([
      'Graph GET /subscribedSkus: no answer within 0.2 s; trying again (attempt 2 of 3).',
      'Graph GET /subscribedSkus: no answer within 0.2 s; trying again (attempt 3 of 3).',
    ]);
  });

  it('cuts a read off mid-body: reported as an answer cut short, never as an empty page', async () => {
    const local = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"value": [{"id": "u1", "userPrincipalName": "a@contoso.com"}, {"id": "u2", "userPrin');
    });
    const { client } = testClient(local.url, { maxRetries: 1 });
    const error = await readCollectionsOrThrow(client, [{ url: '/users?$top=999' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'InvalidResponse', message: expect.stringMatching(/^Graph GET \/users\?\$top=999 failed after 2 attempts: the answer was cut off or is not JSON \(\d+ bytes received\)$/) });
  });

  it('cuts a $batch of writes off mid-body: each item fails as an answer cut short (retryable), not as "503 MissingBatchResponse"', async () => {
    const local = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"responses": [{"id": "1", "status": 2');
    });
    const { client } = testClient(local.url);
    const [result] = await applyAssignBatch(client, [frank]);
    expect(result).toMatchObject({ ok: false, status: 0, code: 'InvalidResponse', message: expect.stringContaining('the answer was cut off or is not JSON') });
    expect(JSON.stringify(result)).not.toContain('MissingBatchResponse');
  });

  it('redacts the token by value wherever a server echoes it, with or without a Bearer prefix', async () => {
    const local = await serve((request, response) => {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (request.url.includes('$batch')) {
        sendJson(response, 200, { responses: [{ id: '1', status: 400, body: { error: { code: 'Request_BadRequest', message: `token ${token} is not allowed here` } } }] });
      } else {
        sendJson(response, 403, { error: { code: 'Authorization_RequestDenied', message: `Access denied for ${token}.` } });
      }
    });
    const { client } = testClient(local.url);
    const readError = (await client.read('/subscribedSkus').catch((e: unknown) => e)) as StoreError;
    expect(readError.message).toBe('Graph GET /subscribedSkus failed: 403 Authorization_RequestDenied: Access denied for [redacted].');
    const [write] = await applyAssignBatch(client, [frank]);
    expect(write).toMatchObject({ ok: false, message: 'token [redacted] is not allowed here' });
    expect(JSON.stringify([readError.message, readError.stack, write])).not.toContain('secret-token-1');
  });
});

describe('signing in when the sign-in endpoint cannot be reached', () => {
  it('says the endpoint could not be reached instead of reporting HTTP 401, and never shows the secret', async () => {
    const auth = createGraphAuth({
      env: { AZURE_TENANT_ID: 'contoso', AZURE_CLIENT_ID: 'app-1', AZURE_CLIENT_SECRET: 'a-client-secret-value-42' },
      endpoints: resolveGraphCloud('global'),
      authorityHost: 'https://127.0.0.1:9',
      identityOptions: { disableInstanceDiscovery: true },
    });
    if (!auth.ok) throw new Error(auth.message);
    const error = (await auth.tokens.getToken().catch((e: unknown) => e)) as StoreError;
    expect(error).toBeInstanceOf(StoreError);
    expect(error.status).toBe(0);
    expect(error.code).toBe('SignInUnreachable');
    expect(error.message).toContain('the sign-in endpoint https://127.0.0.1:9 could not be reached');
    expect(error.message).toContain('The credential itself was not checked.');
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain('a-client-secret-value-42');
  }, 60_000);
});
