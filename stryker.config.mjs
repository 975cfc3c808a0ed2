// @ts-check
/**
 * Mutation testing of the core. Run it as `npm run mutate` (scripts/mutate.mjs), which runs
 * Stryker once per group below and prints the score per folder; `npx stryker run` alone
 * mutates the whole scope against the whole suite, which takes far longer.
 */

/**
 * The scope, in groups: code whose mistakes cost a tenant licenses or seats, or let a hostile
 * name into a terminal or a comment. Each group's mutants are judged by its own tests only:
 * the score then says how well the folder's tests pin its rules (an integration test that
 * happens to break a mutant does not count), and each mutant runs a few fast tests instead of
 * every test that touches the code.
 */
export const MUTATION_GROUPS = [
  // The saved-plan checks in src/plan (verify-saved-plan, check-plan-consistency) have table
  // tests in test/plan, and are called (and tested end to end) by apply's check of a saved plan.
  { name: 'plan', mutate: ['src/plan/**/*.ts'], tests: ['test/plan/**/*.test.ts', 'test/apply/check-saved-plan.test.ts'] },
  { name: 'apply', mutate: ['src/apply/**/*.ts'], tests: ['test/apply/**/*.test.ts'] },
  {
    name: 'file store',
    mutate: ['src/stores/file-store.ts', 'src/stores/file/**/*.ts'],
    tests: ['test/stores/file/**/*.test.ts', 'test/stores/file-store*.test.ts'],
  },
  {
    // The rules the file store, the memory store and the Graph emulator share.
    name: 'semantics',
    mutate: ['src/stores/semantics/**/*.ts'],
    tests: ['test/stores/semantics/**/*.test.ts', 'test/stores/*store.test.ts', 'test/stores/*.contract.test.ts', 'test/graph-emulator/**/*.test.ts'],
  },
  {
    name: 'sanitising and markdown fitting',
    mutate: ['src/render/sanitize-text.ts', 'src/render/markdown-escape.ts', 'src/render/annotations.ts', 'src/github/fit-markdown.ts', 'src/github/markers.ts'],
    tests: ['test/render/**/*.test.ts', 'test/github/**/*.test.ts'],
  },
];

/** Every file in scope; re-export barrels hold no logic to mutate. */
export const MUTATION_SCOPE = [...MUTATION_GROUPS.flatMap((group) => group.mutate), '!src/**/index.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The suite minus the tests that cannot see a mutant (see that file for why).
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  // Mutants that do not compile are dropped before any test runs.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // A mutant reached only while test files load (a table built at describe level) would need
  // every related test re-run with a fresh module graph: minutes per mutant. Such mutants are
  // reported as ignored; tests build their fixtures inside `it` so that few are.
  ignoreStatic: true,
  mutate: MUTATION_SCOPE,
  // Re-runs only test what changed since the last run, and keep the results of files a run
  // did not mutate. The file stays out of git: it is rewritten by every run, would conflict
  // between branches, and is only valid for the exact tests it was made with. CI caches it.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false, reportScoreTable: true, reportMutants: false },
  // The machine is shared; `npm run mutate -- --concurrency N` raises it.
  concurrency: 2,
  // Build output and local state are not needed by the tests that run under Stryker.
  ignorePatterns: ['dist', 'coverage', '.skuform', 'reports'],
  // Added to 1.5 times a mutant's tests' own time before it counts as timed out (an endless
  // loop). The tests in a mutation run take well under a second each; the slack is for a busy
  // machine. Every timeout also costs a restart of the test worker.
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 85, low: 80, break: null },
};
