import { relative } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Check } from '../model/plan.js';
import { renderAnnotations } from '../render/annotations.js';
import { formatDiagnostics } from '../render/format-diagnostics.js';
import type { CliContext } from './cli-context.js';

/** True inside a GitHub Actions job. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/**
 * Prints diagnostics to stderr in the compiler convention (with source snippets on a TTY)
 * and, inside GitHub Actions, also as workflow annotations on stdout so they show on the
 * pull request's changed lines.
 */
export function reportDiagnostics(ctx: CliContext, diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): void {
  if (diagnostics.length === 0) return;
  const { terminal } = ctx;
  terminal.stderr.write(formatDiagnostics(diagnostics, { sources, snippets: terminal.stderrIsTty, color: terminal.colorErr }));
  emitAnnotations(ctx, { diagnostics });
}

/** Workflow annotations for diagnostics and located plan checks (GitHub Actions only). */
export function emitAnnotations(ctx: CliContext, input: { diagnostics?: readonly Diagnostic[]; checks?: readonly Check[] }): void {
  if (!inGitHubActions(ctx.env)) return;
  const workspace = ctx.env.GITHUB_WORKSPACE ?? ctx.cwd;
  const lines = renderAnnotations(input, { mapFile: (file) => relative(workspace, file) || file });
  if (lines.length > 0) ctx.terminal.stdout.write(`${lines.join('\n')}\n`);
}

export function countErrors(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}

/**
 * Reports the problems found in the config files and returns how many are errors; with any,
 * a closing count says that the run stopped there.
 */
export function reportConfigDiagnostics(ctx: CliContext, diagnostics: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): number {
  reportDiagnostics(ctx, diagnostics, sources);
  const errors = countErrors(diagnostics);
  if (errors > 0) ctx.terminal.stderr.write(`Found ${errors} ${errors === 1 ? 'error' : 'errors'} in the config; nothing was planned or changed.\n`);
  return errors;
}
