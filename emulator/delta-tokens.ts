import { randomBytes } from 'node:crypto';
import { GraphError } from './graph-error.js';
import type { ObjectKind } from './change-log.js';

/**
 * Delta state behind opaque `$deltatoken`s: which collection, which `$select`, and the
 * change-log position the token was issued at. Tokens expire after a time to live (Graph:
 * 7 days for directory objects) and can be invalidated by tests.
 */
export interface DeltaState {
  kind: ObjectKind;
  select: string[] | null;
  seq: number;
  issuedAt: number;
  /** The first request's query, for the fresh-sync link of a 410. */
  query: string;
  /** Lower-cased ids the first request's `$filter=id eq ...` limited tracking to. */
  ids?: string[];
}

export const DEFAULT_DELTA_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;

export class DeltaTokens {
  private readonly tokens = new Map<string, DeltaState>();
  private generation = 0;

  constructor(public ttlMs = DEFAULT_DELTA_TOKEN_TTL_MS) {}

  issue(state: DeltaState): string {
    const token = `${randomBytes(24).toString('base64url')}.${this.generation}`;
    this.tokens.set(token, state);
    return token;
  }

  /**
   * The state behind a token. UNCONFIRMED: Graph's exact answers; an unknown token is a
   * 400 and an expired one a 410 Gone whose Location starts a full sync again.
   */
  resolve(token: string, now: number, restartLink: (state: DeltaState) => string): DeltaState {
    const state = this.tokens.get(token);
    if (state === undefined) throw new GraphError(400, 'Request_BadRequest', 'The delta token is invalid.');
    if (now - state.issuedAt > this.ttlMs) {
      throw new GraphError(410, 'syncStateNotFound', 'The sync state generation is not found. Restart the synchronization without a delta token.', {
        headers: { location: restartLink(state) },
      });
    }
    return state;
  }

  /** Makes every token issued so far expired (tests of the resync path). */
  expireAll(): void {
    for (const state of this.tokens.values()) state.issuedAt = -Infinity;
    this.generation++;
  }
}
