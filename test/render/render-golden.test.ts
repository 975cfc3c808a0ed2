/**
 * Golden renderings: one folder per scenario under test/fixtures/render/ holding the plan's
 * JSON and every rendering of it. A missing golden file fails the test. To write or rewrite
 * them, set the flag for that one run: `UPDATE_GOLDEN=1 npx vitest run test/render`, then
 * review the diff of the golden files like any other change. CI refuses the flag.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { renderPlanDiff } from '../../src/render/render-plan-diff.js';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { RENDER_SCENARIOS } from '../support/render-scenarios.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'render');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// In CI the golden files are what is being checked; rewriting them there would pass anything.
if (UPDATE && process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
  throw new Error('UPDATE_GOLDEN=1 rewrites the golden files and is refused in CI; update them locally and commit the diff');
}

export const GOLDEN_MARKDOWN_OPTIONS = {
  commitSha: '3f2c9a1e7b5d4c2a9e8f7d6c5b4a39281706f5e4',
  plannedAt: '2026-03-02T09:30:00Z',
  configPath: 'licenses/',
  fullPlanUrl: 'https://github.com/contoso/licenses/actions/runs/123456789',
};

const RENDERINGS: Record<string, (plan: Plan) => string> = {
  'text.txt': (plan) => renderPlanText(plan, { color: false }),
  'text-color.txt': (plan) => renderPlanText(plan, { color: true }),
  'plan.md': (plan) => renderPlanMarkdown(plan, GOLDEN_MARKDOWN_OPTIONS),
  'plan.diff': (plan) => renderPlanDiff(plan, { color: false }),
};

function expectGolden(scenario: string, file: string, actual: string): void {
  const path = join(ROOT, scenario, file);
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${scenario}/${file}; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(Object.entries(RENDER_SCENARIOS))('%s', (scenario, build) => {
  test('plan.json is the canonical JSON of the scenario', () => {
    expectGolden(scenario, 'plan.json', renderPlanJson(build()));
  });

  // Renderings are made from the JSON form, as `skuform apply --plan` and `comment --plan` do.
  const fromJson = (): Plan => JSON.parse(renderPlanJson(build())) as Plan;

  test.each(Object.entries(RENDERINGS))('%s', (file, render) => {
    const rendered = render(fromJson());
    // Checked in update runs too: the saved JSON must carry everything the renderer reads.
    expect(rendered).toBe(render(build()));
    expectGolden(scenario, file, rendered);
  });
});

// A golden file no scenario renders would never be checked again: every file must belong.
test('every golden file belongs to a scenario and a rendering', () => {
  const onDisk = readdirSync(ROOT, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  const expected = Object.keys(RENDER_SCENARIOS).flatMap((scenario) => ['plan.json', ...Object.keys(RENDERINGS)].map((file) => `${scenario}/${file}`)).sort();
  expect(onDisk).toEqual(expected);
});
