// Module hooks that let a plain `node` child process run the project's TypeScript sources
// (tests that need a separate process, e.g. to SIGKILL it). Types are stripped with the
// TypeScript compiler's transpileModule; `./x.js` imports resolve to `./x.ts` when only
// the TypeScript file exists, as NodeNext resolution expects. Output is cached on disk by
// content hash, so only the first child pays for loading the compiler.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE = join(tmpdir(), 'skuform-ts-loader-cache');
let compiler;

export async function resolve(specifier, context, nextResolve) {
  const fromTs = context.parentURL?.endsWith('.ts') ?? false;
  if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const candidate = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = readFileSync(fileURLToPath(url), 'utf8');
  const cached = join(CACHE, `${createHash('sha256').update(url).update('\0').update(source).digest('hex')}.js`);
  if (existsSync(cached)) return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  compiler ??= (await import('typescript')).default;
  const output = compiler.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: compiler.ModuleKind.ESNext,
      target: compiler.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  });
  // Written under a unique name and renamed, so concurrent children never read half a file.
  mkdirSync(CACHE, { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  writeFileSync(temp, output.outputText);
  renameSync(temp, cached);
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
