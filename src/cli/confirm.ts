import type { CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';

/**
 * Asks for `yes` on a TTY before apply, as terraform does. Without a TTY there is nobody to
 * ask: refuse unless --auto-approve was given, so a CI job never applies by accident.
 */
export async function confirmApply(ctx: CliContext, autoApprove: boolean): Promise<boolean> {
  if (autoApprove) return true;
  if (!ctx.terminal.stdinIsTty) {
    throw new UsageError('Refusing to apply without confirmation: there is no terminal to ask.', {
      hint: 'Review the plan, then run again with --auto-approve (in CI: apply a saved plan with --plan FILE --auto-approve).',
    });
  }
  const answer = await ctx.readLine('\nDo you want to apply these changes? Only "yes" will be accepted: ');
  return answer.trim() === 'yes';
}
