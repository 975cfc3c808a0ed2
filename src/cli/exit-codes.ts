/** Exit codes of SPEC section 2, plus 5 for an apply the tenant did not confirm yet. The CLI is the only place that maps outcomes to them. */
export const ExitCode = {
  ok: 0,
  error: 1,
  changes: 2,
  blocked: 3,
  stale: 4,
  /** apply: every operation succeeded, but the re-read did not show every change yet. */
  unconfirmed: 5,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can fix, already phrased for people: what is wrong, where, and what to
 * do. main prints the message (and the hint) without a stack trace and exits with `exitCode`.
 */
export class UsageError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCodeValue } = {}) {
    super(message);
    this.name = 'UsageError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.error;
  }
}

/**
 * Ends the command with `exitCode` after it has already told the user why (diagnostics,
 * a blocked plan). main prints nothing more.
 */
export class ExitNow extends Error {
  readonly exitCode: ExitCodeValue;

  constructor(exitCode: ExitCodeValue) {
    super(`exit ${exitCode}`);
    this.name = 'ExitNow';
    this.exitCode = exitCode;
  }
}
