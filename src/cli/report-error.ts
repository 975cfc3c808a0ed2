import { GitHubApiError } from '../github/github-error.js';
import { StoreError } from '../model/store.js';
import { sanitizeText } from '../render/sanitize-text.js';
import { createTextStyle } from '../render/text-style.js';
import type { CliContext } from './cli-context.js';
import { ExitCode, ExitNow, UsageError, type ExitCodeValue } from './exit-codes.js';
import { describeFileError } from './local-files.js';

/** Messages carry names from the tenant and the config, and servers' texts: sanitised line by line. */
function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitizeText).join('\n');
}

/**
 * Turns whatever ended a command into the words a person needs and an exit code. Errors
 * a user can fix (usage, store, GitHub, a file that cannot be written) print message and hint
 * only; anything else is a bug and prints its stack only with --debug.
 */
export function reportError(ctx: CliContext, error: unknown): ExitCodeValue {
  if (error instanceof ExitNow) return error.exitCode;
  const style = createTextStyle(ctx.terminal.colorErr);
  const write = (label: string, text: string): void => {
    ctx.terminal.stderr.write(`${label}${sanitizeLines(text)}\n`);
  };
  const hint = (text: string | undefined): void => {
    if (text) write(`  ${style.cyan('hint:')} `, text);
  };
  if (error instanceof UsageError) {
    write(`${style.red('error:')} `, error.message);
    hint(error.hint);
    return error.exitCode;
  }
  if (error instanceof StoreError || error instanceof GitHubApiError) {
    // Facts the message does not state already (Graph store errors name all three).
    const said = (value: string | number | undefined): boolean => value !== undefined && error.message.includes(String(value));
    const facts = [
      error.status && !said(error.status) ? `HTTP ${error.status}` : undefined,
      error instanceof StoreError && error.code !== 'StoreError' && !said(error.code) ? error.code : undefined,
      error.requestId && !said(error.requestId) ? `request-id ${error.requestId}` : undefined,
    ].filter((f) => f !== undefined);
    write(`${style.red('error:')} `, `${error.message}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`);
    // A lock error's message ends with its advice, so that logs which print only the message
    // keep it; the terminal shows it once.
    if (!said(error.hint)) hint(error.hint);
    if (ctx.debug && error.stack) write('', error.stack);
    return ExitCode.error;
  }
  const fileError = describeFileError(error);
  if (fileError !== undefined) {
    write(`${style.red('error:')} `, fileError.message);
    hint(fileError.hint);
    if (ctx.debug && error instanceof Error && error.stack) write('', error.stack);
    return ExitCode.error;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`${style.red('error:')} `, message);
  if (ctx.debug && error instanceof Error && error.stack) write('', error.stack);
  else hint('This looks like a bug in skuform. Run again with --debug and report the output.');
  return ExitCode.error;
}
