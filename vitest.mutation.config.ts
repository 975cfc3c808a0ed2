import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The suite as the mutation run (`npm run mutate`) uses it. Stryker switches mutants on
 * inside the test process, so a test that exercises the code in a child process can never
 * kill one. The CLI tests run the built `dist/`, which holds no mutants at all; the SIGKILL
 * test spends its minutes in children compiled from the sources, and what it checks in
 * process (re-apply after a crash converges) the apply and file-store tests check too. Both
 * stay in `npm test`; here they would only cost time. So do the 100,000-user planning test
 * and the 10,000-operation apply through the tenant file: instrumented, they take most of a
 * minute per mutant, and the planner's table tests and the apply and group-commit tests check
 * the same rules on small inputs.
 */
export default mergeConfig(base, defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'test/cli/**', 'test/apply/apply-sigkill.test.ts', 'test/apply/apply-file-store-scale.test.ts', 'test/plan/scale.test.ts'],
    // Stryker runs the tests that cover a mutant once per mutant; re-importing every module
    // for each test file would cost more than the tests themselves.
    isolate: false,
  },
}));
