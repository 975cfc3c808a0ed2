import type { ObjectKind, ObjectSnapshot } from './change-log.js';

/**
 * Reads that lag behind writes, as Graph's replicas do: for `lagMs` after an object changed,
 * a read sees it as it was before that change (the version current `lagMs` ago). The write's
 * own answer is never lagged. UNCONFIRMED how long Graph's lag is; it is usually seconds, so
 * it is configurable and off by default.
 */
export class ReplicationLag {
  lagMs: number;
  /** Per object: the versions replaced within the lag, oldest first, with when they were replaced. */
  readonly #replaced = new Map<string, { at: number; previous: object }[]>();

  constructor(lagMs = 0) {
    this.lagMs = lagMs;
  }

  /** An object changed at `now`; `before` is how it was. */
  remember(kind: ObjectKind, id: string, before: ObjectSnapshot, now: number): void {
    if (this.lagMs <= 0) return;
    const key = keyOf(kind, id);
    const versions = this.#replaced.get(key) ?? [];
    versions.push({ at: now, previous: restore(before) });
    this.#replaced.set(key, versions);
  }

  /** The version of `object` a read at `now` sees. */
  visible<T extends { id: string }>(kind: ObjectKind, object: T, now: number): T {
    if (this.#replaced.size === 0) return object;
    const key = keyOf(kind, object.id);
    const versions = this.#replaced.get(key);
    if (versions === undefined) return object;
    const asOf = now - this.lagMs;
    while (versions.length > 0 && (versions[0]?.at ?? 0) <= asOf) versions.shift();
    if (versions.length === 0) {
      this.#replaced.delete(key);
      return object;
    }
    return (versions[0]?.previous ?? object) as T;
  }
}

function keyOf(kind: ObjectKind, id: string): string {
  return `${kind}:${id.toLowerCase()}`;
}

function restore(snapshot: ObjectSnapshot): object {
  const object: Record<string, unknown> = {};
  for (const [key, json] of snapshot) if (json !== undefined) object[key] = JSON.parse(json) as unknown;
  return object;
}
