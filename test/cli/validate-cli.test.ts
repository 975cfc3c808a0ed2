import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('skuform validate', () => {
  it('accepts the example offline and against the tenant', async () => {
    const offline = await runCli(['validate', 'examples/licenses']);
    expect(offline.code).toBe(0);
    expect(offline.stderr).toBe('');
    expect(offline.stdout).toMatch(/^Valid: 12 file\(s\), \d+ users, 4 groups, 5 profiles; names checked against Microsoft's catalogue\.\n$/);
    const online = await runCli(['validate', 'examples/licenses', '--store', 'file:examples/tenant.json']);
    expect(online.code).toBe(0);
    expect(online.stderr).toBe('');
  });

  it('reports every problem of the broken example at once, as path:line:col, without a stack trace', async () => {
    const run = await runCli(['validate', 'examples/broken']);
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toEqual([
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:5:16: error: expected a whole number/),
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:9:12: error: unknown SKU 'SPE_E33'/),
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:14:7: error: use either `enabledPlans` or `disabledPlans`/),
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:17:28: error: unknown profile 'knowledge-wroker'/),
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:20:5: error: unknown key 'licences'/),
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:22:3: error: user 'SANNE\.JANSEN@CONTOSO\.COM' is listed twice/),
      expect.stringMatching(/^examples\/broken\/licenses\.yaml:27:24: error: /),
    ]);
    expect(run.stderr).toContain('hint: did you mean SPE_E3 or SPE_E5?');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('Found 7 errors in the config; nothing was planned or changed.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says what to do when there is no config', async () => {
    const run = await runCli(['validate'], { cwd: '/' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/skuform\.yaml/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('plan of the broken example exits 1 with the same diagnostics and never reads a store', async () => {
    const run = await runCli(['plan', 'examples/broken', '--store', 'file:does-not-exist.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown SKU 'SPE_E33'");
    expect(run.stderr).not.toContain('does-not-exist');
  });
});
