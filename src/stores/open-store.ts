import { isAbsolute, relative, resolve } from 'node:path';
import { StoreError, type Store } from '../model/store.js';
import { FileStore } from './file-store.js';

/** A parsed `--store` value. New kinds of store add a member here and a case in openStore. */
export type StoreSpec = { kind: 'file'; path: string; shownAs: string };

export interface OpenStoreOptions {
  /** Directory a relative `file:` path is relative to (the config file's, or the working directory). */
  baseDir: string;
  now?: () => Date;
  /** Receives warnings such as a tenant file whose derived fields disagree. */
  onWarning?: (message: string) => void;
}

/** Parses `file:PATH`; anything else is a StoreError listing what is supported. */
export function parseStoreSpec(spec: string, baseDir: string): StoreSpec {
  const trimmed = spec.trim();
  if (trimmed.startsWith('file:')) {
    const path = trimmed.slice('file:'.length);
    if (path === '') throw new StoreError('The store "file:" needs a path, e.g. file:tenant.json.', { code: 'InvalidStore' });
    const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
    return { kind: 'file', path: absolute, shownAs: displayPath(absolute, path) };
  }
  throw new StoreError(`Unknown store "${spec}". Use file:PATH for a tenant file.`, { code: 'InvalidStore' });
}

/** Opens the store a `--store` value names. Nothing is read until the first call on the store. */
export async function openStore(spec: string, options: OpenStoreOptions): Promise<Store> {
  const parsed = parseStoreSpec(spec, options.baseDir);
  switch (parsed.kind) {
    case 'file':
      return new FileStore(parsed.path, { location: `file:${parsed.shownAs}`, now: options.now, onWarning: options.onWarning });
  }
}

/** Shows a path the way the user wrote it when relative, so messages and plans stay machine-independent. */
function displayPath(absolute: string, written: string): string {
  return isAbsolute(written) ? absolute : relative(process.cwd(), absolute) || written;
}
