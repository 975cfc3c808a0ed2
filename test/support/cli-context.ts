import { Writable } from 'node:stream';
import type { CliContext } from '../../src/cli/cli-context.js';

/** A stream that keeps what is written to it. */
export class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/**
 * A CLI context for running command functions in-process (fuzz loops that would take
 * minutes as child processes): no terminal, no colour, the given working directory and env.
 */
export function aCliContext(options: { cwd: string; env?: NodeJS.ProcessEnv }): { ctx: CliContext; stdout: TextSink; stderr: TextSink } {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const ctx: CliContext = {
    terminal: { stdout, stderr, stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, color: false, colorErr: false },
    env: options.env ?? {},
    cwd: options.cwd,
    debug: false,
    now: () => new Date('2026-01-01T00:00:00Z'),
    onSignals: () => () => undefined,
    readLine: () => Promise.resolve(''),
  };
  return { ctx, stdout, stderr };
}
