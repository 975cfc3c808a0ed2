// Child process for the lock's liveness test: prints whether `isProcessAlive` sees the given
// pid as running. Run as another user, it asks about a process it may not signal.
import { isProcessAlive } from '../../../../src/stores/file/file-lock.js';

process.stdout.write(`${String(isProcessAlive(Number(process.argv[2])))}\n`);
