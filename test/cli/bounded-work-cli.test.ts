import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, useExampleCopy } from '../support/run-cli.js';

/**
 * Work grows with the input, never past the machine: many problems are reported without
 * overflowing the stack, and a config too large to plan within memory is refused before it
 * is read, with its size, the limit and what to do.
 */
function usersConfig(count: number): string {
  const lines = ['version: 1', 'settings:', '  managedSkus: [SPE_E3]', 'users:'];
  for (let i = 0; i < count; i++) lines.push(`  ghost${i}@contoso.com: [{sku: SPE_E3}]`);
  return `${lines.join('\n')}\n`;
}

describe('bounded work', () => {
  const dir = useExampleCopy({ beforeEach, afterEach });

  it('plans 35,000 users the tenant lacks: every one reported, no stack overflow', async () => {
    await writeFile(join(dir(), 'ghosts.yaml'), usersConfig(35_000));
    const run = await runCli(['plan', 'ghosts.yaml', '--store', 'file:examples/tenant.json'], { cwd: dir() });
    expect(run.stderr).not.toContain('Maximum call stack');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Plan blocked: 35000 errors must be fixed');
    expect(run.stdout).toContain('user "ghost34999@contoso.com" was not found in the tenant');
  }, 120_000);

  it('refuses a config too large to plan within memory, before reading it, naming size, limit and remedy', async () => {
    await writeFile(join(dir(), 'huge.yaml'), usersConfig(120_000));
    const run = await runCli(['plan', 'huge.yaml', '--store', 'file:examples/tenant.json'], { cwd: dir(), env: { NODE_OPTIONS: '--max-old-space-size=256' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: the config is \d\.\d MB in 1 file, more than the \d\.\d MB this process can plan within its memory limit of 0\.\d GB/);
    expect(run.stderr).toContain('NODE_OPTIONS=--max-old-space-size=1024');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
