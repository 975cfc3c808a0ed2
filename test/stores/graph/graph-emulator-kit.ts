import type { TenantDocument } from '../../../src/model/tenant.js';
import type { GraphStore } from '../../../src/stores/graph/graph-store.js';
import { openGraphStore, type GraphStoreOptions } from '../../../src/stores/graph/open-graph-store.js';
import { createTestToken } from '../../../emulator/access-token.js';
import { startGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from '../../../emulator/start-graph-emulator.js';

/** Application permissions of a least-privilege plan-only app. */
export const PLAN_ROLES = ['User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.Read.All'];
/** Plan-only plus the write permission. */
export const APPLY_ROLES = [...PLAN_ROLES, 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All'];

export interface EmulatedGraph {
  emulator: GraphEmulator;
  store: GraphStore;
  /** Options that reach the emulator with the given roles (for doctor and more stores). */
  options(roles?: string[]): GraphStoreOptions;
  stop(): Promise<void>;
}

/** An emulator over `doc` and a Graph store talking to it over loopback HTTP, without waits between retries. */
export async function startEmulatedGraph(doc: TenantDocument, emulatorOptions: Partial<GraphEmulatorOptions> = {}, roles = APPLY_ROLES): Promise<EmulatedGraph> {
  const emulator = await startGraphEmulator({ tenant: doc, ...emulatorOptions });
  const options = (granted = roles): GraphStoreOptions => ({
    env: { SKUFORM_GRAPH_TOKEN: createTestToken({ roles: granted, tid: doc.tenant.id, appid: 'skuform-test' }) },
    graphUrl: emulator.url,
    sleep: async () => undefined,
    random: () => 0.5,
  });
  const store = openGraphStore(options());
  return {
    emulator,
    store,
    options,
    stop: async () => {
      await store.close();
      await emulator.stop();
    },
  };
}
