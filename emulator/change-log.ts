/**
 * The emulator's record of directory changes, the source of delta query rounds. Every change
 * gets a sequence number; a delta token remembers the number it was issued at, and a round
 * reads only the entries after it, so its cost grows with the changes, not the tenant.
 */

export type ObjectKind = 'user' | 'group';

/** How Graph reports a removed object: `changed` = soft-deleted (restorable), `deleted` = gone for good. */
export type RemovalReason = 'changed' | 'deleted';

export interface ChangeEntry {
  seq: number;
  kind: ObjectKind;
  id: string;
  /** Names of the properties that changed. */
  properties: readonly string[];
  removed?: RemovalReason;
  /** Group membership changes, when `members` changed. */
  membersAdded?: readonly string[];
  membersRemoved?: readonly string[];
}

/** An object's net change over a range of the log. */
export interface NetChange {
  id: string;
  properties: Set<string>;
  removed?: RemovalReason;
  membersAdded: Set<string>;
  membersRemoved: Set<string>;
}

export class ChangeLog {
  private readonly entries: ChangeEntry[] = [];

  /** The sequence number of the last change (0 before any). */
  get current(): number {
    return this.entries.length;
  }

  record(change: Omit<ChangeEntry, 'seq'>): void {
    this.entries.push({ ...change, seq: this.entries.length + 1 });
  }

  /**
   * Net changes of one kind after `seq`, in the order objects first changed. A removal wins
   * over earlier changes; a later change (a restore) clears it. Membership changes cancel
   * out when a member is added and removed again.
   */
  since(kind: ObjectKind, seq: number): NetChange[] {
    const net = new Map<string, NetChange>();
    for (let i = Math.max(0, seq); i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry === undefined || entry.kind !== kind) continue;
      let change = net.get(entry.id);
      if (change === undefined) {
        change = { id: entry.id, properties: new Set(), membersAdded: new Set(), membersRemoved: new Set() };
        net.set(entry.id, change);
      }
      applyEntry(change, entry);
    }
    return [...net.values()];
  }
}

function applyEntry(change: NetChange, entry: ChangeEntry): void {
  if (entry.removed !== undefined) {
    change.removed = entry.removed;
    return;
  }
  change.removed = undefined;
  for (const property of entry.properties) change.properties.add(property);
  for (const member of entry.membersAdded ?? []) {
    if (!change.membersRemoved.delete(member)) change.membersAdded.add(member);
  }
  for (const member of entry.membersRemoved ?? []) {
    if (!change.membersAdded.delete(member)) change.membersRemoved.add(member);
  }
}

/** One JSON string per property: cheap to compare to find what a write changed. */
export type ObjectSnapshot = Map<string, string>;

export function snapshotObject(object: object): ObjectSnapshot {
  const snapshot: ObjectSnapshot = new Map();
  for (const [key, value] of Object.entries(object)) snapshot.set(key, JSON.stringify(value));
  return snapshot;
}

/** Property names whose values differ between the snapshot and the object now. */
export function changedProperties(before: ObjectSnapshot, after: object): string[] {
  const changed: string[] = [];
  const keys = new Set([...before.keys(), ...Object.keys(after)]);
  for (const key of keys) {
    const now = (after as Record<string, unknown>)[key];
    if (before.get(key) !== (now === undefined ? undefined : JSON.stringify(now))) changed.push(key);
  }
  return changed;
}
