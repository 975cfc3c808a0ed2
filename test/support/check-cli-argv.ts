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

/** The real program, writing into `written` instead of the terminal. */
function silentProgram(written: string[]): Command {
  const ctx: CliContext = {
    terminal: { stdout: sink(written), stderr: sink(written), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, color: false, colorErr: false },
    env: {},
    cwd: process.cwd(),
    debug: false,
    now: () => new Date(0),
    onSignals: () => () => undefined,
    readLine: async () => '',
  };
  return buildProgram(ctx, () => undefined);
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
  const program = silentProgram(written);
  let parsed: ArgvCheck | undefined;
  // Only commands without subcommands run an action (`report` only dispatches to `report
  // inactive`); every one of them is replaced, at any depth.
  for (const command of leafCommands(program)) {
    command.action((...values: unknown[]) => {
      const self = values.at(-1) as Command;
      parsed = { ok: true, command: commandPath(self), args: [...self.args], options: { ...self.opts() } };
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

/**
 * Checks a mention of a command in prose or a synopsis (`skuform plan [PATH...] [--out FILE]`,
 * `skuform comment`), where values are placeholders and required options may be left out: the
 * command exists, and every `--option` named is one the command (or the program) knows.
 */
export function checkCliMention(words: readonly string[]): ArgvCheck {
  let command = silentProgram([]);
  let rest = [...words];
  while (rest[0] !== undefined && !rest[0].startsWith('-')) {
    const name = rest[0];
    const sub = command.commands.find((candidate) => candidate.name() === name);
    if (sub === undefined) {
      // Below a command that only dispatches (`report`), the next word must be one of its commands.
      if (command.commands.length > 0) return { ok: false, error: `unknown command '${[commandPath(command), name].filter(Boolean).join(' ')}'` };
      break;
    }
    command = sub;
    rest = rest.slice(1);
  }
  if (command.parent === null) return { ok: false, error: `no command in: ${words.join(' ')}` };
  const known = new Set(['--help']);
  for (let at: Command | null = command; at; at = at.parent) for (const option of at.options) if (option.long) known.add(option.long);
  // A synopsis wraps options in brackets and alternatives (`[--format text|json]`, `[A | --plan F]`).
  const named = rest.flatMap((word) => word.match(/(?<![\w-])--[A-Za-z0-9][\w-]*/gu) ?? []);
  const unknown = named.filter((option) => !known.has(option));
  if (unknown.length > 0) return { ok: false, error: `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((o) => `'${o}'`).join(', ')} for '${commandPath(command)}'` };
  return { ok: true, command: commandPath(command), args: [], options: {} };
}

function leafCommands(command: Command): Command[] {
  return command.commands.flatMap((sub) => (sub.commands.length > 0 ? leafCommands(sub) : [sub]));
}

/** `report inactive` for the nested command, `plan` for a top-level one. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
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
