import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { makePlan } from '../../src/cli/make-plan.js';
import { prepareSavedPlan } from '../../src/cli/prepare-saved-plan.js';
import { reportError } from '../../src/cli/report-error.js';
import { signPlan } from '../../src/plan/plan-signature.js';
import { canonicalizePlan } from '../../src/render/render-plan-json.js';
import { aCliContext, TextSink } from '../support/cli-context.js';
import { jsonMutants } from '../support/json-mutants.js';
import { copyExamples } from '../support/run-cli.js';

/**
 * Hundreds of hostile saved plans through exactly what `apply --plan` does before it applies
 * (read, bound, parse, validate, check against a real tenant file under its lock), in
 * process: each ends in a clear refusal (exit 1, 3 or 4) or, when the change did not matter,
 * a plan to apply; never a stack trace or "a bug", and the tenant file is never written.
 */
const MUTANTS = 300;

describe('fuzzing saved plans', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let tenantBytes: Buffer;
  let plan: Record<string, unknown>;

  beforeAll(async () => {
    ({ dir, cleanup } = await copyExamples());
    tenantBytes = await readFile(join(dir, 'examples', 'tenant.json'));
    const { ctx } = aCliContext({ cwd: dir });
    const run = await makePlan(ctx, { paths: ['examples/licenses'], storeFlags: {} });
    await run.close();
    plan = canonicalizePlan(run.plan) as unknown as Record<string, unknown>;
  });
  afterAll(async () => {
    await cleanup();
  });

  async function tryApplying(text: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | 'applicable'; stderr: string }> {
    await writeFile(join(dir, 'plan.json'), text);
    const { ctx, stderr } = aCliContext({ cwd: dir, env });
    try {
      const prepared = await prepareSavedPlan(ctx, { planFile: 'plan.json', storeFlags: {}, allowRemoveAll: false, color: false }, new TextSink());
      if (typeof prepared === 'number') return { code: prepared, stderr: stderr.text };
      await prepared.close();
      return { code: 'applicable', stderr: stderr.text };
    } catch (error) {
      return { code: reportError(ctx, error), stderr: stderr.text };
    }
  }

  it(`refuses or accepts each of ${MUTANTS} mutants clearly, and never writes the tenant file`, async () => {
    expect((await tryApplying(JSON.stringify(plan))).code).toBe('applicable');
    const outcomes = new Map<string, number>();
    let peakHeap = 0;
    for (const mutant of jsonMutants(plan, MUTANTS, 20_261_111)) {
      const { code, stderr } = await tryApplying(mutant.text);
      outcomes.set(String(code), (outcomes.get(String(code)) ?? 0) + 1);
      expect(stderr, mutant.label).not.toContain('looks like a bug');
      expect(stderr, mutant.label).not.toMatch(/\n\s+at /);
      expect([ExitCode.error, ExitCode.blocked, ExitCode.stale, 'applicable'], mutant.label).toContain(code);
      if (code !== 'applicable') expect(stderr.length, mutant.label).toBeGreaterThan(0);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    expect(await readFile(join(dir, 'examples', 'tenant.json'))).toEqual(tenantBytes);
    expect((await readdir(join(dir, 'examples'))).filter((name) => name.includes('.lock') || name.endsWith('.tmp'))).toEqual([]);
    expect(peakHeap).toBeLessThan(1.5e9);
    // Most mutants must be refused, or the loop proves little.
    expect((outcomes.get('1') ?? 0) + (outcomes.get('3') ?? 0) + (outcomes.get('4') ?? 0)).toBeGreaterThan(MUTANTS * 0.6);
    console.log(`saved-plan fuzz: ${[...outcomes].map(([code, n]) => `${code === 'applicable' ? 'accepted' : `exit ${code}`}: ${n}`).join(', ')}`);
  }, 600_000);

  it('with SKUFORM_PLAN_KEY, refuses every mutant of a signed plan that changes its value', async () => {
    const key = 'fuzz-key-0123456789abcdef0123456789abcdef';
    const signed = { ...plan, signature: signPlan(plan, key) };
    expect((await tryApplying(JSON.stringify(signed), { SKUFORM_PLAN_KEY: key })).code).toBe('applicable');
    let accepted = 0;
    for (const mutant of jsonMutants(signed, 60, 7)) {
      const { code, stderr } = await tryApplying(mutant.text, { SKUFORM_PLAN_KEY: key });
      expect(stderr, mutant.label).not.toContain('looks like a bug');
      if (code === 'applicable') {
        accepted += 1;
        // Only a mutant that leaves the JSON value as it was may pass (e.g. junk inside whitespace is not possible, a dropped key is).
        expect(JSON.parse(mutant.text), mutant.label).toEqual(signed);
      }
    }
    expect(accepted).toBeLessThan(5);
    console.log(`signed saved-plan fuzz: 60 mutants, ${accepted} accepted (the same JSON value), ${60 - accepted} refused`);
  }, 300_000);
});
