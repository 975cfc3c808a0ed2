/**
 * Collects human-readable warnings, at most `limit` per kind, so that a file that is wrong
 * for 100,000 users yields a readable list with a count rather than 100,000 lines.
 */
export class WarningCollector {
  private readonly shown = new Map<string, string[]>();
  private readonly hidden = new Map<string, { count: number; summary: string }>();

  constructor(private readonly limit = 10) {}

  /** Records one warning; `summary` names what the hidden ones are about, e.g. "users whose ...". */
  add(kind: string, message: string, summary: string): void {
    const list = this.shown.get(kind) ?? [];
    this.shown.set(kind, list);
    if (list.length < this.limit) {
      list.push(message);
      return;
    }
    const more = this.hidden.get(kind) ?? { count: 0, summary };
    more.count += 1;
    this.hidden.set(kind, more);
  }

  list(): string[] {
    const out: string[] = [];
    for (const [kind, messages] of this.shown) {
      out.push(...messages);
      const more = this.hidden.get(kind);
      if (more !== undefined) out.push(`... and ${more.count} more ${more.summary}`);
    }
    return out;
  }
}
