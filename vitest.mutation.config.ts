import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The suite as the mutation run (`npm run mutate`) uses it. Stryker switches mutants on
 * inside the test process, so a test that exercises the code in a child process can never
 * kill one. The CLI tests run the built `dist/`, which holds no mutants at all; the SIGKILL
 * tests spend their seconds in children compiled from the sources, and what they check in
 * process (re-apply after a crash converges, the next run takes over a dead writer's lock)
 * the apply, file-store and lock tests check too.
 *
 * Left out for cost: Stryker runs every test that covers a mutant once per mutant, so a test
 * that takes seconds multiplies into hours over a folder's thousand mutants. The 100,000-user
 * planning test, the 6,000-operation check of a saved plan, the 10,000-operation apply through
 * the tenant file, and the applies through the Graph emulator over real HTTP (20% faults, the
 * write quota in real time, group processing and replication lag in real time, Retry-After in
 * real seconds) each take seconds to most of a minute instrumented. The rules they check at
 * scale or over the wire are pinned by the planner's table tests and by apply tests against the
 * memory store on a fake clock, which is what the score then measures. All of them stay in
 * `npm test`.
 */
export default mergeConfig(base, defineConfig({
  test: {
    exclude: [
      '**/node_modules/**',
      'test/cli/**',
      'test/apply/apply-sigkill.test.ts',
      'test/stores/file-store-crash.test.ts',
      'test/plan/scale.test.ts',
      'test/apply/check-saved-plan-scale.test.ts',
      'test/apply/apply-file-store-scale.test.ts',
      'test/apply/apply-graph-emulator.test.ts',
      'test/apply/apply-graph-emulator-quota.test.ts',
      'test/apply/apply-eventual-consistency.test.ts',
      'test/apply/apply-retry-after-http.test.ts',
    ],
    // Stryker runs the tests that cover a mutant once per mutant; re-importing every module
    // for each test file would cost more than the tests themselves.
    isolate: false,
  },
}));
