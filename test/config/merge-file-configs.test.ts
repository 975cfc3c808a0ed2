import { describe, expect, it } from 'vitest';
import { loadConfigSources } from '../../src/config/load-config-sources.js';
import type { PrincipalSpec } from '../../src/config/loaded-config.js';
import { mergeFileConfigs } from '../../src/config/merge-file-configs.js';
import type { FileConfig } from '../../src/config/read-file-config.js';

const at = (file: string, line: number) => ({ file, line, column: 3 });
const aUser = (key: string, file: string, line: number): PrincipalSpec => ({ kind: 'user', key, profiles: [], licenses: [], location: at(file, line) });
const aFile = (file: string, users: PrincipalSpec[], distinctKeys?: boolean): FileConfig => ({ file, profiles: [], users, groups: [], empty: false, distinctKeys });

const places = (diagnostics: { message: string; location?: { file: string; line: number }; related?: { location: { file: string; line: number } }[] }[]): string[] =>
  diagnostics.map((d) => `${d.location?.file}:${d.location?.line} ${d.message} (first ${d.related?.[0]?.location.file}:${d.related?.[0]?.location.line})`);

describe('mergeFileConfigs: principals listed twice', () => {
  it('finds a clash with the first file after files without principals', () => {
    const merged = mergeFileConfigs([aFile('a.yaml', [aUser('x@c.com', 'a.yaml', 2), aUser('y@c.com', 'a.yaml', 3)], true), aFile('b.yaml', []), aFile('c.yaml', [aUser('Y@C.com', 'c.yaml', 2)], true)]);
    expect(places(merged.diagnostics)).toEqual(['c.yaml:2 user \'Y@C.com\' is listed twice (as \'y@c.com\') (first a.yaml:3)']);
    expect(merged.config.users.map((u) => u.key)).toEqual(['x@c.com', 'y@c.com']);
  });

  it('looks for clashes inside a file whose keys are not known to differ', () => {
    const merged = mergeFileConfigs([aFile('a.yaml', [aUser('x@c.com', 'a.yaml', 2), aUser('x@c.com', 'a.yaml', 3)])]);
    expect(places(merged.diagnostics)).toEqual(['a.yaml:3 user \'x@c.com\' is listed twice (first a.yaml:2)']);
  });

  it('looks for clashes inside one file when spellings differ', () => {
    const loaded = loadConfigSources([{ file: 'a.yaml', text: 'users:\n  x@c.com: []\n  " X@c.com": []\n' }]);
    expect(places(loaded.diagnostics)).toEqual(['a.yaml:3 user \' X@c.com\' is listed twice (as \'x@c.com\') (first a.yaml:2)']);
  });

  it('keeps load order across files', () => {
    const merged = mergeFileConfigs([aFile('a.yaml', [aUser('b', 'a.yaml', 2)], true), aFile('b.yaml', [aUser('a', 'b.yaml', 2)], true), aFile('c.yaml', [aUser('c', 'c.yaml', 2), aUser('a', 'c.yaml', 3)], true)]);
    expect(merged.config.users.map((u) => `${u.key}@${u.location.file}`)).toEqual(['b@a.yaml', 'a@b.yaml', 'c@c.yaml']);
    expect(places(merged.diagnostics)).toEqual(['c.yaml:3 user \'a\' is listed twice (first b.yaml:2)']);
  });
});
