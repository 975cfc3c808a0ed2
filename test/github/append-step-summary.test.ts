import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendStepSummary, STEP_SUMMARY_LIMIT_BYTES } from '../../src/github/append-step-summary.js';

let dir: string;
let summary: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-summary-'));
  summary = join(dir, 'step_summary');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('appendStepSummary', () => {
  it('creates the file and appends after what the step already wrote', async () => {
    expect(await appendStepSummary(summary, '## Plan A')).toEqual({ bytesWritten: 10, truncated: false });
    await appendStepSummary(summary, '## Plan B\n');
    expect(await readFile(summary, 'utf8')).toBe('## Plan A\n\n## Plan B\n');
  });

  it('keeps a huge plan under 1 MiB with a note', async () => {
    const plan = `# Plan\n${'| bob@contoso.com | + SPE_E5 ✓ |\n'.repeat(60_000)}`;
    expect(Buffer.byteLength(plan)).toBeGreaterThan(STEP_SUMMARY_LIMIT_BYTES);

    const result = await appendStepSummary(summary, plan);

    const written = await readFile(summary);
    expect(result).toEqual({ bytesWritten: written.length, truncated: true });
    expect(written.length).toBeLessThan(STEP_SUMMARY_LIMIT_BYTES);
    expect(written.toString('utf8')).toMatch(/\| \+ SPE_E5 ✓ \|\n\n> \*\*Plan truncated\*\*/);
  });

  it('counts what is already in the file against the limit', async () => {
    await writeFile(summary, 'x'.repeat(900));
    const result = await appendStepSummary(summary, 'y'.repeat(500), { limitBytes: 1000, truncationNote: 'cut' });
    expect(result.truncated).toBe(true);
    const size = (await readFile(summary)).length;
    expect(size).toBeLessThan(1000);
    expect(size).toBe(900 + result.bytesWritten);
  });

  it('writes nothing when the file is already full', async () => {
    await writeFile(summary, 'x'.repeat(1000));
    expect(await appendStepSummary(summary, 'plan', { limitBytes: 1000 })).toEqual({ bytesWritten: 0, truncated: true });
  });
});
