import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operation, Plan } from '../../src/model/plan.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { fingerprintUser } from '../../src/plan/fingerprint.js';
import { copyExamples, runCli } from '../support/run-cli.js';

/**
 * A saved plan crosses a trust boundary (made in one CI job, carried as an artifact, applied
 * in another), so `apply --plan` treats it as input: each edit below, seen in the wild or
 * made by hand, is refused and leaves the tenant file byte-identical.
 */
const KEY = 'k'.repeat(16) + '0123456789abcdef0123456789abcdef';

describe('apply --plan checks the saved plan instead of trusting it', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const tenantPath = (): string => join(dir, 'examples', 'tenant.json');
  const planPath = (): string => join(dir, 'plan.json');

  beforeEach(async () => {
    ({ dir, cleanup } = await copyExamples());
  });
  afterEach(async () => {
    await cleanup();
  });

  async function makePlan(config = 'examples/licenses', extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Plan> {
    const run = await runCli(['plan', config, '--out', planPath(), ...extra], { cwd: dir, env });
    expect([0, 3]).toContain(run.code);
    return JSON.parse(await readFile(planPath(), 'utf8')) as Plan;
  }

  async function save(plan: unknown): Promise<void> {
    await writeFile(planPath(), `${JSON.stringify(plan, null, 2)}\n`);
  }

  /** Applies the saved plan and checks the exit code and that the tenant file did not change. */
  async function applyRefused(code: number, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const before = await readFile(tenantPath());
    const run = await runCli(['apply', '--plan', planPath(), '--auto-approve', ...args], { cwd: dir, env });
    expect(run.stderr).not.toContain('looks like a bug');
    expect(run.code, run.stderr).toBe(code);
    expect(await readFile(tenantPath())).toEqual(before);
    return `${run.stdout}${run.stderr}`;
  }

  function operationWith(plan: Plan, predicate: (op: Operation) => boolean): Operation {
    const op = plan.operations.find(predicate);
    if (op === undefined) throw new Error('no such operation in the example plan');
    return op;
  }

  const skuId = (plan: Plan, part: string): string => {
    const sku = plan.settings.managedSkus.find((s) => s.skuPartNumber === part);
    if (sku === undefined) throw new Error(part);
    return sku.skuId;
  };

  it('refuses a request that assigns SPE_E5 while the change shown says SPE_E3', async () => {
    const plan = await makePlan();
    const op = operationWith(plan, (o) => o.changes.some((c) => c.action === 'assign' && c.sku.skuPartNumber === 'SPE_E3'));
    const add = op.request.addLicenses.find((l) => l.skuId === skuId(plan, 'SPE_E3'));
    if (add === undefined) throw new Error('no SPE_E3 in the request');
    add.skuId = skuId(plan, 'SPE_E5');
    add.disabledPlans = [];
    await save(plan);
    const out = await applyRefused(1);
    expect(out).toContain(`user ${op.principal.name}: the request it would send differs from the changes it shows`);
  });

  it('refuses a removal of a SKU the plan does not manage', async () => {
    const plan = await makePlan();
    const op = operationWith(plan, (o) => o.changes.some((c) => c.action === 'remove'));
    op.request.removeLicenses.push('f30db892-07e9-47e9-837c-80727f46fd3d');
    await save(plan);
    const out = await applyRefused(1);
    expect(out).toContain("the request touches f30db892-07e9-47e9-837c-80727f46fd3d, which is not one of the plan's managed SKUs");
  });

  it('never applies a plan that was blocked, even with blocked: false and its error checks deleted', async () => {
    const plan = await makePlan('examples/scenarios/emptied-config.yaml');
    expect(plan.blocked).toBe(true);
    const edited = { ...plan, blocked: false, checks: plan.checks.filter((c) => c.severity !== 'error'), summary: { ...plan.summary, errors: 0 } };
    await save(edited);
    const out = await applyRefused(3);
    expect(out).toContain('would remove every managed license');
    expect(out).toContain('more than the limit of 50');
    expect(out).toContain('recomputed against');
  });

  it('honours --max-removals on apply --plan as the stricter limit', async () => {
    const plan = await makePlan();
    expect(plan.summary.removals).toBe(4);
    const out = await applyRefused(3, ['--max-removals', '2']);
    expect(out).toContain('the plan removes 4 licenses, more than the limit of 2');
    // A looser limit on the command line does not loosen the plan's own.
    const run = await runCli(['apply', '--plan', planPath(), '--auto-approve', '--max-removals', '500'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
  });

  it('refuses an operation pointed at another user, even with its fingerprint recomputed', async () => {
    const plan = await makePlan();
    const doc = JSON.parse(await readFile(tenantPath(), 'utf8')) as TenantDocument;
    const op = operationWith(plan, (o) => o.principal.kind === 'user' && o.changes.every((c) => c.action === 'assign'));
    const planned = new Set(plan.operations.map((o) => o.principal.id));
    const victim = doc.users.find((u) => !planned.has(u.id));
    if (victim === undefined) throw new Error('example user missing');
    const managed = new Set(plan.settings.managedSkus.map((s) => s.skuId));
    delete plan.fingerprints.principals[op.id];
    op.principal.id = victim.id;
    op.id = `user:${victim.id}`;
    op.fingerprint = fingerprintUser(victim, managed);
    plan.fingerprints.principals[op.id] = op.fingerprint;
    await save(plan);
    const out = await applyRefused(4);
    expect(out).toContain(`user id ${victim.id} is ${victim.userPrincipalName} in the tenant, but the plan shows ${op.principal.name}`);
  });

  it('refuses changes shown against a state the principal is not in (an assignment passed off as an update)', async () => {
    const plan = await makePlan();
    const op = operationWith(plan, (o) => o.principal.kind === 'user' && o.changes.length === 1 && o.changes[0]?.action === 'assign');
    const change = op.changes[0];
    if (change?.after === null || change === undefined) throw new Error('assignment expected');
    change.action = 'update';
    change.before = { disabledPlans: [{ servicePlanId: 'a23b959c-7ce8-4e57-9140-b90eb88a9e97', servicePlanName: 'SWAY' }] };
    change.plansEnabled = change.after.disabledPlans.some((p) => p.servicePlanName === 'SWAY') ? [] : [{ servicePlanId: 'a23b959c-7ce8-4e57-9140-b90eb88a9e97', servicePlanName: 'SWAY' }];
    change.plansDisabled = change.after.disabledPlans.filter((p) => p.servicePlanName !== 'SWAY');
    op.phase = 'update';
    plan.summary.assign -= 1;
    plan.summary.update += 1;
    await save(plan);
    const out = await applyRefused(1);
    expect(out).toContain(`user ${op.principal.name}: the plan shows update`);
    expect(out).toContain('but the tenant needs assign');
  });

  it('refuses config paths next to --plan instead of ignoring them', async () => {
    await makePlan();
    const out = await applyRefused(1, ['examples/licenses']);
    expect(out).toContain('apply --plan applies the saved plan as it is and reads no config');
  });

  it('bounds and checks the shape of what it reads', async () => {
    await writeFile(planPath(), '{"formatVersion": 1, "operations": [');
    expect(await applyRefused(1)).toMatch(/plan\.json:1:\d+: not valid JSON/);
    await writeFile(planPath(), JSON.stringify({ formatVersion: 1, operations: 'all of them' }));
    expect(await applyRefused(1)).toContain('is not a skuform plan');
    // A sparse file: 300 MiB long, refused by its size before a byte is read.
    await truncate(planPath(), 300 * 1024 * 1024);
    expect(await applyRefused(1)).toContain('is 300 MiB; a saved plan may be at most 256 MiB');
  });

  it('applies a saved plan from another folder against the tenant file next to the config it was made from', async () => {
    await mkdir(join(dir, 'out'));
    const saved = join(dir, 'out', 'plan.json');
    expect((await runCli(['plan', 'examples/licenses', '--out', 'out/plan.json'], { cwd: dir })).code).toBe(0);
    expect((JSON.parse(await readFile(saved, 'utf8')) as Plan).store).toBe('file:../examples/tenant.json');
    // From a third folder at another depth: neither the plan's nor the one it was made in.
    await mkdir(join(dir, 'elsewhere', 'deeper'), { recursive: true });
    const run = await runCli(['apply', '--plan', saved, '--auto-approve'], { cwd: join(dir, 'elsewhere', 'deeper') });
    expect(run.code, run.stderr).toBe(0);
    expect((await runCli(['plan', 'examples/licenses', '--detailed-exitcode'], { cwd: dir })).code).toBe(0);
  });

  describe('with SKUFORM_PLAN_KEY', () => {
    const env = { SKUFORM_PLAN_KEY: KEY };

    it('plan --out signs, and apply --plan applies the signed plan', async () => {
      const plan = await makePlan('examples/licenses', [], env);
      expect((plan as Plan & { signature?: { algorithm: string; value: string } }).signature).toEqual({ algorithm: 'HMAC-SHA256', value: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const run = await runCli(['apply', '--plan', planPath(), '--auto-approve'], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
    });

    it('refuses a signed plan edited afterwards, even where only a name shown changed', async () => {
      const plan = await makePlan('examples/licenses', [], env);
      const op = plan.operations[0];
      if (op === undefined) throw new Error('operation expected');
      op.principal.name = 'someone.else@contoso.com';
      await save(plan);
      expect(await applyRefused(1, [], env)).toContain('has a signature that does not match');
    });

    it('accepts a signed plan re-indented (the signature covers the JSON value, not the bytes)', async () => {
      const plan = await makePlan('examples/licenses', [], env);
      await writeFile(planPath(), JSON.stringify(plan));
      expect((await runCli(['apply', '--plan', planPath(), '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    });

    it('refuses an unsigned plan, or one signed with another key', async () => {
      await makePlan();
      expect(await applyRefused(1, [], env)).toContain('is not signed, and SKUFORM_PLAN_KEY is set');
      await makePlan('examples/licenses', [], { SKUFORM_PLAN_KEY: KEY.replace('k', 'x') });
      expect(await applyRefused(1, [], env)).toContain('has a signature that does not match');
    });

    it('refuses a key too short to be safe, before planning', async () => {
      const run = await runCli(['plan', 'examples/licenses', '--out', planPath()], { cwd: dir, env: { SKUFORM_PLAN_KEY: 'hunter2' } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('SKUFORM_PLAN_KEY is set but has only 7 characters');
      expect(run.stderr).not.toContain('hunter2');
    });

    it('says when a signed plan is applied without the key to check it', async () => {
      await makePlan('examples/licenses', [], env);
      const run = await runCli(['apply', '--plan', planPath(), '--auto-approve'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('is signed, but SKUFORM_PLAN_KEY is not set, so its signature was not checked');
    });
  });
});
