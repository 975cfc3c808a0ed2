import { readFile, stat } from 'node:fs/promises';
import { StoreError } from '../../model/store.js';
import { findJsonSyntaxError } from './find-json-syntax-error.js';
import { TenantShapeError, validateTenantDocument, type ValidatedTenant } from './validate-tenant-document.js';

/** Identity of one version of a file: any write (ours: a rename) changes it. */
export interface FileVersion {
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface TenantFile extends ValidatedTenant {
  /** The exact text read, to tell whether a rewrite would change anything. */
  text: string;
  version: FileVersion;
}

/** The current version of the file, or undefined when it does not exist. */
export async function statVersion(path: string): Promise<FileVersion | undefined> {
  try {
    const info = await stat(path);
    return { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new StoreError(`Cannot read ${path}: ${errorText(error)}`, { code: 'FileUnreadable', cause: error });
  }
}

export function sameVersion(a: FileVersion | undefined, b: FileVersion | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Reads and checks a tenant file. Every problem is a StoreError whose message says which
 * file, where and what (`tenant.json:3:7: not valid JSON: ...`, or the JSON path of a
 * wrong shape); never a stack trace.
 */
export async function readTenantFile(path: string, shownAs: string): Promise<TenantFile> {
  const version = await statVersion(path);
  if (version === undefined) {
    throw new StoreError(`Tenant file not found: ${shownAs}`, {
      code: 'FileNotFound',
      hint: 'Check the --store path, or capture a tenant with `skuform export --store graph --snapshot FILE`.',
    });
  }
  let raw: string;
  try {
    // Read as bytes and decode once: with an encoding, readFile decodes chunk by chunk into
    // a string of many pieces, which JSON.parse then copies again into one (for a 100 MB
    // tenant file, two extra copies of it).
    raw = (await readFile(path)).toString('utf8');
  } catch (error) {
    throw new StoreError(`Cannot read ${shownAs}: ${errorText(error)}`, { code: 'FileUnreadable', cause: error });
  }
  // Editors on Windows may save a byte-order mark, which JSON does not allow.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    const where = problem === undefined ? '' : `:${problem.line}:${problem.column}`;
    const what = problem?.message ?? (error instanceof Error ? error.message : String(error));
    throw new StoreError(`${shownAs}${where}: not valid JSON: ${what}`, { code: 'InvalidJson' });
  }
  try {
    return { ...validateTenantDocument(parsed), text: raw, version };
  } catch (error) {
    if (!(error instanceof TenantShapeError)) throw error;
    throw new StoreError(`${shownAs}: not a tenant file: ${error.message}`, {
      code: 'InvalidTenantFile',
      hint: 'The tenant file uses Microsoft Graph shapes; see the file store section of the documentation.',
    });
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** The system's reason without the stack (e.g. "permission denied"). */
export function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    const message = error instanceof Error ? error.message : '';
    return message.startsWith(`${error.code}:`) ? message.slice(error.code.length + 1).split(',')[0]?.trim() ?? error.code : message || error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
