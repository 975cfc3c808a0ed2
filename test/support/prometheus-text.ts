/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), written from the
 * format's description to check what skuform serves on /metrics independently of the library
 * that writes it. Throws, naming the line, on anything a Prometheus server would reject.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/u;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/u;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Building>();
  const seriesSeen = new Set<string>();
  let current: MetricFamily | undefined;
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const match = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/u.exec(line);
      if (!match) return; // other comments are allowed
      const [, keyword, name = '', rest = ''] = match;
      if (!NAME.test(name)) throw new Error(`${at}: bad metric name '${name}'`);
      const family = familyFor(families, name);
      if (keyword === 'HELP') {
        if (family.help !== undefined) throw new Error(`${at}: second HELP for ${name}`);
        family.help = unescapeHelp(rest, at);
      } else {
        if (!TYPES.has(rest.trim() as MetricType)) throw new Error(`${at}: unknown type '${rest}'`);
        if (family.samples.length > 0) throw new Error(`${at}: TYPE of ${name} after its samples`);
        if (family.type !== 'untyped' || family.typed) throw new Error(`${at}: second TYPE for ${name}`);
        family.type = rest.trim() as MetricType;
        family.typed = true;
      }
      current = family;
      return;
    }
    const sample = parseSample(line, at);
    const familyName = familyOf(sample.name, families);
    const family = familyFor(families, familyName);
    if (current !== family && family.samples.length > 0) throw new Error(`${at}: samples of ${familyName} are not together`);
    checkSuffix(family, sample.name, at);
    const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seriesSeen.has(series)) throw new Error(`${at}: duplicate series ${series}`);
    seriesSeen.add(series);
    family.samples.push(sample);
    current = family;
  });
  for (const family of families.values()) delete family.typed;
  return families;
}

type Building = MetricFamily & { typed?: boolean };

function familyFor(families: Map<string, Building>, name: string): Building {
  let family = families.get(name);
  if (family === undefined) {
    family = { name, type: 'untyped', samples: [] };
    families.set(name, family);
  }
  return family;
}

/** `x_bucket`, `x_sum`, `x_count` belong to histogram or summary family `x` when one is declared. */
function familyOf(sampleName: string, families: ReadonlyMap<string, MetricFamily>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const type = families.get(base)?.type;
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return sampleName;
}

function checkSuffix(family: MetricFamily, sampleName: string, at: string): void {
  if (family.type === 'histogram' || family.type === 'summary') return;
  if (sampleName !== family.name) throw new Error(`${at}: sample ${sampleName} in family ${family.name}`);
}

function parseSample(line: string, at: string): Sample {
  const nameMatch = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/u.exec(line);
  if (!nameMatch?.[1]) throw new Error(`${at}: no metric name in '${line}'`);
  const name = nameMatch[1];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const end = readLabels(rest, labels, at);
    rest = rest.slice(end);
  }
  const parts = rest.trim().split(/\s+/u);
  if (!/^\s/u.test(rest) || parts.length < 1 || parts.length > 2) throw new Error(`${at}: expected 'value [timestamp]' after ${name}`);
  const value = parseValue(parts[0] ?? '', at);
  if (parts[1] !== undefined && !/^-?\d+$/u.test(parts[1])) throw new Error(`${at}: bad timestamp '${parts[1]}'`);
  return { name, labels, value };
}

/** Reads `{a="x",b="y"}` into `labels`; returns the index after `}`. */
function readLabels(text: string, labels: Record<string, string>, at: string): number {
  let i = 1;
  for (;;) {
    if (text[i] === '}') return i + 1;
    const nameMatch = /^([a-zA-Z_][a-zA-Z0-9_]*)="/u.exec(text.slice(i));
    if (!nameMatch?.[1]) throw new Error(`${at}: bad label at '${text.slice(i)}'`);
    const labelName = nameMatch[1];
    if (!LABEL_NAME.test(labelName) || labelName.startsWith('__')) throw new Error(`${at}: reserved or bad label name '${labelName}'`);
    if (labelName in labels) throw new Error(`${at}: label '${labelName}' twice`);
    i += nameMatch[0].length;
    let value = '';
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw new Error(`${at}: unterminated label value`);
      if (ch === '"') break;
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`${at}: bad escape '\\${next ?? ''}' in a label value`);
        i += 2;
        continue;
      }
      if (ch === '\n') throw new Error(`${at}: raw newline in a label value`);
      value += ch;
      i += 1;
    }
    labels[labelName] = value;
    i += 1;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') throw new Error(`${at}: expected ',' or '}' after a label`);
  }
}

/** As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case, with an optional sign. */
function parseValue(text: string, at: string): number {
  const special = text.toLowerCase();
  if (special === 'nan') return Number.NaN;
  if (special === '+inf' || special === 'inf' || special === '+infinity' || special === 'infinity') return Number.POSITIVE_INFINITY;
  if (special === '-inf' || special === '-infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/u.test(text)) throw new Error(`${at}: bad value '${text}'`);
  return Number(text);
}

function unescapeHelp(text: string, at: string): string {
  return text.replace(/\\(.?)/gu, (_match, next: string) => {
    if (next === 'n') return '\n';
    if (next === '\\') return '\\';
    throw new Error(`${at}: bad escape in HELP`);
  });
}
