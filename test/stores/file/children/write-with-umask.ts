// Child process for the atomic replace's mode test: sets the umask (octal, first argument),
// then writes the text (third argument) to the path (second argument). The umask is
// per process, and cannot be set in a worker thread where tests may run.
import { writeFileAtomic } from '../../../../src/stores/file/write-file-atomic.js';

const [umask, path, text] = process.argv.slice(2);
if (umask === undefined || path === undefined || text === undefined) throw new Error('usage: write-with-umask.ts UMASK PATH TEXT');
process.umask(Number.parseInt(umask, 8));
await writeFileAtomic(path, text);
