import type { FinishedRun, Trigger, TriggerSource } from './triggers.js';

export interface ReconcileLoopOptions {
  /** One run for the triggers gathered since the last one started. Must not throw. */
  run: (triggers: readonly Trigger[]) => Promise<FinishedRun>;
  sources: readonly TriggerSource[];
  /** The queued triggers turned out stale (the run itself caused them): nothing ran. */
  onDropped?: (triggers: readonly Trigger[]) => void;
  /** A source failed in afterRun; the loop goes on. */
  onError?: (error: unknown) => void;
}

/**
 * A single-flight loop: many trigger sources, at most one run in flight and at most one
 * queued. Triggers that arrive during a run are gathered into the one run that follows it,
 * however many there are. After each run every source hears how it ended (timers re-arm).
 */
export class ReconcileLoop {
  private queued: Trigger[] = [];
  private draining: Promise<void> | undefined;
  private stopping = false;
  private started = false;
  /** Runs started so far. */
  runs = 0;

  constructor(private readonly options: ReconcileLoopOptions) {}

  /** Starts every source, then the start-up run. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const source of this.options.sources) await source.start((trigger) => this.fire(trigger));
    this.fire({ kind: 'startup' });
  }

  /** Asks for a run: now when idle, else once after the run in flight. */
  fire(trigger: Trigger): void {
    if (this.stopping) return;
    this.queued.push(trigger);
    this.draining ??= this.drain();
  }

  /** True while a run is in flight or queued. */
  get busy(): boolean {
    return this.draining !== undefined;
  }

  /** Resolves once no run is in flight or queued. */
  async whenIdle(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
  }

  /** Starts nothing new, lets the run in flight finish, then stops every source. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.queued = [];
    await this.whenIdle();
    for (const source of this.options.sources) await source.stop();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.length > 0 && !this.stopping) {
        const triggers = this.queued;
        this.queued = [];
        if (!(await stillRelevant(triggers))) {
          this.options.onDropped?.(triggers);
          continue;
        }
        this.runs += 1;
        const finished = await this.options.run(triggers);
        for (const source of this.options.sources) {
          await source.afterRun(finished).catch((error: unknown) => this.options.onError?.(error));
        }
      }
    } finally {
      this.draining = undefined;
    }
  }
}

/** Any trigger without a relevance check, or whose check still holds. */
async function stillRelevant(triggers: readonly Trigger[]): Promise<boolean> {
  for (const trigger of triggers) {
    if (trigger.stillRelevant === undefined) return true;
    if (await trigger.stillRelevant().catch(() => true)) return true;
  }
  return false;
}
