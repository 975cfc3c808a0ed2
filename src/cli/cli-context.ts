import type { Terminal } from './terminal.js';

/**
 * Everything a command may know about the process it runs in, captured once in main so that
 * commands stay testable and nothing below `cli/` reads process.* itself.
 */
export interface CliContext {
  terminal: Terminal;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** `--debug`: stack traces and request logs (never secrets). */
  debug: boolean;
  /** Wall clock, for the "planned at" footer and the journal. */
  now: () => Date;
  /** Registers SIGINT/SIGTERM handlers for the duration of an apply; returns the remover. */
  onSignals: (handler: (signal: NodeJS.Signals) => void) => () => void;
  /** Reads one line from stdin (the apply confirmation). */
  readLine: (prompt: string) => Promise<string>;
}
