import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOADER = fileURLToPath(new URL('../support/register-ts-loader.mjs', import.meta.url));
const MAIN = fileURLToPath(new URL('../../emulator/main.ts', import.meta.url));

function runMain(args: string[]): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', LOADER, MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(output: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('emulator command line', () => {
  it('serves a generated tenant, prints the URL and token, and stops on SIGINT', async () => {
    const run = runMain(['--generate', '25', '--port', '0', '--write-quota', '5/1']);
    const [, url] = await waitFor(run.output, /at (http:\/\/[\d.:]+)\/v1\.0/);
    const [, token] = await waitFor(run.output, /SKUFORM_GRAPH_TOKEN=(\S+)/);
    const response = await fetch(`${url}/v1.0/users?$top=5`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { value: unknown[] }).value).toHaveLength(5);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/stopped after 1 requests/);
  });

  it('makes the write quota a token bucket with --write-burst', async () => {
    const run = runMain(['--generate', '25', '--port', '0', '--write-quota', '2/1', '--write-burst', '2']);
    const [, url] = await waitFor(run.output, /at (http:\/\/[\d.:]+)\/v1\.0/);
    const [, token] = await waitFor(run.output, /SKUFORM_GRAPH_TOKEN=(\S+)/);
    const assign = (n: number) => fetch(`${url}/v1.0/users/user${n}@contoso.example/assignLicense`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ addLicenses: [], removeLicenses: [] }),
    });
    const statuses = [];
    for (let n = 0; n < 3; n++) statuses.push((await assign(n)).status);
    expect(statuses).toEqual([200, 200, 429]);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('explains a bad option and exits 2', async () => {
    const run = runMain(['--generate', '5', '--write-quota', 'lots']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('--write-quota expects N/S');
    expect(run.output()).toContain('Usage:');
  });
});
