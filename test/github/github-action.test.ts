import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildActionInvocation, splitArgs, type ActionInputs } from '../../src/cli/build-action-invocation.js';
import { runGitHubAction } from '../../src/cli/run-github-action.js';
import type { Plan } from '../../src/model/plan.js';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { readGitHubOutput } from '../support/github-output-file.js';
import { RENDER_SCENARIOS } from '../support/render-scenarios.js';

const inputs = (overrides: Partial<ActionInputs>): ActionInputs => ({
  command: 'plan', path: '', store: '', comment: '', args: '', planFile: '', artifact: '', tempDir: '/tmp/runner', ...overrides,
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
      successCodes: [0, 2], warnings: [], planFile: '/tmp/runner/skuform-plan.json',
    } });
  });

  it.each([
    [inputs({ command: 'apply', path: 'a.yaml b.yaml' }), ['apply', 'a.yaml', 'b.yaml', '--auto-approve'], [0], undefined],
    [inputs({ command: 'apply', planFile: 'plan.json' }), ['apply', '--plan', 'plan.json', '--auto-approve'], [0], 'plan.json'],
    [inputs({ command: 'apply', artifact: 'skuform-plan-7-1' }), ['apply', '--plan', '/tmp/runner/skuform-artifact/skuform-plan.json', '--auto-approve'], [0], '/tmp/runner/skuform-artifact/skuform-plan.json'],
    [inputs({ command: 'apply', artifact: 'p', planFile: 'out/my-plan.json', store: 'graph' }), ['apply', '--plan', '/tmp/runner/skuform-artifact/my-plan.json', '--store', 'graph', '--auto-approve'], [0], '/tmp/runner/skuform-artifact/my-plan.json'],
    [inputs({ artifact: 'skuform-plan-7-1', planFile: 'plan.json' }), ['plan', '--out', 'plan.json', '--detailed-exitcode'], [0, 2], 'plan.json'],
    [inputs({ command: 'validate', store: 'file:tenant.json' }), ['validate', '--store', 'file:tenant.json'], [0], undefined],
    [inputs({ command: 'comment', args: '--pr 7' }), ['comment', '--plan', '/tmp/runner/skuform-plan.json', '--pr', '7'], [0], '/tmp/runner/skuform-plan.json'],
    [inputs({ command: '' }), ['plan', '--out', '/tmp/runner/skuform-plan.json', '--detailed-exitcode'], [0, 2], '/tmp/runner/skuform-plan.json'],
  ])('%#: %j', (given, argv, successCodes, planFile) => {
    const result = buildActionInvocation(given);
    expect(result.ok && result.invocation.argv).toEqual(argv);
    expect(result.ok && result.invocation.successCodes).toEqual(successCodes);
    expect(result.ok && result.invocation.planFile).toBe(planFile);
  });

  it('refuses paths with a saved plan to apply: apply --plan reads no config', () => {
    const result = buildActionInvocation(inputs({ command: 'apply', path: 'licenses/', artifact: 'skuform-plan-7-1' }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^input "path" and a saved plan .* do not go together/);
  });

  it('warns about inputs that do not apply and rejects unknown commands', () => {
    const apply = buildActionInvocation(inputs({ command: 'apply', comment: 'yes' }));
    expect(apply.ok && apply.invocation.warnings).toEqual(['input "comment" only applies to the plan command; ignored for apply']);
    const odd = buildActionInvocation(inputs({ comment: 'maybe' }));
    expect(odd.ok && odd.invocation.argv).not.toContain('--comment');
    expect(odd.ok && odd.invocation.warnings[0]).toContain('"maybe"');
    const validate = buildActionInvocation(inputs({ command: 'validate', artifact: 'x' }));
    expect(validate.ok && validate.invocation.warnings).toEqual(['input "artifact" only applies to the plan and apply commands; ignored for validate']);
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

  /** skuform as the action runs it: writes `plan` (when given) where --out or --plan says, and exits with `code`. */
  const skuform = (code: number, plan: Plan | undefined, calls: string[][] = []) => async (argv: string[]) => {
    calls.push(argv);
    const out = argv[argv.indexOf('--out') + 1];
    if (plan !== undefined && argv.includes('--out') && out !== undefined) await writeFile(out, renderPlanJson(plan));
    return code;
  };
  const scenario = (name: string): Plan => (RENDER_SCENARIOS[name] ?? (() => { throw new Error(name); }))();

  it.each([
    ['no changes', 0, 'no-changes', 0, { 'has-changes': 'false', blocked: 'false', 'to-assign': '0', artifact: '' }],
    ['changes: the plan is uploaded', 2, 'simple-assign-update-remove', 0, { 'has-changes': 'true', blocked: 'false', 'to-assign': '3', 'to-update': '1', 'to-remove': '2', artifact: 'skuform-plan-9-1' }],
    ['blocked: the step fails, nothing is uploaded', 3, 'blocked-by-seats', 3, { 'has-changes': 'false', blocked: 'true', 'to-assign': '2', artifact: '' }],
    ['an error: the file is not this step\'s plan', 1, undefined, 1, { 'has-changes': 'false', blocked: '', 'to-assign': '', summary: '', artifact: '' }],
  ])('plan, %s (skuform exits %i)', async (_name, cliCode, name, stepCode, expected) => {
    const planFile = join(dir, 'skuform-plan.json');
    // A plan left from an earlier step: never reported as this step's.
    await writeFile(planFile, renderPlanJson(scenario('group-with-many-members')));
    const calls: string[][] = [];
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'plan', INPUT_PATH: 'licenses/', INPUT_ARTIFACT: 'skuform-plan-9-1' }),
      skuform(cliCode, name === undefined ? undefined : scenario(name), calls), (line) => printed.push(line));

    expect(code).toBe(stepCode);
    expect(calls).toEqual([['plan', 'licenses/', '--out', planFile, '--detailed-exitcode']]);
    expect(await readGitHubOutput(output)).toMatchObject({ 'exit-code': String(cliCode), 'plan-file': planFile, ...expected });
    expect(printed).toEqual([`skuform plan licenses/ --out ${planFile} --detailed-exitcode`]);
  });

  it('apply: the outputs describe the saved plan it was given', async () => {
    const planFile = join(dir, 'reviewed.json');
    await writeFile(planFile, renderPlanJson(scenario('simple-assign-update-remove')));
    const calls: string[][] = [];
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'apply', INPUT_PLAN_FILE: planFile }), skuform(0, undefined, calls), (line) => printed.push(line));
    expect(code).toBe(0);
    expect(calls).toEqual([['apply', '--plan', planFile, '--auto-approve']]);
    expect(await readGitHubOutput(output)).toMatchObject({ 'exit-code': '0', 'has-changes': 'true', 'to-remove': '2', 'plan-file': planFile, artifact: '' });
  });

  it('apply: a saved plan with a byte-order mark is read like apply --plan reads it', async () => {
    const planFile = join(dir, 'reviewed.json');
    await writeFile(planFile, `\uFEFF${renderPlanJson(scenario('simple-assign-update-remove'))}`);
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'apply', INPUT_PLAN_FILE: planFile }), skuform(0, undefined), (line) => printed.push(line));
    expect(code).toBe(0);
    expect(await readGitHubOutput(output)).toMatchObject({ 'has-changes': 'true', 'to-remove': '2' });
    expect(printed.filter((line) => line.startsWith('::warning'))).toEqual([]);
  });

  it('apply: a saved plan that is not one leaves the counts empty and says why', async () => {
    const planFile = join(dir, 'reviewed.json');
    await writeFile(planFile, '{"formatVersion": 1, "operations": "none"}');
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'apply', INPUT_PLAN_FILE: planFile }), skuform(1, undefined), (line) => printed.push(line));
    expect(code).toBe(1);
    expect(await readGitHubOutput(output)).toMatchObject({ 'exit-code': '1', 'has-changes': 'false', 'to-assign': '' });
    expect(printed[1]).toMatch(/^::warning title=skuform action::.*reviewed\.json is not a skuform plan \(.*\); its counts and cost are not set as outputs$/);
  });

  it('apply from an artifact without the expected file: fails before skuform runs, naming what the artifact holds', async () => {
    await mkdir(join(dir, 'skuform-artifact'));
    await writeFile(join(dir, 'skuform-artifact', 'plan.json'), '{}');
    const calls: string[][] = [];
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'apply', INPUT_ARTIFACT: 'skuform-plan-9-1' }), skuform(0, undefined, calls), (line) => printed.push(line));
    expect([code, calls]).toEqual([1, []]);
    expect(printed).toEqual([expect.stringMatching(/^::error title=skuform action::the artifact "skuform-plan-9-1" holds plan\.json, not the saved plan .*skuform-plan\.json\. Give both steps the same "plan-file" input/)]);
    expect(await readGitHubOutput(output)).toMatchObject({ 'exit-code': '1', 'has-changes': 'false' });
  });

  it('fails the step with an annotation for bad inputs without running skuform', async () => {
    let ran = false;
    const code = await runGitHubAction(env({ INPUT_COMMAND: 'plan', INPUT_ARGS: '--x "unclosed' }), async () => {
      ran = true;
      return 0;
    }, (line) => printed.push(line));
    expect([code, ran]).toEqual([1, false]);
    expect(printed).toEqual(['::error title=skuform action::input "args": unterminated " quote in "--x "unclosed"']);
    expect(await readGitHubOutput(output)).toMatchObject({ 'exit-code': '1', 'has-changes': 'false', 'plan-file': '' });
  });
});
