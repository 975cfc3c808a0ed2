import type { Diagnostic, SourceLocation } from '../model/diagnostic.js';
import { validateAgainstSchema } from './config-schema.js';
import type { YamlLimits } from './check-yaml-shape.js';
import { createLineIndex } from './line-index.js';
import type { LoadedConfig } from './loaded-config.js';
import { mergeFileConfigs } from './merge-file-configs.js';
import { DEFAULT_YAML_LIMITS, parsedFromTape, parseYaml } from './parse-yaml.js';
import { readConformingFileConfig } from './read-conforming-file-config.js';
import { readFileConfig } from './read-file-config.js';
import { scanYamlTape } from './scan-yaml-tape.js';
import type { FileConfig, Locate } from './read-file-config.js';
import { schemaProblems } from './schema-problems.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { YamlProblem } from './yaml-node.js';
import { parseYamlTape } from './yaml-tape.js';

/** One desired-state file's text, with the path diagnostics should show. */
export interface ConfigSource {
  file: string;
  text: string;
  /** Absolute directory of the file on disk, for relative paths written in it (`store: file:x.json`). */
  dir?: string;
}

export interface LoadConfigResult {
  config: LoadedConfig;
  /** Every problem found, sorted by file (load order), line and column. */
  diagnostics: Diagnostic[];
  /** File text by path, for the source lines under diagnostics. */
  sources: Map<string, string>;
}

export interface LoadSourcesOptions {
  limits?: YamlLimits;
}

function toDiagnostic(problem: YamlProblem, locate: Locate): Diagnostic {
  return {
    severity: problem.severity ?? 'error',
    code: problem.code,
    message: problem.message,
    location: locate(problem.offset),
    hint: problem.hint,
    related: problem.related?.map((r) => ({ message: r.message, location: locate(r.offset) })),
  };
}

function loadOne(source: ConfigSource, limits: YamlLimits): { file: FileConfig; diagnostics: Diagnostic[] } {
  const lines = createLineIndex(source.text);
  const locate = (offset: number): SourceLocation => lines.sourceLocation(source.file, offset);
  // Most files conform and need no diagnostics: the lean path reads them (a test holds both paths to the same
  // result), from the scanner's tape when the file is in its plain style, else from js-yaml's.
  const scanned = scanYamlTape(source.text, limits.maxDepth);
  const read = scanned && readConformingFileConfig(source.file, scanned, locate, source.dir);
  if (read) return { file: read, diagnostics: [] };
  const tape = parseYamlTape(source.text, limits.maxDepth);
  // A scanned tape is js-yaml's own: when it did not conform, js-yaml's will not either.
  const conforming = scanned === undefined && tape && readConformingFileConfig(source.file, tape, locate, source.dir);
  if (conforming) return { file: conforming, diagnostics: [] };
  const parsed = tape ? parsedFromTape(tape) : parseYaml(source.text, limits);
  const problems = [...parsed.problems];
  if (parsed.root) for (const problem of schemaProblems(validateAgainstSchema(parsed.value), parsed.root)) problems.push(problem);
  const diagnostics = problems.map((p) => toDiagnostic(p, locate));
  const file = readFileConfig(source.file, parsed.root, locate, source.dir);
  if (file.empty && problems.length === 0) {
    diagnostics.push({ severity: 'warning', code: 'empty-file', message: 'the file is empty', location: locate(0) });
  }
  return { file, diagnostics };
}

/**
 * Loads desired-state files from their text: parse (with positions), schema validation,
 * merging across files and the checks that need no SKU list. Never throws on bad input;
 * every problem is a diagnostic. A config with error diagnostics must not be planned.
 */
export function loadConfigSources(sources: readonly ConfigSource[], options: LoadSourcesOptions = {}): LoadConfigResult {
  const limits = options.limits ?? DEFAULT_YAML_LIMITS;
  // js-yaml drops a byte-order mark before it counts positions; so do we, to count alike.
  const texts = sources.map((s) => (s.text.charCodeAt(0) === 0xfeff ? { ...s, text: s.text.slice(1) } : s));
  const loaded = texts.map((s) => loadOne(s, limits));
  const merged = mergeFileConfigs(loaded.map((l) => l.file));
  const diagnostics = [...loaded.flatMap((l) => l.diagnostics), ...merged.diagnostics];
  return {
    config: merged.config,
    diagnostics: sortDiagnostics(diagnostics, merged.config.files),
    sources: new Map(texts.map((s) => [s.file, s.text])),
  };
}
