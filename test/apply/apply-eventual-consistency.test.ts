import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import type { ApplyOptions } from '../../src/apply/apply-options.js';
import { renderApplySummary } from '../../src/render/render-apply-summary.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import type { GraphEmulatorOptions } from '../../emulator/start-graph-emulator.js';
import { startEmulatedGraph, type EmulatedGraph } from '../stores/graph/graph-emulator-kit.js';
import { desiredState, planFor } from './plan-helpers.js';

/**
 * Graph's eventual consistency over real HTTP: the emulator processes group licenses after a
 * delay and, for a while after any change, serves the object as it was before (replication
 * lag). Short real delays; the assertions are about outcomes, never about how long it took.
 */
const TEAM_0 = generatedId('00009409', 0);
const TEAM_1 = generatedId('00009409', 1);
const fast = { firstPollDelayMs: 200, initialDelayMs: 150, maxDelayMs: 300 };

describe('apply against a Graph that processes groups later and replicates reads', () => {
  let graph: EmulatedGraph | undefined;
  afterEach(() => graph?.stop());

  async function applyTo(emulator: Partial<GraphEmulatorOptions>, desired: ReturnType<typeof desiredState>, options: Partial<ApplyOptions>) {
    const started = await startEmulatedGraph(generateTenant({ users: 120 }), { writeQuota: false, ...emulator });
    graph = started;
    const plan = await planFor(started.store, desired);
    const truthWhenReported = new Map<string, string | undefined>();
    const result = await applyPlan(plan, started.store, {
      journal: createMemoryJournal(),
      observer: {
        // What the tenant really held the moment apply reported the group's processing.
        onGroupProcessing: (outcome) => truthWhenReported.set(outcome.principal.id, started.emulator.state.groups.find((group) => group.id === outcome.principal.id)?.licenseProcessingState?.state),
      },
      ...options,
    });
    return { plan, result, truthWhenReported, graph: started };
  }

  const groupsGetE5 = desiredState({ groups: { [TEAM_0]: [GENERATED_SKUS.powerBi, GENERATED_SKUS.e5], [TEAM_1]: [GENERATED_SKUS.powerBi] }, managed: [GENERATED_SKUS.powerBi, GENERATED_SKUS.e5] });

  it('reports group processing complete only once it really is, although the first reads show the previous ProcessingComplete', async () => {
    const { result, truthWhenReported } = await applyTo({ groupProcessingDelayMs: 1200, replicationLagMs: 400 }, groupsGetE5, {
      groupProcessing: { ...fast, maxWaitMs: 20_000 },
      verify: { initialDelayMs: 100, maxDelayMs: 300, maxWaitMs: 10_000 },
    });
    expect(result.counts).toEqual({ applied: 2, failed: 0, skipped: 0 });
    for (const outcome of result.outcomes) expect(outcome).toMatchObject({ processingState: 'ProcessingComplete', processingFinished: true });
    expect([...truthWhenReported.values()]).toEqual(['ProcessingComplete', 'ProcessingComplete']);
    expect(result.verification?.counts.verified).toBe(2);
  }, 60_000);

  it('ends a wait shorter than the processing with "still processing", never a false complete', async () => {
    const { result } = await applyTo({ groupProcessingDelayMs: 30_000, replicationLagMs: 400 }, groupsGetE5, {
      groupProcessing: { ...fast, maxWaitMs: 1500 },
      verify: { initialDelayMs: 100, maxDelayMs: 300, maxWaitMs: 10_000 },
    });
    expect(result.outcomes.map((outcome) => outcome.processingFinished)).toEqual([false, false]);
    const team0 = result.outcomes.find((outcome) => outcome.principal.id === TEAM_0);
    expect(team0?.processingState).not.toBe('ProcessingComplete');
    const summary = renderApplySummary(result, { color: false });
    expect(summary).toContain('still processing: Microsoft is still licensing the members');
  }, 60_000);

  it('re-reads until replicated changes show, and calls them not yet visible when the wait is shorter than the lag', async () => {
    // Forty users with a usage location (the generated tenant leaves every fifth without).
    const users = Object.fromEntries(Array.from({ length: 50 }, (_, n) => n).filter((n) => n % 5 !== 4).map((n) => [generatedId('0000a11c', n), [GENERATED_SKUS.e5]]));
    const desired = desiredState({ users, managed: [GENERATED_SKUS.e5] });
    const waited = await applyTo({ replicationLagMs: 1500 }, desired, { verify: { initialDelayMs: 200, maxDelayMs: 800, maxWaitMs: 20_000 } });
    expect(waited.result.verification).toMatchObject({ counts: { verified: 40, 'not-yet-visible': 0, lost: 0 } });
    expect(waited.result.verification?.reads).toBeGreaterThan(1);
    await waited.graph.stop();
    graph = undefined;

    const impatient = await applyTo({ replicationLagMs: 3000 }, desired, { verify: { initialDelayMs: 200, maxDelayMs: 200, maxWaitMs: 300 } });
    expect(impatient.result.verification?.counts).toEqual({ verified: 0, 'not-yet-visible': 40, lost: 0, unchecked: 0 });
    expect(impatient.result.outcomes[0]?.verification).toEqual({ status: 'not-yet-visible', detail: 'SPE_E5 not assigned' });
    // It was only the lag: once it has passed, the tenant holds every change.
    impatient.graph.emulator.setReplicationLag(0);
    expect((await planFor(impatient.graph.store, desired)).operations).toEqual([]);
  }, 60_000);
});
