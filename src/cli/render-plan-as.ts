import type { Plan } from '../model/plan.js';
import { assertNever } from '../model/plan.js';
import { renderPlanDiff } from '../render/render-plan-diff.js';
import { renderPlanJson } from '../render/render-plan-json.js';
import { renderPlanMarkdown } from '../render/render-plan-markdown.js';
import { renderPlanText } from '../render/render-plan-text.js';
import type { PlanFormat } from './output-format.js';

/** The plan in the format asked for; every rendering comes from the one JSON form. */
export function renderPlanAs(plan: Plan, format: PlanFormat, options: { color: boolean; plannedAt: Date; configPath: string }): string {
  switch (format) {
    case 'text':
      return renderPlanText(plan, { color: options.color });
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan, { plannedAt: options.plannedAt, configPath: options.configPath });
    case 'diff':
      return renderPlanDiff(plan, { color: options.color });
    default:
      return assertNever(format);
  }
}
