import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildActionInvocation, splitArgs, type ActionInputs } from '../../src/cli/build-action-invocation.js';
import { runGitHubAction } from '../../src/cli/run-github-action.js';

const inputs = (overrides: Partial<ActionInputs>): ActionInputs => ({
  command: 'plan', path: '', store: '', comment: '', args: '', planFile: '/tmp/runner/skuform-plan.json', ...overrides,
});

describe('splitArgs', () => {
  it.each([
    ['', []],
    ['  --max-removals 10  ', ['--max-removals', '10']],
    [`licenses/ "my dir/x.yaml" 'a b'`, ['licenses/', 'my dir/x.yaml', 'a b']],
    ['a\\ b "q\\"uote"', ['a b', 'q"uote']],
    ['C:\\repo\\licenses', ['C:\\repo\\licenses']],
    ['$(rm -rf /) `id` ${HOME}', ['$(rm', '-rf', '/)', '`id`', '${HOME}']],
    ["''", ['']],
    ['one\ntwo\tthree', ['one', 'two', 'three']],
  ])('%j -> %j', (text, words) => {
    expect(splitArgs(text)).toEqual({ ok: true, words });
  });

  it('reports an unterminated quote', () => {
    expect(splitArgs('"open')).toEqual({ ok: false, message: 'unterminated " quote in ""open"' });
  });
});

describe('buildActionInvocation', () => {
  it('plans with a saved plan and detailed exit codes; exit 2 is success', () => {
    const result = buildActionInvocation(inputs({ path: 'licenses/', store: 'graph', comment: 'true', args: '--format markdown' }));
    expect(result).toEqual({ ok: true, invocation: {
      command: 'plan',
      argv: ['plan', 'licenses/', '--store', 'graph', '--out', '/tmp/runner/skuform-plan.json', '--detailed-exitcode', '--comment', '--format', 'markdown'],
      successCodes: [0, 2], warnings: [],
    } });
  });

  it.each([
    [inputs({ command: 'apply', path: 'a.yaml b.yaml' }), ['apply', 'a.yaml', 'b.yaml', '--auto-approve'], [0]],
    [inputs({ command: 'validate', store: 'file:tenant.json' }), ['validate', '--store', 'file:tenant.json'], [0]],
    [inputs({ command: 'comment', args: '--pr 7' }), ['comment', '--plan', '/tmp/runner/skuform-plan.json', '--pr', '7'], [0]],
    [inputs({ command: '' }), ['plan', '--out', '/tmp/runner/skuform-plan.json', '--detailed-exitcode'], [0, 2]],
  ])('%#: %j', (given, argv, successCodes) => {
    const result = buildActionInvocation(given);
    expect(result.ok && result.invocation.argv).toEqual(argv);
    expect(result.ok && result.invocation.successCodes).toEqual(successCodes);
  });

  it('warns about inputs that do not apply and rejects unknown commands', () => {
    const apply = buildActionInvocation(inputs({ command: 'apply', comment: 'yes' }));
    expect(apply.ok && apply.invocation.warnings).toEqual(['input "comment" only applies to the plan command; ignored for apply']);
    const odd = buildActionInvocation(inputs({ comment: 'maybe' }));
    expect(odd.ok && odd.invocation.argv).not.toContain('--comment');
    expect(odd.ok && odd.invocation.warnings[0]).toContain('"maybe"');
    expect(buildActionInvocation(inputs({ command: 'destroy' }))).toEqual({
      ok: false, message: 'input "command" is "destroy"; use one of plan, apply, validate, comment',
    });
  });
});

describe('runGitHubAction', () => {
  let dir: string;
  let output: string;
  let printed: string[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-action-'));
    output = join(dir, 'github_output');
    printed = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const env = (extra: Record<string, string>) => ({ GITHUB_OUTPUT: output, RUNNER_TEMP: dir, ...extra });

  it.each([
    [0, 0, 'false'],
    [2, 0, 'true'],
    [1, 1, 'false'],
    [3, 3, 'false'],
  ])('plan exiting %i: step exits %i, has-changes=%s', async (cliCode, stepCode, hasChanges) => {
    const calls: string[][] = [];
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'plan', INPUT_PATH: 'licenses/' }), async (argv) => {
      calls.push(argv);
      return cliCode;
    }, (line) => printed.push(line));

    expect(code).toBe(stepCode);
    const planFile = join(dir, 'skuform-plan.json');
    expect(calls).toEqual([['plan', 'licenses/', '--out', planFile, '--detailed-exitcode']]);
    expect(await readFile(output, 'utf8')).toBe(`exit-code=${cliCode}\nhas-changes=${hasChanges}\nplan-file=${planFile}\n`);
    expect(printed).toEqual([`skuform plan licenses/ --out ${planFile} --detailed-exitcode`]);
  });

  it('fails the step with an annotation for bad inputs without running skuform', async () => {
    let ran = false;
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'plan', INPUT_ARGS: '--x "unclosed' }), async () => {
      ran = true;
      return 0;
    }, (line) => printed.push(line));
    expect([code, ran]).toEqual([1, false]);
    expect(printed).toEqual(['::error title=skuform action::input "args": unterminated " quote in "--x "unclosed"']);
    expect(await readFile(output, 'utf8')).toContain('exit-code=1\n');
  });
});
