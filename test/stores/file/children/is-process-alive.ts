// Child process for the lock's liveness test: prints whether `isProcessAlive` sees the given
// pid as running. Started as root, it first becomes nobody (after loading the code, which
// nobody may not be able to read), to ask about a process it may not signal.
import { isProcessAlive } from '../../../../src/stores/file/file-lock.js';

if (process.getuid?.() === 0) {
  process.setgid?.(65534);
  process.setuid?.(65534);
}
process.stdout.write(`${String(isProcessAlive(Number(process.argv[2])))}\n`);
