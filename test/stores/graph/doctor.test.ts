import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFederatedTokenFile } from '../../../src/stores/graph/doctor-federated-token.js';
import { runGraphDoctor, type DoctorReport } from '../../../src/stores/graph/doctor.js';
import { makeTestJwt } from '../../support/entra-token-standin.js';
import { createTestToken } from '../../../emulator/access-token.js';
import { contractTenant, TENANT_ID } from '../../support/contract-tenant.js';
import { APPLY_ROLES, PLAN_ROLES, startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const running: EmulatedGraph[] = [];
afterEach(async () => {
  for (const graph of running.splice(0)) await graph.stop();
});

async function doctorWith(roles: string[] | null): Promise<DoctorReport> {
  const graph = await startEmulatedGraph(contractTenant());
  running.push(graph);
  const options = roles === null ? { ...graph.options(), env: { SKUFORM_GRAPH_TOKEN: 'opaque-emulator-token' } } : graph.options(roles);
  return runGraphDoctor(options);
}

const statusOf = (report: DoctorReport, id: string) => report.checks.find((check) => check.id === id)?.status;
const detailOf = (report: DoctorReport, id: string) => report.checks.find((check) => check.id === id)?.detail ?? '';

describe('runGraphDoctor against the emulator', () => {
  it('passes everything for an app that may plan and apply, and reads sign-ins for the inactive report', async () => {
    const report = await doctorWith([...APPLY_ROLES, 'AuditLog.Read.All']);
    expect(report).toMatchObject({ canPlan: true, canApply: true, authMethod: 'token', tenantId: TENANT_ID, cloud: 'global' });
    expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
    expect(detailOf(report, 'reach-organization')).toContain('Contoso (contoso.onmicrosoft.com');
    expect(detailOf(report, 'reach-skus')).toBe('4 subscribed SKUs');
    expect(detailOf(report, 'sign-in')).toContain(`app-only token for app skuform-test in tenant ${TENANT_ID}`);
  });

  it('only warns, for report inactive, when AuditLog.Read.All is missing: plan and apply do not need it', async () => {
    const report = await doctorWith(APPLY_ROLES);
    expect(report).toMatchObject({ canPlan: true, canApply: true });
    expect(report.checks.filter((check) => check.status !== 'pass').map((check) => [check.id, check.status])).toEqual([['permission-read-sign-in-activity', 'warn']]);
    expect(detailOf(report, 'permission-read-sign-in-activity')).toMatch(/^missing AuditLog\.Read\.All .*report inactive.*; plan and apply work/);
  });

  it('says a least-privilege plan app can plan but not apply, naming the write permission', async () => {
    const report = await doctorWith(PLAN_ROLES);
    expect(report).toMatchObject({ canPlan: true, canApply: false });
    expect(statusOf(report, 'permission-assign-user-licenses')).toBe('warn');
    expect(detailOf(report, 'permission-assign-user-licenses')).toMatch(/^missing LicenseAssignment\.ReadWrite\.All .*assign, change and remove licenses of users/);
    // Without Organization.Read.All the organization read is refused: a warning, not a failure.
    expect(statusOf(report, 'permission-read-organization')).toBe('warn');
    expect(statusOf(report, 'reach-organization')).toBe('warn');
  });

  it('fails plan when User.Read.All is missing, and says what it is for', async () => {
    const report = await doctorWith(['GroupMember.Read.All', 'LicenseAssignment.ReadWrite.All']);
    expect(report).toMatchObject({ canPlan: false, canApply: false });
    expect(statusOf(report, 'permission-read-users')).toBe('fail');
    expect(detailOf(report, 'permission-read-users')).toContain("missing User.Read.All (the token's roles claim has none of User.Read.All, User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All): needed to read users and their licenses");
    expect(statusOf(report, 'reach-users')).toBe('fail');
    expect(detailOf(report, 'reach-users')).toContain('403 Authorization_RequestDenied');
    expect(statusOf(report, 'permission-read-skus')).toBe('pass');
    expect(detailOf(report, 'permission-read-skus')).toBe('granted by LicenseAssignment.ReadWrite.All');
  });

  it('reads delegated scopes and mentions the admin role', async () => {
    const graph = await startEmulatedGraph(contractTenant());
    running.push(graph);
    const token = createTestToken({ scp: 'User.Read.All GroupMember.Read.All LicenseAssignment.ReadWrite.All', tid: TENANT_ID });
    const report = await runGraphDoctor({ ...graph.options(), env: { SKUFORM_GRAPH_TOKEN: token } });
    expect(report.canApply).toBe(true);
    expect(detailOf(report, 'sign-in')).toMatch(/^delegated token/);
    expect(detailOf(report, 'permission-delegated-role')).toContain('License Administrator');
  });

  it('relies on the reads when the token is opaque', async () => {
    const report = await doctorWith(null);
    expect(statusOf(report, 'permissions')).toBe('info');
    expect(report.canPlan).toBe(true);
  });

  it('names the missing variables when no sign-in can be configured', async () => {
    const report = await runGraphDoctor({ env: { AZURE_CLIENT_SECRET: 'super-secret-value' } });
    expect(report.canPlan).toBe(false);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: 'sign-in-config', status: 'fail' });
    expect(report.checks[0]?.detail).toContain('AZURE_TENANT_ID, AZURE_CLIENT_ID');
    expect(JSON.stringify(report)).not.toContain('super-secret-value');
  });

  it('reports a failed sign-in and stops there', async () => {
    const report = await runGraphDoctor({
      env: { SKUFORM_AUTH: 'github-oidc', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/none', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-xyz' },
      graphUrl: 'http://127.0.0.1:9',
      identityOptions: { disableInstanceDiscovery: true },
      authorityHost: 'https://127.0.0.1:9',
    });
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([['sign-in-config', 'pass'], ['sign-in', 'fail']]);
    expect(JSON.stringify(report)).not.toContain('request-token-xyz');
  });
});

describe('doctor with Azure workload identity', () => {
  const jwt = (claims: Record<string, unknown>): string => makeTestJwt(claims);
  const NOW = Date.parse('2026-06-01T12:00:00Z');

  async function tokenFile(content: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'skuform-doctor-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'azure-identity-token');
    await writeFile(file, content);
    return file;
  }
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it.each([
    ['a projected token for the exchange audience', { aud: ['api://AzureADTokenExchange'], sub: 'system:serviceaccount:skuform-contoso:skuform-watch', exp: NOW / 1000 + 3600 }, 'pass', /token for system:serviceaccount:skuform-contoso:skuform-watch, audience api:\/\/AzureADTokenExchange, expires 2026-06-01T13:00:00.000Z$/],
    ['a plain service-account token', { aud: 'https://kubernetes.default.svc', sub: 'system:serviceaccount:a:b' }, 'fail', /audience https:\/\/kubernetes\.default\.svc$/],
    ['an expired token', { aud: 'api://AzureADTokenExchange', sub: 's', exp: NOW / 1000 - 60 }, 'warn', /\(expired\)$/],
  ])('says what the token file holds: %s', async (_label, claims, status, detail) => {
    const verdict = await checkFederatedTokenFile(await tokenFile(jwt(claims)), NOW);
    expect(verdict.status).toBe(status);
    expect(verdict.detail).toMatch(detail);
    expect(verdict.detail).not.toContain(jwt(claims));
  });

  it('fails with a hint when the file is missing or not a token', async () => {
    expect(await checkFederatedTokenFile('/nonexistent/token', NOW)).toMatchObject({ status: 'fail', detail: expect.stringContaining('ENOENT'), hint: expect.stringContaining('azure.workload.identity/use') });
    expect(await checkFederatedTokenFile(await tokenFile('not a jwt'), NOW)).toMatchObject({ status: 'fail', detail: expect.stringContaining('does not hold a JWT') });
  });

  it('adds the token file check to the report when workload identity is the sign-in method', async () => {
    const file = await tokenFile(jwt({ aud: ['api://AzureADTokenExchange'], sub: 'system:serviceaccount:ns:sa' }));
    const report = await runGraphDoctor({ env: { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_FEDERATED_TOKEN_FILE: file }, graphUrl: 'http://127.0.0.1:9', identityOptions: { disableInstanceDiscovery: true }, authorityHost: 'https://127.0.0.1:9' });
    expect(report.authMethod).toBe('workload-identity');
    expect(report.checks.slice(0, 2).map((check) => [check.id, check.status])).toEqual([['sign-in-config', 'pass'], ['federated-token', 'pass']]);
    expect(report.checks[0]?.detail).toBe('Azure workload identity (a federated token file) (AZURE_FEDERATED_TOKEN_FILE is set)');
  });
});
