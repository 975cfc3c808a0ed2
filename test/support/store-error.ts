import { expect } from 'vitest';
import { StoreError } from '../../src/model/store.js';

/** The StoreError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function storeErrorOf(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}
