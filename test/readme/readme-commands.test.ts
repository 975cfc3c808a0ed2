import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkCliArgv, checkCliMention } from '../support/check-cli-argv.js';
import { findMarkdownCode } from '../support/find-markdown-code.js';
import { findSkuformInvocations, skuformArgvStart, type SkuformInvocation } from '../support/find-skuform-invocations.js';

/**
 * The README's commands are what a newcomer types first, so every one of them must still be
 * a command line the real CLI accepts: the command exists, its options are known and their
 * values pass the CLI's own checks. Nothing runs; the program's actions are replaced.
 */

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const SHELL = new Set(['sh', 'bash', 'shell', 'zsh']);

/** Lines typed at a prompt in an output block (`$ npx skuform validate …`), with their continuations. */
function promptScript(body: string): string {
  const typed: string[] = [];
  let continued = false;
  for (const line of body.split('\n')) {
    const prompt = /^\$ (.*)$/u.exec(line);
    typed.push(prompt ? (prompt[1] as string) : continued ? line : '');
    continued = (prompt !== null || continued) && line.endsWith('\\');
  }
  return typed.join('\n');
}

/** Every full command line in the markdown's shell blocks and at prompts in its other blocks. */
function invocationsIn(markdown: string): SkuformInvocation[] {
  return findMarkdownCode(markdown).blocks.flatMap((block) =>
    findSkuformInvocations(SHELL.has(block.info) ? block.body : promptScript(block.body), block.firstLine));
}

/**
 * Every inline mention or synopsis of a command, as its words after `skuform`: spans starting
 * with `skuform`, and spans such as `apply --plan plan.json` that start with a command's name
 * and name an option.
 */
function mentionsIn(markdown: string): { line: number; code: string; words: string[] }[] {
  return findMarkdownCode(markdown).spans.flatMap(({ line, code }) => {
    const words = code.replaceAll('\\|', '|').split(' ');
    const bareCommand = words.some((word) => word.startsWith('--')) && checkCliMention(words.slice(0, 1)).ok;
    const at = skuformArgvStart(words) >= 0 ? skuformArgvStart(words) : bareCommand ? 0 : -1;
    return at < 0 || words.length === at ? [] : [{ line, code, words: words.slice(at) }];
  });
}

/** What the CLI refuses in the markdown, as `README.md:LINE: command: error` lines. */
function problemsIn(markdown: string): string[] {
  const full = invocationsIn(markdown).flatMap(({ line, text, argv }) => {
    const check = checkCliArgv(argv);
    return check.ok ? [] : [`README.md:${line}: ${text}: ${check.error}`];
  });
  const mentioned = mentionsIn(markdown).flatMap(({ line, code, words }) => {
    const check = checkCliMention(words);
    return check.ok ? [] : [`README.md:${line}: \`${code}\`: ${check.error}`];
  });
  return [...full, ...mentioned];
}

describe('the README', () => {
  const invocations = invocationsIn(readme);

  it('has its command lines found: the first command, the refusals, the saved-plan round trip', () => {
    const lines = invocations.map(({ argv }) => argv.join(' '));
    expect(lines).toEqual(expect.arrayContaining([
      'plan examples/licenses',
      'validate examples/broken',
      'report inactive examples/licenses',
      expect.stringMatching(/^apply --plan \S+ --auto-approve$/u),
      expect.stringMatching(/^export --store file:examples\/tenant.json --profiles --out \S+$/u),
    ]));
    expect(invocations.length).toBeGreaterThanOrEqual(20);
    expect(mentionsIn(readme).length).toBeGreaterThanOrEqual(20);
  });

  it('names only commands and options the CLI accepts', () => {
    expect(problemsIn(readme)).toEqual([]);
  });

  it('would notice an unknown command, an unknown option or a bad value', () => {
    const broken = readme
      .replace('npx skuform plan examples/licenses --format diff', 'npx skuform plna examples/licenses --format diff')
      .replace('npx skuform skus --store file:examples/tenant.json --plans', 'npx skuform skus --store file:examples/tenant.json --plan')
      .replace('npx skuform validate examples/broken', 'npx skuform validate examples/broken --fromat json')
      .replace('`skuform plan --comment`', '`skuform plan --coment`')
      .replace('[--out plan.json] [--format text\\|json\\|markdown\\|diff] [--detailed-exitcode]', '[--out plan.json] [--format text\\|json\\|markdown\\|diff] [--detailed-exit-code]');
    expect(broken).not.toBe(readme);
    const problems = problemsIn(broken);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^README\.md:\d+: npx skuform plna examples\/licenses --format diff: error: unknown command 'plna'/u),
      expect.stringMatching(/^README\.md:\d+: npx skuform skus .* --plan: error: unknown option '--plan'/u),
      expect.stringMatching(/^README\.md:\d+: npx skuform validate examples\/broken --fromat json: error: unknown option '--fromat'/u),
      expect.stringMatching(/^README\.md:\d+: `skuform plan --coment`: unknown option '--coment' for 'plan'/u),
      expect.stringMatching(/^README\.md:\d+: `skuform plan \[PATH\.\.\.\] .*`: unknown option '--detailed-exit-code' for 'plan'/u),
    ]));
    expect(problems).toHaveLength(5);
  });
});

describe('the example workflows', () => {
  const dir = join(root, 'examples', 'github');
  const steps = readdirSync(dir).filter((name) => name.endsWith('.yml')).flatMap((name) => {
    const workflow = parse(readFileSync(join(dir, name), 'utf8')) as { jobs: Record<string, { steps: { name?: string; run?: string }[] }> };
    return Object.entries(workflow.jobs).flatMap(([job, { steps: jobSteps }]) =>
      jobSteps.filter((step) => step.run !== undefined).map((step) => ({ where: `${name} ${job}: ${step.name ?? 'step'}`, run: step.run as string })));
  });
  const invocations = steps.flatMap(({ where, run }) => findSkuformInvocations(run).map((invocation) => ({ where, ...invocation })));

  // Steps that use the skuform action instead pass inputs, not a command line; those are
  // checked where the action's inputs are turned into one.
  it('have their skuform command lines found', () => {
    expect(invocations.map(({ argv }) => argv[0])).toContain('plan');
  });

  it.each(invocations.map(({ where, text, argv }) => [where, text, argv]))('%s: %s', (_where, _text, argv) => {
    expect(checkCliArgv(argv)).toMatchObject({ ok: true });
  });
});

describe('findSkuformInvocations', () => {
  it.each([
    ['a plain command', 'npx skuform plan examples/licenses', [[1, ['plan', 'examples/licenses']]]],
    ['after &&, with a comment', 'npm ci && npx skuform plan x     # install, then plan', [[1, ['plan', 'x']]]],
    ['continued over lines', 'skuform apply x \\\n  --store graph \\\n  --auto-approve\nskuform skus', [[1, ['apply', 'x', '--store', 'graph', '--auto-approve']], [4, ['skus']]]],
    ['with an env-var prefix', 'SKUFORM_NOW=2026-12-04T09:00:00Z NO_COLOR=1 npx skuform report inactive x', [[1, ['report', 'inactive', 'x']]]],
    ['in a pipe, redirected', 'skuform plan x --format json 2>/dev/null | jq . > out.json; skuform skus >> all.txt', [[1, ['plan', 'x', '--format', 'json']], [1, ['skus']]]],
    ['with 2>&1, then in the background', 'skuform plan x 2>&1 --detailed-exitcode | tee log & skuform skus', [[1, ['plan', 'x', '--detailed-exitcode']], [1, ['skus']]]],
    ['after || and in if', 'skuform validate || exit 1\nif skuform plan; then echo ok; fi', [[1, ['validate']], [2, ['plan']]]],
    ['quoted, a # inside a word', "skuform plan 'my licenses' --store \"file:a b.json\" x#y", [[1, ['plan', 'my licenses', '--store', 'file:a b.json', 'x#y']]]],
    ['a quote over lines, then a command', "curl -d '{\n \"a\": 1\n}'\nskuform doctor", [[4, ['doctor']]]],
    ['the built CLI run by node', 'node dist/src/cli/main.js plan x\nnode ./dist/src/cli/main.js skus', [[1, ['plan', 'x']], [2, ['skus']]]],
    ['only other programs and comments', '# skuform plan\nnpm test  # skuform skus\necho skuform\nnode dist/bench/run.js', []],
  ] as const)('finds %s', (_name, script, expected) => {
    expect(findSkuformInvocations(script).map(({ line, argv }) => [line, argv])).toEqual(expected);
  });

  it('refuses an unterminated quote rather than guessing', () => {
    expect(() => findSkuformInvocations("skuform plan 'x")).toThrow(/unterminated/u);
  });
});

describe('checking nested commands and mentions', () => {
  it('checks `report inactive` as a command of its own, without running it', () => {
    expect(checkCliArgv(['report', 'inactive', 'examples/licenses', '--days', '30', '--format', 'yaml'])).toEqual({
      ok: true, command: 'report inactive', args: ['examples/licenses'], options: { days: '30', format: 'yaml' },
    });
    expect(checkCliArgv(['report', 'inactive', '--format', 'xml'])).toMatchObject({ ok: false, error: expect.stringMatching(/Allowed choices are text, markdown, json, yaml/u) });
    expect(checkCliArgv(['report'])).toMatchObject({ ok: false });
  });

  it.each([
    [['plan', '[PATH...]', '[--out', 'FILE]', '[--format', 'text|json]', '[--debug]'], { ok: true, command: 'plan' }],
    [['apply', '[PATH...', '|', '--plan', 'plan.json]', '[--no-verify]'], { ok: true, command: 'apply' }],
    [['report', 'inactive', '[--days', '90]'], { ok: true, command: 'report inactive' }],
    [['comment'], { ok: true, command: 'comment' }],
    [['plan', '[--outt', 'FILE]'], { ok: false, error: "unknown option '--outt' for 'plan'" }],
    [['apply', '[A', '|', '--plann', 'F]', '--json'], { ok: false, error: "unknown options '--plann', '--json' for 'apply'" }],
    [['report', 'inactiv'], { ok: false, error: "unknown command 'report inactiv'" }],
    [['plna'], { ok: false, error: "unknown command 'plna'" }],
  ] as const)('a mention %j', (words, expected) => {
    expect(checkCliMention(words)).toMatchObject(expected);
  });
});

describe('findMarkdownCode', () => {
  it('reads fences of either length, indented fences and inline spans over a line break', () => {
    const markdown = [
      'Run `skuform plan',
      '--out plan.json` first.',
      '```sh',
      'skuform skus',
      '```',
      '````markdown',
      '```diff',
      '- `skuform` inside',
      '```',
      '````',
      '1. Item:',
      '   ```sh',
      '   skuform doctor',
      '   ```',
    ].join('\n');
    const { blocks, spans } = findMarkdownCode(markdown);
    expect(blocks).toEqual([
      { info: 'sh', firstLine: 4, body: 'skuform skus' },
      { info: 'markdown', firstLine: 7, body: '```diff\n- `skuform` inside\n```' },
      { info: 'sh', firstLine: 13, body: 'skuform doctor' },
    ]);
    expect(spans).toEqual([{ line: 1, code: 'skuform plan --out plan.json' }]);
  });
});
