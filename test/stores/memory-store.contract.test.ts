import { MemoryStore } from '../../src/stores/memory-store.js';
import { describeStoreContract } from '../support/store-contract.js';

describeStoreContract('memory store', async (doc) => ({ store: new MemoryStore(doc), cleanup: async () => {} }));

describeStoreContract('memory store with stepped group processing', async (doc) => ({
  store: new MemoryStore(doc, { groupProcessing: 'stepped', maxBatchSize: 20 }),
  cleanup: async () => {},
}));
