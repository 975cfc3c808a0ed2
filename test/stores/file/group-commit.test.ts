import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/stores/file/group-commit.js';

/** A flush whose completion the test controls, recording what state each flush saw. */
function controlledFlush(state: { value: number }) {
  const flushed: number[] = [];
  const finishers: ((error?: Error) => void)[] = [];
  const flush = (): Promise<void> => {
    flushed.push(state.value);
    return new Promise<void>((resolve, reject) => finishers.push((error) => (error === undefined ? resolve() : reject(error))));
  };
  return { flush, flushed, finish: (error?: Error) => finishers.shift()?.(error) };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('runs one flush at a time and merges every change made meanwhile into the next', async () => {
    const state = { value: 0 };
    const { flush, flushed, finish } = controlledFlush(state);
    const commits = new GroupCommit(flush);
    const done: number[] = [];
    const change = (value: number): Promise<void> => {
      state.value = value;
      return commits.commit().then(() => void done.push(value));
    };

    const all = [change(1), change(2), change(3), change(4)];
    await tick();
    expect(flushed).toEqual([1]);
    expect(commits.busy).toBe(true);
    finish();
    await tick();
    expect(done).toEqual([1]);
    // 2, 3 and 4 were made while the first flush ran: one flush, of the latest state.
    expect(flushed).toEqual([1, 4]);
    finish();
    await Promise.all(all);
    expect(done).toEqual([1, 2, 3, 4]);
    expect(commits.flushes).toBe(2);
    expect(commits.busy).toBe(false);
  });

  it('fails the changes queued behind a failed flush, and recovers for later ones', async () => {
    const state = { value: 0 };
    const { flush, flushed, finish } = controlledFlush(state);
    const commits = new GroupCommit(flush);
    state.value = 1;
    const first = commits.commit();
    state.value = 2;
    const second = commits.commit();
    finish(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    await expect(second).rejects.toThrow('disk full');
    expect(commits.busy).toBe(false);

    state.value = 3;
    const third = commits.commit();
    finish();
    await third;
    expect(flushed).toEqual([1, 3]);
  });
});
