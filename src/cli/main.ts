#!/usr/bin/env node
import type { CliContext } from './cli-context.js';
import { createClock } from './create-clock.js';
import { runCli } from './program.js';
import { redactingStream, secretValuesOf } from './redact-secrets.js';
import { shouldUseColor } from './terminal.js';

/** The composition root: the only place that reads process.* and exits. */
function createProcessContext(argv: readonly string[], now: () => Date): CliContext {
  const env = process.env;
  // Secrets are redacted by value from everything written, whatever put them in a message.
  const secrets = secretValuesOf(env);
  return {
    terminal: {
      stdout: redactingStream(process.stdout, secrets),
      stderr: redactingStream(process.stderr, secrets),
      stdoutIsTty: process.stdout.isTTY === true,
      stderrIsTty: process.stderr.isTTY === true,
      stdinIsTty: process.stdin.isTTY === true,
      color: shouldUseColor(env, process.stdout.isTTY === true),
      colorErr: shouldUseColor(env, process.stderr.isTTY === true),
    },
    env,
    cwd: process.cwd(),
    debug: argv.includes('--debug'),
    now,
    onSignals: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    readLine: async (prompt) => {
      // Loaded on demand: only confirmations prompt, and every run would pay for it.
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(prompt);
      } finally {
        rl.close();
      }
    },
  };
}

const argv = process.argv.slice(2);
const clock = createClock(process.env.SKUFORM_NOW);
if (clock === undefined) {
  process.stderr.write(`error: SKUFORM_NOW is not a date or date-time: ${JSON.stringify(process.env.SKUFORM_NOW)}\n  hint: unset it, or give an instant such as 2026-12-01T09:00:00Z\n`);
  process.exit(1);
}
const code = await runCli(argv, createProcessContext(argv, clock));
// Exit explicitly once output is flushed: idle HTTP keep-alive sockets must not hold the process.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
