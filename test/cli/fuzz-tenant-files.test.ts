import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { makePlan } from '../../src/cli/make-plan.js';
import { reportError } from '../../src/cli/report-error.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { aCliContext } from '../support/cli-context.js';
import { jsonMutants } from '../support/json-mutants.js';
import { copyExamples } from '../support/run-cli.js';

/**
 * Hundreds of hostile tenant files (another tool writes them, or a hand edit goes wrong)
 * planned against the example config in process, as `skuform plan` does: each gives a plan
 * or a clear error naming the file, never a stack trace, and the file is never written.
 */
const MUTANTS = 300;

describe('fuzzing tenant files', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let tenant: unknown;

  beforeAll(async () => {
    ({ dir, cleanup } = await copyExamples());
    tenant = JSON.parse(await readFile(join(dir, 'examples', 'tenant.json'), 'utf8'));
  });
  afterAll(async () => {
    await cleanup();
  });

  it(`plans or refuses each of ${MUTANTS} mutants clearly, and never writes the file`, async () => {
    const outcomes = { planned: 0, refused: 0 };
    let peakHeap = 0;
    for (const mutant of jsonMutants(tenant, MUTANTS, 20_261_204)) {
      const path = join(dir, 'examples', 'tenant.json');
      await writeFile(path, mutant.text);
      const { ctx, stderr } = aCliContext({ cwd: dir });
      try {
        const run = await makePlan(ctx, { paths: ['examples/licenses'], storeFlags: {} });
        await run.close();
        expect(typeof renderPlanText(run.plan, { color: false }), mutant.label).toBe('string');
        outcomes.planned += 1;
      } catch (error) {
        const code = reportError(ctx, error);
        expect(code, `${mutant.label}: ${stderr.text}`).toBe(ExitCode.error);
        expect(stderr.text, mutant.label).toMatch(/^error: /);
        expect(stderr.text, mutant.label).not.toContain('looks like a bug');
        expect(stderr.text, mutant.label).not.toMatch(/\n\s+at /);
        outcomes.refused += 1;
      }
      expect((await readFile(path)).equals(Buffer.from(mutant.text)), mutant.label).toBe(true);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    expect((await readdir(join(dir, 'examples'))).filter((name) => name !== 'tenant.json' && name.startsWith('tenant'))).toEqual([]);
    expect(peakHeap).toBeLessThan(1.5e9);
    expect(outcomes.refused).toBeGreaterThan(MUTANTS * 0.3);
    console.log(`tenant-file fuzz: planned ${outcomes.planned}, refused ${outcomes.refused}`);
  }, 600_000);
});
