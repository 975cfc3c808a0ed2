import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runGitHubAction, type RunCli } from './run-github-action.js';

/**
 * Entry point of the composite action's run step (`node dist/src/cli/github-action-main.js`).
 * skuform runs as a child process so its exit code, signals and output are exactly those of
 * the CLI a user runs by hand.
 */
const cliPath = fileURLToPath(new URL('./main.js', import.meta.url));

const runCli: RunCli = (argv) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...argv], { stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`skuform could not start: ${error.message}`);
      resolve(1);
    });
    // A signal ends it the way a shell reports it: 128 + signal number (SIGINT -> 130).
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)));
  });

process.exitCode = await runGitHubAction(process.env, runCli, (line) => console.log(line));
