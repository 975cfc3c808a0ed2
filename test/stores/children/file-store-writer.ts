// Child process for the file store's crash tests: takes the lock and rewrites the tenant file
// in a loop until it is killed. Prints "ready" once locked and "wrote N" after each batch.
import { FileStore } from '../../../src/stores/file-store.js';
import { GROUP, SKU, USER } from '../../support/contract-tenant.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: file-store-writer.ts TENANT_FILE');
const store = new FileStore(path);
await store.lock();
process.stdout.write('ready\n');
for (let round = 1; ; round++) {
  const assign = round % 2 === 1;
  const results = await store.applyBatch([
    { principal: { kind: 'user', id: USER.frank }, addLicenses: assign ? [{ skuId: SKU.e5, disabledPlans: [] }] : [], removeLicenses: assign ? [] : [SKU.e5] },
    { principal: { kind: 'group', id: GROUP.engineering }, addLicenses: assign ? [{ skuId: SKU.e3, disabledPlans: [] }] : [], removeLicenses: assign ? [] : [SKU.e3] },
  ]);
  if (!results.every((result) => result.ok)) throw new Error(`unexpected failure: ${JSON.stringify(results)}`);
  process.stdout.write(`wrote ${round}\n`);
}
