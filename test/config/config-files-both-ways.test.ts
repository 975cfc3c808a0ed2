import { describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../src/config/config-schema.js';
import { createLineIndex } from '../../src/config/line-index.js';
import { loadConfigSources } from '../../src/config/load-config-sources.js';
import { parseYaml } from '../../src/config/parse-yaml.js';
import { readFileConfig } from '../../src/config/read-file-config.js';
import { scanYamlTape } from '../../src/config/scan-yaml-tape.js';
import { parseYamlTape } from '../../src/config/yaml-tape.js';
import { SPEC_EXAMPLE_CONFIG } from '../support/spec-example-config.js';
import { expectScannedAsJsYaml, MIXED, plain, PRICED_AND_TIMED, readConforming, yamlFilesUnder } from './config-samples.js';

/**
 * Every YAML file the project ships as an example or keeps as a test fixture, and the
 * samples the config tests share: the fast path (our scanner, then the conforming reader)
 * must give what js-yaml and the schema validator give, file by file. A config key the
 * scanner or the conforming reader did not know would show here as a difference.
 */
const FILES = [
  ...yamlFilesUnder('examples', 'test/fixtures'),
  { path: 'MIXED', text: MIXED },
  { path: 'PRICED_AND_TIMED', text: PRICED_AND_TIMED },
  { path: 'SPEC_EXAMPLE_CONFIG', text: SPEC_EXAMPLE_CONFIG },
];

/** Desired-state files that are meant to be valid, in the plain style the scanner is for. */
const MEANT_VALID = /^(examples\/licenses\/|examples\/scenarios\/|MIXED$|PRICED_AND_TIMED$|SPEC_EXAMPLE_CONFIG$)/;

describe('every example and fixture file, read both ways', () => {
  it('finds the files', () => {
    const paths = FILES.map((file) => file.path);
    expect(paths).toContain('examples/licenses/settings.yaml');
    expect(paths).toContain('examples/broken/licenses.yaml');
    expect(paths.filter((path) => MEANT_VALID.test(path)).length).toBeGreaterThan(10);
  });

  it.each(FILES.map((file) => [file.path, file.text]))('%s', (path, text) => {
    const lines = createLineIndex(text);
    const general = parseYaml(text);
    const valid = general.problems.length === 0 && general.root?.kind === 'map' && validateAgainstSchema(general.value).length === 0;
    const scanned = expectScannedAsJsYaml(text);
    const tapes = [scanYamlTape(text, 64), parseYamlTape(text, 64)].filter((tape) => tape !== undefined);
    if (MEANT_VALID.test(path)) {
      expect(valid).toBe(true);
      expect(scanned).toBe(true);
    }
    if (valid) {
      const reference = readFileConfig('f.yaml', general.root, (offset) => lines.sourceLocation('f.yaml', offset), '/base');
      expect(tapes.length).toBeGreaterThan(0);
      for (const tape of tapes) {
        const { distinctKeys: _distinctKeys, ...fast } = readConforming(tape, text) ?? {};
        expect(plain(fast)).toEqual(plain(reference));
      }
    } else {
      // What js-yaml or the validator refuses, the fast path leaves to them, and they report it.
      for (const tape of tapes) expect(readConforming(tape, text)).toBeUndefined();
      expect(loadConfigSources([{ file: 'f.yaml', text }]).diagnostics.some((d) => d.severity === 'error')).toBe(true);
    }
  });
});
