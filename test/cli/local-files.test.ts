import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFileError } from '../../src/cli/local-files.js';

async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
  return action().then(() => undefined, (error: unknown) => error);
}

describe('describeFileError', () => {
  it('turns real file-system failures into sentences with a hint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skuform-files-'));
    try {
      const missing = describeFileError(await failureOf(() => open(join(dir, 'no', 'plan.json'), 'w')));
      expect(missing).toEqual({ message: `Cannot open ${join(dir, 'no', 'plan.json')}: no such file or folder (ENOENT).`, reason: 'no such file or folder (ENOENT)', hint: expect.stringContaining('create the folder') });
      const folder = describeFileError(await failureOf(() => open(dir, 'a')));
      expect(folder?.message).toBe(`Cannot open ${dir}: it is a folder (EISDIR).`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('knows permission errors, which root never sees', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/srv/journal.jsonl'"), { code: 'EACCES', syscall: 'open', path: '/srv/journal.jsonl' });
    expect(describeFileError(error)?.message).toBe('Cannot open /srv/journal.jsonl: permission denied (EACCES).');
  });

  it('leaves other errors alone', () => {
    expect(describeFileError(new Error('boom'))).toBeUndefined();
    expect(describeFileError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeUndefined();
  });
});
