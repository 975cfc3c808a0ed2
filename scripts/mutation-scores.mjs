/**
 * Mutation scores per folder from Stryker's JSON report (mutation-testing-report-schema),
 * with the targets the project holds itself to. Plain Node, no dependencies.
 */

/** Target mutation score per folder, in percent; folders not listed use DEFAULT_TARGET. */
export const TARGETS = { 'src/plan': 85, 'src/apply': 85 };
export const DEFAULT_TARGET = 80;

const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The folder a report file belongs to: its directory, relative to the project root. */
export function folderOf(fileName) {
  const normalized = fileName.replace(/\\/g, '/');
  const slash = normalized.lastIndexOf('/');
  return slash === -1 ? '.' : normalized.slice(0, slash);
}

function emptyCounts() {
  return { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, invalid: 0 };
}

function add(counts, status) {
  if (status === 'Killed') counts.killed += 1;
  else if (status === 'Timeout') counts.timeout += 1;
  else if (status === 'Survived') counts.survived += 1;
  else if (status === 'NoCoverage') counts.noCoverage += 1;
  // Static mutants (reached only while modules load) are not run: see stryker.config.mjs.
  else if (status === 'Ignored') counts.ignored += 1;
  else counts.invalid += 1;
}

/**
 * Stryker's mutation score: detected (killed or timed out) over valid mutants (detected,
 * survived or not covered). Mutants that did not compile, errored at run time or were
 * ignored are not valid and do not count (the table shows the ignored ones apart). Null when
 * nothing valid was tested.
 */
export function scoreOf(counts) {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage;
  return valid === 0 ? null : (100 * detected) / valid;
}

/**
 * One row per folder (sorted by name) and a total row. `root` is the project root as the
 * report names files (absolute paths are made relative to it).
 */
export function scoresByFolder(report, root = '') {
  const prefix = root === '' ? '' : `${root.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  const folders = new Map();
  const total = emptyCounts();
  for (const [fileName, file] of Object.entries(report.files ?? {})) {
    const relative = fileName.replace(/\\/g, '/').replace(prefix, '');
    const folder = folderOf(relative);
    const counts = folders.get(folder) ?? emptyCounts();
    for (const mutant of file.mutants ?? []) {
      add(counts, mutant.status);
      add(total, mutant.status);
    }
    folders.set(folder, counts);
  }
  const rows = [...folders.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([folder, counts]) => ({ folder, ...counts, score: scoreOf(counts), target: TARGETS[folder] ?? DEFAULT_TARGET }));
  return { rows, total: { folder: 'all', ...total, score: scoreOf(total), target: null } };
}

/** Every mutant that no test detected, as `file:line:column mutator (replacement)`, by file and line. */
export function undetectedMutants(report, root = '') {
  const prefix = root === '' ? '' : `${root.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  const lines = [];
  for (const [fileName, file] of Object.entries(report.files ?? {})) {
    const relative = fileName.replace(/\\/g, '/').replace(prefix, '');
    for (const mutant of file.mutants ?? []) {
      if (!UNDETECTED.has(mutant.status)) continue;
      const { line, column } = mutant.location.start;
      const replacement = mutant.replacement === undefined ? '' : ` -> ${mutant.replacement.replace(/\s+/g, ' ').slice(0, 60)}`;
      lines.push({ key: [relative, line, column], text: `${relative}:${line}:${column} ${mutant.mutatorName}${replacement} [${mutant.status}]` });
    }
  }
  lines.sort((a, b) => (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : a.key[1] - b.key[1] || a.key[2] - b.key[2]));
  return lines.map((entry) => entry.text);
}

const percent = (score) => (score === null ? 'n/a' : `${score.toFixed(1)}%`);

/** The per-folder table as plain text, one folder a line, with the target and whether it is met. */
export function formatScores({ rows, total }) {
  const header = ['folder', 'score', 'killed', 'timeout', 'survived', 'no cov', 'ignored', 'target'];
  const body = [...rows, total].map((row) => [
    row.folder,
    percent(row.score),
    String(row.killed),
    String(row.timeout),
    String(row.survived),
    String(row.noCoverage),
    String(row.ignored),
    row.target === null ? '' : `${row.target}%${row.score === null ? '' : row.score >= row.target ? ' met' : ' NOT met'}`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
