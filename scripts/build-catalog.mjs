#!/usr/bin/env node
/**
 * Builds the bundled SKU and service-plan catalogue from Microsoft's licensing CSV
 * ("Product names and service plan identifiers for licensing").
 *
 * Usage: node scripts/build-catalog.mjs [CSV] [OUT]
 *   CSV defaults to data/product-names-and-service-plan-identifiers.csv
 *   OUT defaults to src/catalog/catalog-data.json
 *
 * Plain Node, no dependencies. The output is deterministic (sorted, no timestamps) so a test
 * can check that the committed JSON equals a fresh build.
 *
 * Shape of the output (compact: each service plan is stored once and SKUs point at it):
 *   { "format": 1, "source": "<csv file name>",
 *     "plans": [[servicePlanId, servicePlanName, friendlyName], ...],          sorted by id
 *     "skus":  [[skuId, skuPartNumber, productDisplayName, [planIndex, ...]], ...] sorted by id }
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COLUMNS = ['Product_Display_Name', 'String_Id', 'GUID', 'Service_Plan_Name', 'Service_Plan_Id', 'Service_Plans_Included_Friendly_Names'];

/** Older copies of the file are Windows-1252 (NBSP as a lone 0xA0 byte), newer ones UTF-8 with a BOM. */
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; rows end in CRLF or LF. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** Trims and collapses every run of whitespace (tabs, NBSP, doubled spaces) to one space. */
function clean(value) {
  return value.replace(/\s+/gu, ' ').trim();
}

function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most frequent spelling wins; ties go to `prefer` (lower is better), then to ordinal order. */
function pick(counts, prefer = () => 0) {
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || prefer(a) - prefer(b) || compareText(a, b))[0][0];
}

function tally(map, key, value) {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Map()));
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

const hasSpace = (name) => (/\s/u.test(name) ? 1 : 0);
const isShouting = (name) => (name === name.toUpperCase() && /[A-Z]/u.test(name) ? 1 : 0);

function readRecords(rows, warn) {
  const header = rows[0]?.map(clean) ?? [];
  const index = COLUMNS.map((c) => header.indexOf(c));
  if (index.some((i) => i < 0)) throw new Error(`unexpected header: ${header.join(',')}`);
  const records = [];
  const seen = new Set();
  let duplicates = 0;
  for (const [n, row] of rows.slice(1).entries()) {
    const [display, part, skuId, planName, planId, friendly] = index.map((i) => clean(row[i] ?? ''));
    const sku = skuId.toLowerCase();
    const plan = planId.toLowerCase();
    if (!GUID.test(sku) || !GUID.test(plan) || part === '' || planName === '') {
      warn(`row ${n + 2} skipped: ${JSON.stringify(row)}`);
      continue;
    }
    const key = [display, part, sku, planName, plan, friendly].join('\u0000');
    if (seen.has(key)) { duplicates++; continue; }
    seen.add(key);
    records.push({ display, part, sku, planName, plan, friendly });
  }
  return { records, duplicates };
}

/**
 * One CSV cell sometimes glues two plan names together (`EXCHANGE_S_FOUNDATION
 * PBI_PREMIUM_EM1_ADDON`). When every token but one is the name of another plan of the same
 * SKU, the remaining token is this plan's name.
 */
function unglue(name, planId, skuPlans, names) {
  if (!hasSpace(name)) return name;
  const tokens = name.split(' ');
  if (!tokens.every((t) => /^[A-Za-z0-9_]+$/u.test(t))) return name;
  for (const plans of skuPlans) {
    if (!plans.has(planId)) continue;
    const others = new Set([...plans].filter((p) => p !== planId).map((p) => names.get(p)));
    const rest = tokens.filter((t) => !others.has(t));
    if (rest.length === 1 && rest.length < tokens.length) return rest[0];
  }
  return name;
}

/** Turns the CSV text into the catalogue document (plain data, deterministic). */
export function buildCatalog(text, source) {
  const warnings = [];
  const { records, duplicates } = readRecords(parseCsv(text), (w) => warnings.push(w));
  const skuParts = new Map();
  const skuNames = new Map();
  const skuPlans = new Map();
  const planNames = new Map();
  const planFriendly = new Map();
  for (const r of records) {
    tally(skuParts, r.sku, r.part);
    tally(skuNames, r.sku, r.display);
    tally(planNames, r.plan, r.planName);
    if (r.friendly !== '') tally(planFriendly, r.plan, r.friendly);
    if (!skuPlans.has(r.sku)) skuPlans.set(r.sku, new Set());
    skuPlans.get(r.sku).add(r.plan);
  }
  const names = new Map([...planNames].map(([id, counts]) => [id, pick(counts, hasSpace)]));
  const planIds = [...names.keys()].sort(compareText);
  const plans = planIds.map((id) => {
    const name = unglue(names.get(id), id, skuPlans.values(), names);
    const friendly = planFriendly.has(id) ? pick(planFriendly.get(id), isShouting) : name;
    return [id, name, friendly];
  });
  const position = new Map(planIds.map((id, i) => [id, i]));
  const skus = [...skuPlans.keys()].sort(compareText).map((id) => {
    const indexes = [...skuPlans.get(id)].map((p) => position.get(p))
      .sort((a, b) => compareText(plans[a][1].toLowerCase(), plans[b][1].toLowerCase()) || a - b);
    return [id, pick(skuParts.get(id), hasSpace), pick(skuNames.get(id)), indexes];
  });
  return { catalog: { format: 1, source, plans, skus }, stats: { rows: records.length, duplicates, warnings } };
}

/** One record per line: small diffs when Microsoft updates the file. */
export function serializeCatalog(catalog) {
  const lines = (records) => records.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  return [
    '{',
    `  "format": ${JSON.stringify(catalog.format)},`,
    `  "source": ${JSON.stringify(catalog.source)},`,
    '  "plans": [',
    lines(catalog.plans),
    '  ],',
    '  "skus": [',
    lines(catalog.skus),
    '  ]',
    '}',
    '',
  ].join('\n');
}

function main(argv) {
  const csvPath = argv[0] ?? join(ROOT, 'data', 'product-names-and-service-plan-identifiers.csv');
  const outPath = argv[1] ?? join(ROOT, 'src', 'catalog', 'catalog-data.json');
  const { catalog, stats } = buildCatalog(decode(readFileSync(csvPath)), basename(csvPath));
  writeFileSync(outPath, serializeCatalog(catalog));
  for (const warning of stats.warnings) console.error(`warning: ${warning}`);
  console.error(`${outPath}: ${catalog.skus.length} SKUs, ${catalog.plans.length} service plans ` +
    `from ${stats.rows} rows (${stats.duplicates} duplicate rows dropped)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2));
}
