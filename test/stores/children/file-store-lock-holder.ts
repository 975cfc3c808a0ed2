// Child process for the file store's lock tests: takes the lock, prints "locked", and holds
// it until killed (or until its stdin closes, when it releases the lock and exits).
import { FileStore } from '../../../src/stores/file-store.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: file-store-lock-holder.ts TENANT_FILE');
const store = new FileStore(path);
const release = await store.lock();
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void release().then(() => process.exit(0));
});
