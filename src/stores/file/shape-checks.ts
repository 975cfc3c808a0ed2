/**
 * The checks the tenant-file validator is built from. A problem is thrown as a
 * {@link ShapeProblem} whose path is relative to the value being checked and grows by one
 * step at each level the exception passes on its way up, so a valid file (the usual case)
 * never pays for building paths of millions of values.
 */

import { isGuid } from '../semantics/index.js';

/** A problem found below some value, with its path relative to that value. */
export class ShapeProblem extends Error {
  constructor(public path: string, readonly problem: string) {
    super(problem);
  }

  under(key: string | number): ShapeProblem {
    this.path = typeof key === 'number' ? `[${key}]${this.path}` : `.${key}${this.path}`;
    return this;
  }
}

/** Runs `check` with `key` added to the path of any problem it finds. */
export function within(key: string | number, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw under(error, key);
  }
}

function under(error: unknown, key: string | number): unknown {
  return error instanceof ShapeProblem ? error.under(key) : error;
}

// The list walks below use try/catch in place of `within`: they run for every license and
// state of every user, where a closure per item would be measurable garbage.

/** Checks every item of the list under `key`; `context` is handed to each check. */
export function listOf<C>(value: unknown, key: string, context: C, check: (item: unknown, context: C) => void): void {
  try {
    const items = arrayOf(value);
    for (let i = 0; i < items.length; i++) {
      try {
        check(items[i], context);
      } catch (error) {
        throw under(error, i);
      }
    }
  } catch (error) {
    throw under(error, key);
  }
}

export function guids(value: unknown, key: string): void {
  try {
    const items = arrayOf(value);
    for (let i = 0; i < items.length; i++) guid(items[i], i);
  } catch (error) {
    throw under(error, key);
  }
}

export function arrayOf(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new ShapeProblem('', `expected an array, found ${describe(value)}`);
  return value;
}

/** The property's value (read by the caller, by name); parsed JSON has no undefined values, so undefined means absent. */
export function required(o: Record<string, unknown>, key: string, value: unknown): unknown {
  if (value === undefined && !(key in o)) throw new ShapeProblem('', `missing property "${key}"`);
  return value;
}

export function text(v: unknown, key: string | number): void {
  if (typeof v !== 'string') throw new ShapeProblem('', `expected a string, found ${describe(v)}`).under(key);
}

export function nullableText(v: unknown, key: string): void {
  if (v !== null) text(v, key);
}

/**
 * GUIDs already found well-formed. Nearly every GUID of a tenant file is one of its few
 * dozen SKU and plan ids, repeated for every user, and a set lookup costs a fraction of the
 * pattern match. Bounded, because a file may hold any number of distinct ones.
 */
const knownGuids = new Set<string>();
const MAX_KNOWN_GUIDS = 4096;

export function guid(v: unknown, key: string | number): void {
  if (typeof v === 'string' && knownGuids.has(v)) return;
  if (!isGuid(v)) throw new ShapeProblem('', `expected a GUID string, found ${describe(v)}`).under(key);
  if (knownGuids.size < MAX_KNOWN_GUIDS) knownGuids.add(v);
}

export function flag(v: unknown, key: string): void {
  if (typeof v !== 'boolean') throw new ShapeProblem('', `expected true or false, found ${describe(v)}`).under(key);
}

export function count(v: unknown, key: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ShapeProblem('', `expected a whole number of at least 0, found ${describe(v)}`).under(key);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 60 ? `the string "${v.slice(0, 57)}..."` : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  if (v === undefined) return 'nothing';
  return `${typeof v} ${String(v)}`;
}
