import type { Diagnostic } from '../model/diagnostic.js';
import { assertNever, type Check, type CheckSeverity } from '../model/plan.js';
import { describeCheckSentence } from './describe-check.js';
import { sanitizeText } from './sanitize-text.js';

/**
 * GitHub Actions workflow commands (`::error file=F,line=L,col=C,title=T::message`) that turn
 * diagnostics and plan checks into annotations on the pull request's files.
 */

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** GitHub shows at most this many annotations of each level per step and drops the rest. */
export const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

const LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

/**
 * Escapes a command's message: `%`, CR and LF would otherwise end or corrupt the command. Each
 * line is sanitised first (escape sequences, C1 controls, bidi overrides), as on every other
 * channel: the runner echoes these lines into the log a person reads.
 */
export function escapeAnnotationData(value: string): string {
  return value.replace(/[^\r\n]+/g, sanitizeText).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: like data, plus `:` and `,`, which separate properties. */
export function escapeAnnotationProperty(value: string): string {
  return escapeAnnotationData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line. Position properties are only written with a file. */
export function formatAnnotation(annotation: Annotation): string {
  const props: string[] = [];
  if (annotation.file !== undefined) {
    props.push(`file=${escapeAnnotationProperty(annotation.file)}`);
    if (annotation.line !== undefined) props.push(`line=${annotation.line}`);
    if (annotation.endLine !== undefined) props.push(`endLine=${annotation.endLine}`);
    if (annotation.column !== undefined) props.push(`col=${annotation.column}`);
    if (annotation.endColumn !== undefined) props.push(`endColumn=${annotation.endColumn}`);
  }
  if (annotation.title !== undefined) props.push(`title=${escapeAnnotationProperty(annotation.title)}`);
  const head = props.length > 0 ? `::${annotation.level} ${props.join(',')}` : `::${annotation.level}`;
  return `${head}::${escapeAnnotationData(annotation.message)}`;
}

function withHint(message: string, hint: string | undefined): string {
  return hint === undefined || hint === '' ? message : `${message}\nhint: ${hint}`;
}

type FileMapper = (file: string) => string;

/** A diagnostic as an annotation; one without a location annotates the run, not a file. */
export function annotationFromDiagnostic(diagnostic: Diagnostic, mapFile: FileMapper = (f) => f): Annotation {
  const related = (diagnostic.related ?? []).map(
    (r) => `${r.message} (${mapFile(r.location.file)}:${r.location.line}:${r.location.column})`,
  );
  const message = withHint([diagnostic.message, ...related].join('\n'), diagnostic.hint);
  const loc = diagnostic.location;
  const annotation: Annotation = { level: diagnostic.severity, message, title: `skuform ${diagnostic.code}` };
  if (loc === undefined) return annotation;
  return {
    ...annotation, file: mapFile(loc.file), line: loc.line, column: loc.column,
    ...(loc.endLine !== undefined ? { endLine: loc.endLine } : {}),
    ...(loc.endColumn !== undefined ? { endColumn: loc.endColumn } : {}),
  };
}

function levelOf(severity: CheckSeverity): AnnotationLevel {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'note':
      return 'notice';
    default:
      return assertNever(severity);
  }
}

/** A plan check as an annotation on the line that listed the principal; undefined without a source. */
export function annotationFromCheck(check: Check, mapFile: FileMapper = (f) => f): Annotation | undefined {
  const source = check.source;
  if (source === undefined) return undefined;
  return {
    level: levelOf(check.severity), message: withHint(describeCheckSentence(check), check.hint), title: `skuform ${check.code}`,
    file: mapFile(source.file), line: source.line, column: source.column,
  };
}

export interface RenderAnnotationsOptions {
  /** Turns a config path into one relative to the repository root, where GitHub looks for it. */
  mapFile?: FileMapper;
  /** Where every problem can be read; named in the summary annotation. */
  seeAllAt?: string;
  /** Override of GitHub's per-level display limit (tests, GitHub Enterprise). */
  shownPerLevel?: number;
}

function levelNoun(level: AnnotationLevel, count: number): string {
  const noun = level === 'notice' ? 'note' : level;
  return count === 1 ? noun : `${noun}s`;
}

/**
 * Workflow command lines for diagnostics and for plan checks that have a source: errors,
 * then warnings, then notices, each in input order. GitHub shows only `shownPerLevel` annotations of each level per step, so when a
 * level has more, the last visible slot becomes a summary naming how many more there are and
 * where to read them: the count per level never exceeds what GitHub shows.
 */
export function renderAnnotations(
  input: { diagnostics?: readonly Diagnostic[]; checks?: readonly Check[] },
  options: RenderAnnotationsOptions = {},
): string[] {
  const mapFile: FileMapper = (file) => (options.mapFile ?? ((f: string) => f))(file).replace(/\\/g, '/');
  const limit = Math.max(1, options.shownPerLevel ?? ANNOTATIONS_SHOWN_PER_LEVEL);
  const seeAllAt = options.seeAllAt ?? 'the job log and the job summary';
  const all: Annotation[] = [
    ...(input.diagnostics ?? []).map((d) => annotationFromDiagnostic(d, mapFile)),
    ...(input.checks ?? []).flatMap((c) => annotationFromCheck(c, mapFile) ?? []),
  ];
  const lines: string[] = [];
  for (const level of LEVELS) {
    const ofLevel = all.filter((a) => a.level === level);
    if (ofLevel.length <= limit) {
      lines.push(...ofLevel.map(formatAnnotation));
      continue;
    }
    const shown = ofLevel.slice(0, limit - 1);
    const more = ofLevel.length - shown.length;
    lines.push(...shown.map(formatAnnotation));
    lines.push(formatAnnotation({
      level, title: `skuform: ${more} more ${levelNoun(level, more)}`,
      message: `${more} more ${levelNoun(level, more)} not shown as annotations (GitHub shows ${limit} per type per step). See all ${ofLevel.length} in ${seeAllAt}.`,
    }));
  }
  return lines;
}
