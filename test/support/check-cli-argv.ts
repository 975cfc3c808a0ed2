import { Writable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import type { CliContext } from '../../src/cli/cli-context.js';
import { buildProgram } from '../../src/cli/program.js';

/** What the real skuform command line made of an argv, without running anything. */
export type ArgvCheck =
  | { ok: true; command: string; args: string[]; options: Record<string, unknown> }
  | { ok: false; error: string };

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      into.push(chunk.toString());
      done();
    },
  });
}

/**
 * Checks an argv (without the leading `skuform`) against the real commander program: the
 * command exists, every option is known, required arguments are there, and every value a
 * flag's own parser checks (durations, ports, choices, counts) is valid. Every command's
 * action is replaced first, so nothing runs, reads files or opens a store. For the command
 * lines in deployment files and in the README.
 */
export function checkCliArgv(argv: readonly string[]): ArgvCheck {
  const written: string[] = [];
  const ctx: CliContext = {
    terminal: { stdout: sink(written), stderr: sink(written), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, color: false, colorErr: false },
    env: {},
    cwd: process.cwd(),
    debug: false,
    now: () => new Date(0),
    onSignals: () => () => undefined,
    readLine: async () => '',
  };
  const program = buildProgram(ctx, () => undefined);
  let parsed: ArgvCheck | undefined;
  for (const command of program.commands) {
    command.action((...values: unknown[]) => {
      const self = values.at(-1) as Command;
      parsed = { ok: true, command: self.name(), args: [...self.args], options: { ...self.opts() } };
    });
  }
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return { ok: true, command: error.code, args: [], options: {} };
      return { ok: false, error: written.join('').trim() || error.message };
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return parsed ?? { ok: false, error: `no command in: ${argv.join(' ')}` };
}

/** Splits a shell-like command line (quotes and backslashes, no expansion) into words. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/u.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} in: ${line}`);
  if (inWord) words.push(current);
  return words;
}
