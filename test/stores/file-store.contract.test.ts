import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { describeStoreContract } from '../support/store-contract.js';

describeStoreContract('file store', async (doc) => {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-file-store-'));
  const path = join(dir, 'tenant.json');
  await writeFile(path, serializeTenantDocument(doc));
  return {
    store: new FileStore(path),
    reopen: async () => new FileStore(path),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
