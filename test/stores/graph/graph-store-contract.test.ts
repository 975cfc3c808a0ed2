import { describeStoreContract } from '../../support/store-contract.js';
import { startEmulatedGraph } from './graph-emulator-kit.js';

// The Graph store over real HTTP against the emulator. Group processing is immediate (delay 0)
// so the suite's follow-up reads see the finished state, as with the file store.
describeStoreContract('GraphStore (emulator over HTTP)', async (doc) => {
  const graph = await startEmulatedGraph(doc);
  return { store: graph.store, cleanup: () => graph.emulator.stop() };
});
