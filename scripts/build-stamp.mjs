// Records which sources `npm run build` compiled, so the tests that run the built CLI can
// refuse a `dist/` that no longer matches `src/` (a green run must test the current code).
// `node scripts/build-stamp.mjs` (the last step of `npm run build`) writes the stamp; the
// tests call `checkBuildStamp()`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What tsconfig.build.json compiles into dist/, and the settings it compiles them with. */
const SOURCES = ['src', 'emulator', 'bench', 'tsconfig.json', 'tsconfig.build.json'];

/** The stamp file inside the build output. */
export const STAMP_PATH = join(ROOT, 'dist', 'build-stamp.json');

/** Every source file as [path relative to the root, with `/`, sha256 of its bytes], sorted by path. */
export function sourceHashes(root = ROOT) {
  const files = [];
  for (const entry of SOURCES) {
    const path = join(root, entry);
    if (!existsSync(path)) continue;
    if (statSync(path).isFile()) files.push(path);
    else for (const name of readdirSync(path, { recursive: true })) {
      const file = join(path, String(name));
      if (statSync(file).isFile()) files.push(file);
    }
  }
  return files
    .map((file) => [relative(root, file).split('\\').join('/'), createHash('sha256').update(readFileSync(file)).digest('hex')])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Null when dist/ was built from the sources as they are now; otherwise what differs, said
 * for a person (which files changed, or that there is no stamp), and what to do.
 */
export function checkBuildStamp(root = ROOT, stampPath = STAMP_PATH) {
  if (!existsSync(stampPath)) return `${relative(root, stampPath)} is missing: run \`npm run build\` before the CLI tests`;
  const built = new Map(JSON.parse(readFileSync(stampPath, 'utf8')).files);
  const now = new Map(sourceHashes(root));
  const changed = [...new Set([...built.keys(), ...now.keys()])].filter((path) => built.get(path) !== now.get(path)).sort();
  if (changed.length === 0) return null;
  const named = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ` and ${changed.length - 5} more` : '');
  return `dist/ is older than the sources (changed since the build: ${named}): run \`npm run build\` before the CLI tests`;
}

/** Records the sources as they are now as the ones `dist/` was built from. */
export function writeBuildStamp(root = ROOT, stampPath = STAMP_PATH) {
  writeFileSync(stampPath, `${JSON.stringify({ files: sourceHashes(root) }, null, 1)}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) writeBuildStamp();
