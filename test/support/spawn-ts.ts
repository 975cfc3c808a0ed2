import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./register-ts-loader.mjs', import.meta.url));

/** Runs a TypeScript file of this project in a separate Node process (stdin and stdout piped). */
export function spawnTypeScript(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', REGISTER, script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
}

/** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve(line);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      reject(new Error(`child exited (code ${String(code)}, signal ${String(signal)}) before printing ${String(pattern)}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Resolves when the process has exited. */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
