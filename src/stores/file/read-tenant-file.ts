import { constants } from 'node:buffer';
import { open, readFile, stat } from 'node:fs/promises';
import { StoreError } from '../../model/store.js';
import type { UserIndex } from '../semantics/index.js';
import { SPLIT_MEMBERS, TenantAssembler } from './assemble-tenant-document.js';
import { findJsonSyntaxError } from './find-json-syntax-error.js';
import { locateByte } from './locate-byte.js';
import { JsonSplitError, splitJsonObject } from './split-json-object.js';
import { TenantShapeError, validateTenantDocument, type ValidatedTenant } from './validate-tenant-document.js';

/** Identity of one version of a file: any write (ours: a rename) changes it. */
export interface FileVersion {
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface TenantFile extends ValidatedTenant {
  version: FileVersion;
  /** The users, indexed while they were read (absent when the file was read whole). */
  userIndex?: UserIndex;
}

export interface ReadTenantOptions {
  /**
   * Largest file that can be read whole, as one string, to report a problem exactly: the
   * most characters a JavaScript string can hold. Tests lower it.
   */
  maxTextBytes?: number;
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
 *
 * The file is read in pieces (see splitJsonObject), checked piece by piece. A file that
 * cannot be read that way is read whole, which reports its problem exactly; a file too
 * large for that is described from what the split read found.
 */
export async function readTenantFile(path: string, shownAs: string, options: ReadTenantOptions = {}): Promise<TenantFile> {
  const version = await statVersion(path);
  if (version === undefined) {
    throw new StoreError(`Tenant file not found: ${shownAs}`, {
      code: 'FileNotFound',
      hint: 'Check the --store path, or capture a tenant with `skuform export --store graph --snapshot FILE`.',
    });
  }
  try {
    return { ...(await readSplit(path)), version };
  } catch (error) {
    if (!(error instanceof JsonSplitError || error instanceof TenantShapeError)) throw unreadable(shownAs, error);
    if (version.size <= (options.maxTextBytes ?? constants.MAX_STRING_LENGTH)) return readWhole(path, shownAs, version);
    if (error instanceof TenantShapeError) throw notATenantFile(shownAs, error);
    const { line, column } = await locateByte(path, error.offset);
    throw new StoreError(`${shownAs}:${line}:${column}: not valid JSON: ${error.message}`, { code: 'InvalidJson' });
  }
}

async function readSplit(path: string): Promise<ValidatedTenant & { userIndex: UserIndex }> {
  const handle = await open(path, 'r');
  try {
    const assembler = new TenantAssembler();
    for await (const piece of splitJsonObject(handle, { split: SPLIT_MEMBERS })) assembler.add(piece);
    return assembler.finish();
  } finally {
    await handle.close();
  }
}

/** The whole file as one string: JSON.parse and the syntax locator then name its problem exactly. */
async function readWhole(path: string, shownAs: string, version: FileVersion): Promise<TenantFile> {
  let raw: string;
  try {
    // Read as bytes and decode once: with an encoding, readFile decodes chunk by chunk into
    // a string of many pieces, which JSON.parse then copies again into one (for a 100 MB
    // tenant file, two extra copies of it).
    raw = (await readFile(path)).toString('utf8');
  } catch (error) {
    throw unreadable(shownAs, error);
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
    return { ...validateTenantDocument(parsed), version };
  } catch (error) {
    if (!(error instanceof TenantShapeError)) throw error;
    throw notATenantFile(shownAs, error);
  }
}

function notATenantFile(shownAs: string, error: TenantShapeError): StoreError {
  return new StoreError(`${shownAs}: not a tenant file: ${error.message}`, {
    code: 'InvalidTenantFile',
    hint: 'The tenant file uses Microsoft Graph shapes; see the file store section of the documentation.',
  });
}

/** A system error (no access, a directory...) as a StoreError; anything else is a bug and stays as it is. */
function unreadable(shownAs: string, error: unknown): unknown {
  const system = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
  return system && !(error instanceof StoreError) ? new StoreError(`Cannot read ${shownAs}: ${errorText(error)}`, { code: 'FileUnreadable', cause: error }) : error;
}

/**
 * Whether `text` is exactly the file's content, for a file read in pieces (whose text was
 * never held whole): the size tells most changes apart without reading anything.
 */
export async function sameAsFile(path: string, text: string, version: FileVersion | undefined): Promise<boolean> {
  if (version === undefined || Buffer.byteLength(text) !== version.size) return false;
  return (await readFile(path)).equals(Buffer.from(text));
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
