import { afterEach, describe, expect, it } from 'vitest';
import { openStore, parseStoreSpec } from '../../../src/stores/open-store.js';
import { contractTenant, TENANT_ID } from '../../support/contract-tenant.js';
import { startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const running: EmulatedGraph[] = [];
afterEach(async () => {
  for (const graph of running.splice(0)) await graph.stop();
});

describe('openStore for Microsoft Graph', () => {
  it.each([
    ['graph', { kind: 'graph' }],
    ['Graph', { kind: 'graph' }],
    ['graph:http://127.0.0.1:8080/', { kind: 'graph', graphUrl: 'http://127.0.0.1:8080' }],
  ])('parses %j', (spec, expected) => {
    expect(parseStoreSpec(spec, '/')).toEqual(expected);
  });

  it.each(['graph:', 'graph:ftp://example.com', 'graph:not a url'])('refuses %j', (spec) => {
    expect(() => parseStoreSpec(spec, '/')).toThrow(/http\(s\) URL/);
  });

  it('opens a Graph store on the URL of graph:URL with the given sign-in settings', async () => {
    const graph = await startEmulatedGraph(contractTenant());
    running.push(graph);
    const store = await openStore(`graph:${graph.emulator.url}`, { baseDir: '/', graph: { ...graph.options(), graphUrl: 'http://127.0.0.1:9' } });
    expect(store.location).toBe(`graph (${graph.emulator.url})`);
    expect(store).toMatchObject({ maxBatchSize: 20, pacedWrites: true });
    expect((await store.readOverview()).tenant.id).toBe(TENANT_ID);
  });

  it('needs sign-in settings for graph', async () => {
    await expect(openStore('graph', { baseDir: '/' })).rejects.toMatchObject({ name: 'StoreError', code: 'InvalidStore' });
  });

  it('names the missing variables when sign-in cannot be configured', async () => {
    await expect(openStore('graph', { baseDir: '/', graph: { env: { AZURE_CLIENT_SECRET: 'x-secret-value' } } })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'AuthConfiguration',
      message: expect.stringContaining('AZURE_TENANT_ID, AZURE_CLIENT_ID'),
    });
  });
});
