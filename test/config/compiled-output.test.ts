import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The catalogue is a JSON import and the schema validator a generated module: both must
 * work from tsc's output as well as from the sources vitest runs. This compiles the catalog
 * and config layers the way `npm run build` does and uses them from a separate node.
 */
describe('catalog and config compiled by tsc', () => {
  const out = mkdtempSync(join(tmpdir(), 'skuform-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('load the bundled catalogue and validate a file', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [
      tsc, '--outDir', out, '--rootDir', ROOT, '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022',
      '--resolveJsonModule', '--strict', '--skipLibCheck', '--types', 'node',
      join(ROOT, 'src', 'catalog', 'index.ts'), join(ROOT, 'src', 'config', 'index.ts'),
    ], { stdio: 'pipe' });
    symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
    symlinkSync(join(ROOT, 'schemas'), join(out, 'schemas'));
    const script = `
      const catalog = await import(${JSON.stringify(join(out, 'src', 'catalog', 'index.js'))});
      const config = await import(${JSON.stringify(join(out, 'src', 'config', 'index.js'))});
      const c = catalog.loadCatalog();
      const loaded = config.loadConfigSources([{ file: 'a.yaml', text: 'users:\\n  a:\\n    - sku: Microsoft 365 E3\\n      bogus: 1\\n' }]);
      console.log(JSON.stringify({ skus: c.skus.length, e3: c.skusByDisplayName('Microsoft 365 E3')[0]?.skuPartNumber, codes: loaded.diagnostics.map((d) => d.code), schema: config.configSchema().title }));
    `;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual({ skus: 569, e3: 'SPE_E3', codes: ['unknown-key'], schema: 'skuform desired-state file' });
  });
});
