import type { Plan } from '../model/plan.js';
import { assertNever } from '../model/plan.js';
import type { PlanFormat } from './output-format.js';

/**
 * The plan in the format asked for; every rendering comes from the one JSON form. Each
 * renderer is loaded only when asked for: the diff and markdown renderers and the diff
 * library are dozens of modules, a noticeable part of the start-up of a plain `plan`.
 */
export async function renderPlanAs(plan: Plan, format: PlanFormat, options: { color: boolean; plannedAt: Date; configPath: string }): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../render/render-plan-text.js')).renderPlanText(plan, { color: options.color });
    case 'json':
      return (await import('../render/render-plan-json.js')).renderPlanJson(plan);
    case 'markdown':
      return (await import('../render/render-plan-markdown.js')).renderPlanMarkdown(plan, { plannedAt: options.plannedAt, configPath: options.configPath });
    case 'diff':
      return (await import('../render/render-plan-diff.js')).renderPlanDiff(plan, { color: options.color });
    default:
      return assertNever(format);
  }
}
