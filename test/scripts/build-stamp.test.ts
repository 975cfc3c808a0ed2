import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBuildStamp, writeBuildStamp } from '../../scripts/build-stamp.mjs';

describe('scripts/build-stamp.mjs', () => {
  let root: string;
  let stamp: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'skuform-stamp-'));
    mkdirSync(join(root, 'src', 'plan'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'src', 'plan', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'tsconfig.json'), '{}\n');
    stamp = join(root, 'dist', 'build-stamp.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a build made from the sources as they are', () => {
    writeBuildStamp(root, stamp);
    expect(checkBuildStamp(root, stamp)).toBeNull();
  });

  it.each([
    ['a source is edited', () => writeFileSync(join(root, 'src', 'plan', 'a.ts'), 'export const a = 2;\n'), 'src/plan/a.ts'],
    ['a source is added', () => writeFileSync(join(root, 'src', 'plan', 'b.ts'), ''), 'src/plan/b.ts'],
    ['a source is deleted', () => unlinkSync(join(root, 'src', 'plan', 'a.ts')), 'src/plan/a.ts'],
    ['the compiler settings change', () => writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": {} }\n'), 'tsconfig.json'],
  ])('refuses the build when %s, naming the file', (_name, change, file) => {
    writeBuildStamp(root, stamp);
    change();
    expect(checkBuildStamp(root, stamp)).toBe(`dist/ is older than the sources (changed since the build: ${file}): run \`npm run build\` before the CLI tests`);
  });

  it('refuses a build without a stamp', () => {
    expect(checkBuildStamp(root, stamp)).toBe('dist/build-stamp.json is missing: run `npm run build` before the CLI tests');
  });
});
