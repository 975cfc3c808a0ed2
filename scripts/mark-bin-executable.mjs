// Makes the built command files named in package.json's "bin" executable. tsc writes plain
// files, and npm only marks bins executable for installed dependencies, not for the package
// itself, so `npx skuform` in a fresh clone would otherwise fail with "Permission denied".
import { chmodSync, readFileSync } from 'node:fs';

const { bin = {} } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const path of Object.values(typeof bin === 'string' ? { main: bin } : bin)) {
  chmodSync(new URL(`../${path}`, import.meta.url), 0o755);
}
