import { isAbsolute, relative, resolve } from 'node:path';
import { StoreError, type Store } from '../model/store.js';
import { FileStore } from './file-store.js';
import type { GraphStoreOptions } from './graph/open-graph-store.js';

/** A parsed `--store` value. New kinds of store add a member here and a case in openStore. */
export type StoreSpec =
  | { kind: 'file'; path: string; shownAs: string }
  /** `graph`, or `graph:URL` for a Graph-compatible endpoint such as the emulator. */
  | { kind: 'graph'; graphUrl?: string };

export interface OpenStoreOptions {
  /** Directory a relative `file:` path is relative to (the config file's, or the working directory). */
  baseDir: string;
  now?: () => Date;
  /** Receives warnings such as a tenant file whose derived fields disagree. */
  onWarning?: (message: string) => void;
  /** Needed for `graph`: sign-in env (the CLI passes process.env), cloud, graphUrl, debug logger, timeouts. */
  graph?: GraphStoreOptions;
}

/** Parses `file:PATH`, `graph` or `graph:URL`; anything else is a StoreError listing what is supported. */
export function parseStoreSpec(spec: string, baseDir: string): StoreSpec {
  const trimmed = spec.trim();
  if (trimmed.startsWith('file:')) {
    const path = trimmed.slice('file:'.length);
    if (path === '') throw new StoreError('The store "file:" needs a path, e.g. file:tenant.json.', { code: 'InvalidStore' });
    const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
    return { kind: 'file', path: absolute, shownAs: displayPath(absolute, path) };
  }
  if (trimmed.toLowerCase() === 'graph') return { kind: 'graph' };
  if (trimmed.toLowerCase().startsWith('graph:')) return { kind: 'graph', graphUrl: parseGraphUrl(trimmed.slice('graph:'.length)) };
  throw new StoreError(`Unknown store "${spec}". Use file:PATH for a tenant file or graph for Microsoft Graph.`, { code: 'InvalidStore' });
}

/** Opens the store a `--store` value names. Nothing is read until the first call on the store. */
export async function openStore(spec: string, options: OpenStoreOptions): Promise<Store> {
  const parsed = parseStoreSpec(spec, options.baseDir);
  switch (parsed.kind) {
    case 'file':
      return new FileStore(parsed.path, { location: `file:${parsed.shownAs}`, now: options.now, onWarning: options.onWarning });
    case 'graph': {
      if (options.graph === undefined) throw new StoreError('The graph store needs sign-in settings (OpenStoreOptions.graph).', { code: 'InvalidStore' });
      // Loaded on demand: @azure/identity alone takes longer to load than a file-store plan of thousands of users.
      const { openGraphStore } = await import('./graph/open-graph-store.js');
      return openGraphStore(parsed.graphUrl === undefined ? options.graph : { ...options.graph, graphUrl: parsed.graphUrl });
    }
  }
}

function parseGraphUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new StoreError(`The store "graph:${text}" needs an http(s) URL of a Graph endpoint, e.g. graph:http://127.0.0.1:8080.`, { code: 'InvalidStore' });
  }
  return text.replace(/\/+$/, '');
}

/** Shows a path the way the user wrote it when relative, so messages and plans stay machine-independent. */
function displayPath(absolute: string, written: string): string {
  return isAbsolute(written) ? absolute : relative(process.cwd(), absolute) || written;
}
