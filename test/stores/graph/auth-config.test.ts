import { describe, expect, it } from 'vitest';
import { selectAuthConfig } from '../../../src/stores/graph/auth-config.js';

const app = { AZURE_TENANT_ID: 'tenant-1', AZURE_CLIENT_ID: 'client-1' };
const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/token?api-version=2.0', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'gh-request-token' };

describe('selectAuthConfig', () => {
  it.each([
    ['a bearer token wins over everything', { SKUFORM_GRAPH_TOKEN: 'tok', AZURE_CLIENT_SECRET: 's', ...app, ...oidc }, 'token'],
    ['a client secret wins over a certificate and OIDC', { AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', ...app, ...oidc }, 'secret'],
    ['a certificate wins over OIDC', { AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', ...app, ...oidc }, 'certificate'],
    ['GitHub OIDC when the runtime offers ID tokens', { ...app, ...oidc }, 'github-oidc'],
    ['Azure workload identity when its token file is set, before a managed identity', { ...app, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token', IDENTITY_ENDPOINT: 'http://169.254.169.254' }, 'workload-identity'],
    ['SKUFORM_AUTH=workload-identity', { ...app, SKUFORM_AUTH: 'workload-identity', AZURE_FEDERATED_TOKEN_FILE: '/t' }, 'workload-identity'],
    ['managed identity when its endpoint is present', { IDENTITY_ENDPOINT: 'http://169.254.169.254', ...app }, 'managed-identity'],
    ['legacy MSI endpoint too', { MSI_ENDPOINT: 'http://localhost:50342' }, 'managed-identity'],
    ['Azure CLI otherwise', { ...app }, 'azure-cli'],
    ['Azure CLI with an empty environment', {}, 'azure-cli'],
    ['SKUFORM_AUTH forces a method', { SKUFORM_AUTH: 'azure-cli', AZURE_CLIENT_SECRET: 's', ...app }, 'azure-cli'],
    ['SKUFORM_AUTH is case-insensitive', { SKUFORM_AUTH: 'Managed-Identity' }, 'managed-identity'],
    ['blank values count as unset', { SKUFORM_GRAPH_TOKEN: '  ', ...app }, 'azure-cli'],
  ])('%s', (_label, env, method) => {
    const selection = selectAuthConfig(env);
    expect(selection.ok && selection.config.method).toBe(method);
  });

  it.each([
    ['secret without ids', { AZURE_CLIENT_SECRET: 's' }, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']],
    ['certificate without tenant', { AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', AZURE_CLIENT_ID: 'c' }, ['AZURE_TENANT_ID']],
    ['OIDC without the app', { ...oidc }, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']],
    ['forced OIDC outside Actions', { SKUFORM_AUTH: 'github-oidc', ...app }, ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']],
    ['forced token without one', { SKUFORM_AUTH: 'token' }, ['SKUFORM_GRAPH_TOKEN']],
    ['workload identity without the app (no webhook ran)', { AZURE_FEDERATED_TOKEN_FILE: '/t' }, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']],
  ])('names exactly the missing variables: %s', (_label, env, missing) => {
    const selection = selectAuthConfig(env);
    expect(selection.ok).toBe(false);
    if (selection.ok) return;
    expect(selection.missing).toEqual(missing);
    for (const name of missing) expect(selection.message).toContain(name);
  });

  it('explains the id-token permission when the request token is missing', () => {
    const selection = selectAuthConfig({ ...app, ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/t' });
    expect(selection).toMatchObject({ ok: false, missing: ['ACTIONS_ID_TOKEN_REQUEST_TOKEN'] });
    expect(!selection.ok && selection.message).toContain('id-token: write');
  });

  it('rejects an unknown forced method, listing the valid ones', () => {
    const selection = selectAuthConfig({ SKUFORM_AUTH: 'password' });
    expect(selection.ok).toBe(false);
    expect(!selection.ok && selection.message).toContain('secret, certificate, github-oidc, workload-identity, managed-identity, azure-cli');
  });

  it('keeps the certificate password optional and passes it on', () => {
    const selection = selectAuthConfig({ ...app, AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw' });
    expect(selection.ok && selection.config).toEqual({ method: 'certificate', tenantId: 'tenant-1', clientId: 'client-1', certificatePath: '/c.pem', certificatePassword: 'pw' });
  });
});
