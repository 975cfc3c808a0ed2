import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, loadConfigSources } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : ''}${d.severity} ${d.code}: ${d.message}`);
}

describe('loadConfig: finding the files', () => {
  let dir: string;
  const write = (path: string, text: string | Buffer): void => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skuform-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads skuform.yaml from the working directory by default', async () => {
    write('skuform.yaml', 'users:\n  a: []\n');
    write('licenses/other.yaml', 'users:\n  b: []\n');
    const loaded = await loadConfig([], { cwd: dir });
    expect(loaded.config.files).toEqual(['skuform.yaml']);
    expect(loaded.config.users.map((u) => u.key)).toEqual(['a']);
  });

  it('falls back to every YAML file under licenses/, sorted, recursively', async () => {
    write('licenses/b.yaml', 'users:\n  b: []\n');
    write('licenses/a/z.yml', 'users:\n  z: []\n');
    write('licenses/a.yaml', 'users:\n  a: []\n');
    write('licenses/notes.txt', 'not yaml');
    write('licenses/.hidden/x.yaml', 'users:\n  x: []\n');
    const loaded = await loadConfig([], { cwd: dir });
    expect(loaded.config.files).toEqual([join('licenses', 'a.yaml'), join('licenses', 'a', 'z.yml'), join('licenses', 'b.yaml')]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.sources.get(join('licenses', 'b.yaml'))).toBe('users:\n  b: []\n');
  });

  it('says what is missing when there is nothing to load', async () => {
    expect(brief((await loadConfig([], { cwd: dir })).diagnostics)).toEqual([`error no-config: no skuform.yaml and no licenses/ directory in ${dir}`]);
    expect(brief((await loadConfig(['nope.yaml'], { cwd: dir })).diagnostics)).toEqual(['error file-not-found: no such file or directory: nope.yaml']);
    mkdirSync(join(dir, 'empty'));
    expect(brief((await loadConfig(['empty'], { cwd: dir })).diagnostics)).toEqual(['error no-yaml-files: no *.yaml or *.yml files in empty']);
  });

  it('loads a file reached twice once, and survives a symlink loop', async () => {
    write('conf/a.yaml', 'users:\n  a: []\n');
    symlinkSync(join(dir, 'conf'), join(dir, 'conf', 'loop'));
    const loaded = await loadConfig(['conf', join('conf', 'a.yaml')], { cwd: dir });
    expect(loaded.config.files).toEqual([join('conf', 'a.yaml')]);
    expect(loaded.diagnostics).toEqual([]);
  });

  it('turns unreadable bytes into located diagnostics', async () => {
    write('utf16.yaml', Buffer.from('\ufeffusers: {}\n', 'utf16le'));
    write('binary.yaml', Buffer.from([0x75, 0x3a, 0x0a, 0x00, 0x01, 0x02]));
    write('latin1.yaml', Buffer.from('users:\n  caf\xe9: []\n', 'latin1'));
    write('empty.yaml', '');
    const loaded = await loadConfig(['utf16.yaml', 'binary.yaml', 'latin1.yaml', 'empty.yaml'], { cwd: dir });
    expect(brief(loaded.diagnostics)).toEqual([
      'utf16.yaml:1:1 error encoding: the file is UTF-16 or UTF-32 encoded',
      'binary.yaml:2:1 error encoding: the file contains NUL bytes (is it a binary file?)',
      'latin1.yaml:2:6 error encoding: the file is not valid UTF-8',
      'empty.yaml:1:1 warning empty-file: the file is empty',
    ]);
  });

  it('refuses a file over the size limit before reading it', async () => {
    write('big.yaml', `users:\n${'  x: []\n'.repeat(100)}`);
    const loaded = await loadConfig(['big.yaml'], { cwd: dir, maxFileBytes: 100 });
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['file-too-large']);
  });

  it('remembers the directory of the file that names a store', async () => {
    write('conf/skuform.yaml', 'store: file:tenant.json\n');
    const loaded = await loadConfig([join('conf', 'skuform.yaml')], { cwd: dir });
    expect(loaded.config.store).toMatchObject({ value: 'file:tenant.json', baseDir: join(dir, 'conf') });
  });
});

describe('loadConfigSources: merging files', () => {
  const load = (...texts: string[]) => loadConfigSources(texts.map((text, i) => ({ file: `f${i + 1}.yaml`, text })));

  it('merges profiles, users and groups across files', () => {
    const loaded = load('profiles:\n  p: []\nusers:\n  a: p\n', 'users:\n  b: p\ngroups:\n  G: []\n');
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.config.profiles.keys()]).toEqual(['p']);
    expect(loaded.config.users.map((u) => [u.key, u.location.file, u.location.line])).toEqual([['a', 'f1.yaml', 4], ['b', 'f2.yaml', 2]]);
    expect(loaded.config.groups.map((g) => g.key)).toEqual(['G']);
  });

  it('reports a principal listed twice, across files and spellings, naming both places', () => {
    const loaded = load('users:\n  alice@contoso.com: []\n', 'users:\n  Alice@Contoso.com: []\ngroups:\n  alice@contoso.com: []\n');
    expect(brief(loaded.diagnostics)).toEqual(['f2.yaml:2:3 error duplicate-principal: user \'Alice@Contoso.com\' is listed twice (as \'alice@contoso.com\')']);
    expect(loaded.diagnostics[0]?.related?.[0]?.location).toEqual({ file: 'f1.yaml', line: 2, column: 3 });
    expect(loaded.config.users).toHaveLength(1);
    expect(loaded.config.groups).toHaveLength(1);
  });

  it('allows settings in one file only, and tenant and store only when they agree', () => {
    const loaded = load(
      'tenant: contoso.onmicrosoft.com\nstore: graph\nsettings:\n  prune: true\n',
      'tenant: contoso.onmicrosoft.com\nstore: file:x.json\nsettings:\n  prune: false\n',
    );
    expect(brief(loaded.diagnostics)).toEqual([
      'f2.yaml:2:8 error conflicting-store: `store` is \'file:x.json\' here but \'graph\' in another file',
      'f2.yaml:3:1 error duplicate-settings: `settings` may appear in one file only',
    ]);
    expect(loaded.config.settings?.prune).toBe(true);
  });

  it('reads settings.graceSeatsAreFree in a valid file and in one the schema rejects elsewhere', () => {
    expect(load('settings:\n  graceSeatsAreFree: true\nusers:\n  a: []\n').config.settings?.graceSeatsAreFree).toBe(true);
    expect(load('settings:\n  seatReserve: {}\n').config.settings?.graceSeatsAreFree).toBeUndefined();
    const mixed = load('settings:\n  graceSeatsAreFree: true\nusers:\n  a: 7\n');
    expect(mixed.diagnostics.length).toBeGreaterThan(0);
    expect(mixed.config.settings?.graceSeatsAreFree).toBe(true);
    const wrong = load('settings:\n  graceSeatsAreFree: yes please\n');
    expect(brief(wrong.diagnostics).join('\n')).toContain('f1.yaml:2:22 error');
    expect(wrong.config.settings?.graceSeatsAreFree).toBeUndefined();
  });

  it('reports a profile defined twice and an unknown profile with a suggestion', () => {
    const loaded = load('profiles:\n  knowledge-worker: []\nusers:\n  a: knowledge-workr\n  b:\n    profiles: [knowledge-worker, nope]\n', 'profiles:\n  knowledge-worker: []\n');
    expect(brief(loaded.diagnostics)).toEqual([
      'f1.yaml:4:6 error unknown-profile: unknown profile \'knowledge-workr\'',
      'f1.yaml:6:34 error unknown-profile: unknown profile \'nope\'',
      'f2.yaml:2:3 error duplicate-profile: profile \'knowledge-worker\' is defined twice',
    ]);
    expect(loaded.diagnostics[0]?.hint).toBe('did you mean knowledge-worker?');
  });

  it('keeps malformed principals out of the config but still reports them', () => {
    const loaded = load('users:\n  a:\n    - sku: X\n      bogus: 1\n  b:\n    profiles: [p]\n    extra: 1\n  c: []\nprofiles:\n  p: []\n');
    expect(loaded.config.users.map((u) => [u.key, u.incomplete === true])).toEqual([['a', true], ['b', true], ['c', false]]);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['unknown-key', 'unknown-key']);
  });

  it('counts positions after a byte-order mark as editors do', () => {
    const loaded = load('\ufeffusers:\n  a: 1\n');
    expect(brief(loaded.diagnostics)).toEqual(['f1.yaml:2:6 error wrong-type: expected a string, a list or a mapping, got the number 1']);
  });

  it('never throws on a document that is not a mapping', () => {
    expect(brief(load('just text\n').diagnostics)).toEqual(['f1.yaml:1:1 error wrong-type: expected a skuform desired-state file, got the text \'just text\'']);
    const twoDocuments = load('---\na: 1\n---\nb: 2\n').diagnostics;
    expect(twoDocuments.map((d) => [d.code, d.message, d.location?.line])).toEqual([['multiple-documents', 'a second YAML document starts here; a skuform file holds one document', 3]]);
    expect(twoDocuments[0]?.message).not.toContain('parseAllDocuments');
  });
});
