import type { Operation, OperationPhase, Plan, SkuChange } from '../../src/model/plan.js';

/** A SKU id that reads well in assertions: `sku-E3`. */
export const sku = (name: string): string => `sku-${name}`;

/**
 * One operation. `add` and `remove` are SKU names; the phase follows the planner's rule
 * (only removals: release; both: swap; only additions: acquire) unless given.
 */
export function anOperation(options: { id: string; kind?: 'user' | 'group'; add?: string[]; remove?: string[]; phase?: OperationPhase }): Operation {
  const kind = options.kind ?? 'user';
  const add = options.add ?? [];
  const remove = options.remove ?? [];
  const phase = options.phase ?? (add.length === 0 ? 'release' : remove.length === 0 ? 'acquire' : 'swap');
  const change = (action: SkuChange['action'], name: string): SkuChange => ({
    action,
    sku: { skuId: sku(name), skuPartNumber: name },
    before: action === 'assign' ? null : { disabledPlans: [] },
    after: action === 'remove' ? null : { disabledPlans: [] },
    plansEnabled: [],
    plansDisabled: [],
  });
  const seatDelta: Record<string, number> = {};
  if (phase !== 'update') {
    for (const name of add) seatDelta[sku(name)] = 1;
    for (const name of remove) seatDelta[sku(name)] = -1;
  }
  return {
    id: `${kind}:${options.id}`,
    principal: { kind, id: options.id, name: kind === 'user' ? `${options.id}@test.example` : options.id },
    phase,
    changes: [...add.map((name) => change(phase === 'update' ? 'update' : 'assign', name)), ...remove.map((name) => change('remove', name))],
    request: { addLicenses: add.map((name) => ({ skuId: sku(name), disabledPlans: [] })), removeLicenses: remove.map(sku) },
    seatDelta,
    fingerprint: `fp-${options.id}`,
  };
}

/** `count` users `u0001`… each acquiring `skuName`. */
export function manyAcquisitions(count: number, skuName = 'E3'): Operation[] {
  return Array.from({ length: count }, (_, index) => anOperation({ id: `u${String(index + 1).padStart(4, '0')}`, add: [skuName] }));
}

export function aPlan(operations: Operation[]): Plan {
  return {
    formatVersion: 1,
    tenant: { id: 'tenant', displayName: 'Test', defaultDomain: 'test.example' },
    store: 'scripted:test',
    configFiles: ['skuform.yaml'],
    settings: { managedSkus: [], prune: false, maxRemovals: 50, seatReserve: [], graceSeatsAreFree: false },
    operations,
    seats: [],
    checks: [],
    summary: { assign: 0, update: 0, remove: 0, principals: operations.length, removals: 0, errors: 0, warnings: 0 },
    blocked: false,
    fingerprints: { skus: 'fp-skus', principals: Object.fromEntries(operations.map((operation) => [operation.id, operation.fingerprint])) },
  };
}
