import type { Writable } from 'node:stream';

/** What the CLI knows about where its output goes. Built once from process.* in main. */
export interface Terminal {
  stdout: Writable;
  stderr: Writable;
  /** stdout is an interactive terminal. */
  stdoutIsTty: boolean;
  /** stderr is an interactive terminal (progress bars go there). */
  stderrIsTty: boolean;
  /** stdin is an interactive terminal (apply may ask for confirmation). */
  stdinIsTty: boolean;
  /** Colours on stdout. */
  color: boolean;
  /** Colours on stderr. */
  colorErr: boolean;
}

/**
 * Colours follow NO_COLOR (https://no-color.org: any non-empty value disables) and
 * FORCE_COLOR (non-empty and not "0" enables), and are otherwise on only for a TTY.
 */
export function shouldUseColor(env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (force === '0' || force === 'false') return false;
  return isTty;
}
