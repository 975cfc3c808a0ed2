#!/usr/bin/env node
// Regenerates the bundled example: examples/tenant.json (the "current" tenant, as the file
// store keeps it) and examples/licenses/ (the desired state), deterministically.
//
// Usage: npm run build && node scripts/generate-example.mjs
//
// The tenant and the configuration are generated from one model of the fictional Contoso
// organisation. The configuration describes the organisation as it should be; the tenant is
// that state plus a handful of deliberate differences (new hires, a promotion, leavers, plans
// switched back on in the portal, a new group license), so that planning the example shows
// every kind of change and check an admin meets in practice. Real SKUs and service plans come
// from the bundled catalogue (Microsoft's CSV).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadTenantState } = await import(join(root, 'dist/src/stores/semantics/index.js'));
const catalog = JSON.parse(readFileSync(join(root, 'src/catalog/catalog-data.json'), 'utf8'));

// ---------------------------------------------------------------- deterministic randomness
function seededRandom(start) {
  let seed = start;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(20261125);
const pick = (list) => list[Math.floor(random() * list.length)];
function guid() {
  const hex = [...Array(32)].map(() => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// ---------------------------------------------------------------- catalogue
const catalogSkus = new Map(catalog.skus.map(([id, part, name, plans]) => [part, { id, part, name, plans }]));
function catalogSku(part) {
  const sku = catalogSkus.get(part);
  if (!sku) throw new Error(`catalogue has no ${part}`);
  return sku;
}
function planId(part, planName) {
  const sku = catalogSku(part);
  for (const i of sku.plans) if (catalog.plans[i][1] === planName) return catalog.plans[i][0];
  throw new Error(`${part} has no plan ${planName}`);
}
function allPlanIds(part) {
  return catalogSku(part).plans.map((i) => catalog.plans[i][0]);
}

const SEATS = {
  SPE_E3: 250,
  SPE_E5: 40,
  POWER_BI_PRO: 60,
  VISIOCLIENT: 25,
  Microsoft_365_Copilot: 30,
  SPE_F1: 80,
  PROJECTPROFESSIONAL: 10,
  FLOW_FREE: 10000,
};
const subscribedSkus = Object.entries(SEATS).map(([part, enabled]) => {
  const sku = catalogSku(part);
  return {
    skuId: sku.id,
    skuPartNumber: part,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 0,
    prepaidUnits: { enabled, suspended: 0, warning: part === 'SPE_E5' ? 5 : 0, lockedOut: 0 },
    servicePlans: sku.plans
      .map((i) => catalog.plans[i])
      .map(([servicePlanId, servicePlanName]) => ({ servicePlanId, servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' })),
  };
});
const skuId = (part) => catalogSku(part).id;

// ---------------------------------------------------------------- people
const FIRST = ['Aisha', 'Bram', 'Chen', 'Daan', 'Elif', 'Femke', 'Gijs', 'Hana', 'Ivo', 'Jasmijn', 'Karim', 'Lotte', 'Milan',
  'Noor', 'Omar', 'Priya', 'Quinten', 'Roos', 'Sanne', 'Tariq', 'Umut', 'Vera', 'Wouter', 'Xiu', 'Yara', 'Zeno', 'Anouk',
  'Bas', 'Carmen', 'Dirk', 'Eva', 'Floor', 'Guus', 'Iris', 'Jens', 'Kiki', 'Lars', 'Mila', 'Nina', 'Olaf', 'Pim', 'Rik',
  'Sofia', 'Teun', 'Lina', 'Mats', 'Ruben', 'Sara', 'Thijs', 'Yusuf'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'de Boer', 'Bos', 'Vos', 'Peters',
  'Hendriks', 'van Dijk', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Kok', 'Jacobs', 'Vermeulen', 'van den Berg',
  'Schouten', 'Willems', 'Hoekstra', 'Koster', 'Prins', 'Huisman', 'Kuipers', 'Verbeek', 'Maas', 'Yilmaz', 'Kaya',
  'Nguyen', 'Okafor', 'Garcia', 'Schmidt', 'Müller', 'Novak', 'Kowalski', 'Rossi'];
const usedUpns = new Set();
function person(department, location = pick(['NL', 'NL', 'NL', 'NL', 'DE', 'BE', 'GB', 'US'])) {
  for (;;) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const upn = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z.]/g, '') + '@contoso.com';
    if (usedUpns.has(upn)) continue;
    usedUpns.add(upn);
    return { id: guid(), upn, name: `${first} ${last}`, department, location, enabled: true, desired: [], current: null };
  }
}
const team = (department, n, location) => Array.from({ length: n }, () => person(department, location));

const sales = team('Sales', 60);
const engineering = team('Engineering', 70);
const finance = team('Finance', 24);
const marketing = team('Marketing', 28);
const frontline = team('Frontline', 75);
const it = team('IT', 14);
const executives = team('Executives', 8);
const projectManagers = team('Project Management', 8);
const leavers = team('Leavers', 3);
const contractors = team('Contractors', 6);
const everyone = [...sales, ...engineering, ...finance, ...marketing, ...frontline, ...it, ...executives, ...projectManagers,
  ...leavers, ...contractors];

// One frontline worker was created by a sync without a usage location: fine for group licenses
// (Graph uses the tenant's country), but a direct assignment to them would fail.
frontline[7].location = null;
for (const leaver of leavers) leaver.enabled = false;

// ---------------------------------------------------------------- desired licenses (profiles)
const PROFILES = {
  'knowledge-worker': [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE', 'SWAY'] }],
  engineer: [
    { sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE', 'SWAY'] },
    { sku: 'Visio Plan 2' },
  ],
  'power-user': [{ sku: 'SPE_E5', disabledPlans: ['YAMMER_ENTERPRISE'] }],
  executive: [
    { sku: 'SPE_E5' },
    { sku: 'Microsoft_365_Copilot' },
  ],
  'e5-exchange-and-teams': [{ sku: 'SPE_E5', enabledPlans: ['EXCHANGE_S_ENTERPRISE', 'TEAMS1', 'MCOSTANDARD', 'MCOEV'] }],
};
/** Resolves a profile entry to { part, disabledPlans: [ids] } the way skuform does. */
function resolveEntry(entry) {
  const part = entry.sku === 'Visio Plan 2' ? 'VISIOCLIENT' : entry.sku;
  if (entry.enabledPlans) {
    const on = new Set(entry.enabledPlans.map((p) => planId(part, p)));
    return { part, disabledPlans: allPlanIds(part).filter((id) => !on.has(id)) };
  }
  return { part, disabledPlans: (entry.disabledPlans ?? []).map((p) => planId(part, p)) };
}
const profile = (name) => PROFILES[name].map(resolveEntry);

for (const u of engineering) u.profile = 'knowledge-worker';
for (const u of engineering.slice(0, 18)) u.profile = 'engineer';
for (const u of engineering.slice(60)) u.profile = 'power-user';
engineering[40].profile = 'engineer'; // a new joiner who needs Visio: the nearly full SKU
for (const u of finance) u.profile = 'knowledge-worker';
for (const u of marketing) u.profile = 'knowledge-worker';
for (const u of it) u.profile = 'power-user';
for (const u of it.slice(0, 3)) u.profile = 'e5-exchange-and-teams';
for (const u of executives) u.profile = 'executive';
for (const u of projectManagers) u.profile = 'knowledge-worker';
for (const u of everyone) u.desired = u.profile ? profile(u.profile) : [];

// Per-person overrides in the files.
marketing[0].extra = [{ sku: 'VISIOCLIENT' }]; // own licenses entry next to the profile
marketing[0].desired.push(resolveEntry({ sku: 'VISIOCLIENT' }));
finance[1].override = [{ sku: 'SPE_E3', disabledPlans: ['SWAY'] }]; // replaces the profile's SPE_E3 entry
finance[1].desired = [resolveEntry(finance[1].override[0])];

// ---------------------------------------------------------------- groups
const groups = [
  { id: guid(), name: 'Sales', security: true, members: sales, licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }] },
  { id: guid(), name: 'Frontline Workers', security: true, members: frontline, licenses: [{ sku: 'SPE_F1' }] },
  { id: guid(), name: 'Power BI Users', security: true, members: [...finance, ...marketing.slice(0, 10), ...sales.slice(0, 6)], licenses: [{ sku: 'POWER_BI_PRO' }] },
  { id: guid(), name: 'Project Managers', security: true, members: projectManagers, licenses: [] },
  { id: guid(), name: 'All Company', security: false, members: everyone.filter((u) => u.enabled), licenses: [] },
];
const groupLicense = (entry) => {
  const r = resolveEntry(entry);
  return { skuId: skuId(r.part), disabledPlans: r.disabledPlans };
};

// ---------------------------------------------------------------- the current tenant: desired + drift
const now = '2026-10-01T08:00:00Z';
const direct = (u) => (u.current ?? u.desired).map((d) => ({ skuId: skuId(d.part), disabledPlans: [...d.disabledPlans].sort() }));

// 1. Three engineers joined last week: no license yet.
for (const u of engineering.slice(40, 43)) u.current = [];
// 2. An engineer was promoted to E5 (power-user); the tenant still has E3.
const promoted = engineering[44];
promoted.profile = 'power-user';
promoted.desired = profile('power-user');
promoted.current = profile('knowledge-worker');
// 3. Someone switched Yammer and Sway back on in the admin center for two marketers.
for (const u of marketing.slice(3, 5)) u.current = [{ part: 'SPE_E3', disabledPlans: [] }];
// 4. Leavers still hold E3; the files list them with no licenses.
for (const u of leavers) u.current = profile('knowledge-worker');
// 5. Microsoft added a plan to Microsoft 365 E5 since the IT allow-list was last applied.
for (const u of it.slice(0, 3)) {
  const newest = planId('SPE_E5', 'MESH_AVATARS_FOR_TEAMS');
  u.current = u.desired.map((d) => ({ ...d, disabledPlans: d.disabledPlans.filter((id) => id !== newest) }));
}
// 6. Two sales people hold a direct E3 on top of the one they inherit from Sales.
for (const u of sales.slice(10, 12)) u.current = [{ part: 'SPE_E3', disabledPlans: [planId('SPE_E3', 'YAMMER_ENTERPRISE'), planId('SPE_E3', 'SWAY')] }];
for (const u of sales.slice(10, 12)) u.desired = u.current;
// 7. Contractors got E3 by hand and are not in the files (unmanaged holders).
for (const u of contractors) u.current = profile('knowledge-worker');
// 8. The executive assistant's Copilot was never assigned.
executives[7].current = profile('executive').filter((d) => d.part !== 'Microsoft_365_Copilot');
// 9. Everyone has the free Power Automate license, which skuform does not manage.
const flowFree = { skuId: skuId('FLOW_FREE') };
// 10. Visio is nearly full: three people outside the files hold one too.
for (const u of contractors.slice(0, 3)) u.current = [...u.current, resolveEntry({ sku: 'VISIOCLIENT' })];

const users = everyone.map((u) => {
  const states = direct(u).map((l) => ({ skuId: l.skuId, assignedByGroup: null, state: 'Active', error: null, disabledPlans: l.disabledPlans, lastUpdatedDateTime: now }));
  if (u.department !== 'Frontline' && u.enabled) states.push({ skuId: flowFree.skuId, assignedByGroup: null, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: now });
  return {
    id: u.id,
    userPrincipalName: u.upn,
    displayName: u.name,
    accountEnabled: u.enabled,
    usageLocation: u.location,
    assignedLicenses: [],
    licenseAssignmentStates: states,
  };
});
// 11. Sign-in activity, as Graph reports it with AuditLog.Read.All (for `skuform report inactive`):
// most people signed in within the last two weeks, some not for one to six months, a few never;
// the leavers stopped when they left. Its own random sequence, so the rest of the example stays
// exactly as it was.
const signInsAsOf = Date.parse('2026-12-03T18:00:00Z');
const signInRandom = seededRandom(20261203);
const DAY = 24 * 60 * 60 * 1000;
const agoIso = (days) => new Date(signInsAsOf - Math.round(days * DAY / 60000) * 60000).toISOString().replace('.000Z', 'Z');
function signInsAfter(days) {
  const interactive = days + signInRandom() * 3;
  const background = days + signInRandom() * 0.5;
  return {
    lastSignInDateTime: agoIso(interactive),
    lastNonInteractiveSignInDateTime: agoIso(background),
    lastSuccessfulSignInDateTime: agoIso(Math.min(interactive, background)),
  };
}
function signInActivityOf(u) {
  const r = signInRandom();
  if (!u.enabled) return signInsAfter(40 + signInRandom() * 30);
  if (u.current !== null && u.current.length === 0) return { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
  if (r < 0.875) return signInsAfter(signInRandom() * 12);
  if (r < 0.985) return signInsAfter(30 + signInRandom() * 170);
  return r < 0.9925 ? null : { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
}
for (const [i, u] of everyone.entries()) users[i].signInActivity = signInActivityOf(u);

const tenantGroups = groups.map((g) => ({
  id: g.id,
  displayName: g.name,
  securityEnabled: g.security,
  // Project Managers gets its license from the files: the tenant does not have it yet.
  assignedLicenses: g.licenses.map(groupLicense),
  members: g.members.map((u) => u.id).sort(),
}));
const doc = {
  tenant: { id: '7c1d5c4a-2f7e-4b8a-9d5e-1a2b3c4d5e6f', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: 'NL' },
  subscribedSkus,
  users,
  groups: tenantGroups,
};
const { state, warnings } = loadTenantState(doc, { now: () => new Date(now) });
void warnings; // expected: the derived fields were left empty above and are computed here
const tenantDoc = state.document;

// ---------------------------------------------------------------- write the tenant
const examples = join(root, 'examples');
writeFileSync(join(examples, 'tenant.json'), `${JSON.stringify(tenantDoc, null, 2)}\n`);

// ---------------------------------------------------------------- write the configuration
const licensesDir = join(examples, 'licenses');
rmSync(licensesDir, { recursive: true, force: true });
mkdirSync(join(licensesDir, 'users'), { recursive: true });
const header = (depth) => `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/skuform.schema.json\n`;
const yamlString = (s) => (/^[A-Za-z0-9_.@-]+$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) ? s : JSON.stringify(s));
function entryYaml(entry, indent) {
  const pad = ' '.repeat(indent);
  let out = `${pad}- sku: ${yamlString(entry.sku)}\n`;
  if (entry.disabledPlans) out += `${pad}  disabledPlans: [${entry.disabledPlans.join(', ')}]\n`;
  if (entry.enabledPlans) out += `${pad}  enabledPlans: [${entry.enabledPlans.join(', ')}]\n`;
  return out;
}

writeFileSync(join(licensesDir, 'settings.yaml'), `${header(2)}# Contoso's license assignments. Plan with:  npx skuform plan examples/licenses
version: 1
tenant: contoso.onmicrosoft.com
store: file:../tenant.json            # relative to this file; --store overrides it
settings:
  # Only these SKUs are ever touched. FLOW_FREE (held by almost everyone) is left alone.
  managedSkus: [SPE_E3, SPE_E5, POWER_BI_PRO, VISIOCLIENT, Microsoft_365_Copilot, SPE_F1, PROJECTPROFESSIONAL]
  prune: false          # people not listed here keep what they have (shown as unmanaged holders)
  maxRemovals: 25       # refuse plans that take away more licenses than this
  seatReserve:
    SPE_E3: 5           # keep five E3 seats free for new joiners
    VISIOCLIENT: 1
  # What a seat costs per month, so plans show what a change costs. These are example list
  # prices (annual commitment, excluding VAT); your own agreement's prices differ: use those.
  currency: EUR
  billing: annual
  prices:
    SPE_E3: 33.70
    SPE_E5: 54.70
    POWER_BI_PRO: 13.10
    VISIOCLIENT: 14.10
    Microsoft_365_Copilot: 28.10
    SPE_F1: 7.50
    PROJECTPROFESSIONAL: 28.10
    FLOW_FREE: 0        # free, and not managed here: priced so report inactive can count it
  timeZone: Europe/Amsterdam   # bare from/until dates are Amsterdam days
  lookahead: 30                # plans note licenses that start or end within 30 days
`);

let profilesYaml = `${header(2)}# License bundles, shared by every file. A person's own \`licenses\` entry for the same SKU wins.
version: 1
profiles:
`;
const profileComments = {
  'knowledge-worker': 'Microsoft 365 E3 without Viva Engage (Yammer) and Sway.',
  engineer: 'E3 plus Visio, named by its product name.',
  'power-user': 'Microsoft 365 E5 for IT and senior engineers.',
  executive: 'E5 with every plan on, plus Copilot.',
  'e5-exchange-and-teams': 'An allow-list: exactly these plans on. When Microsoft adds a plan to E5, the next plan switches it off.',
};
for (const [name, entries] of Object.entries(PROFILES)) {
  profilesYaml += `  # ${profileComments[name]}\n  ${name}:\n`;
  for (const e of entries) profilesYaml += entryYaml(e, 4);
}
writeFileSync(join(licensesDir, 'profiles.yaml'), profilesYaml);

function writeUsers(file, title, people, describe) {
  let out = `${header(3)}# ${title}\nusers:\n`;
  for (const u of [...people].sort((a, b) => a.upn.localeCompare(b.upn))) out += describe(u);
  writeFileSync(join(licensesDir, 'users', file), out);
}
const shorthand = (u) => `  ${u.upn}: ${u.profile}\n`;
writeUsers('engineering.yaml', 'Engineering. New joiners get the knowledge-worker profile on their first day.', engineering, shorthand);
writeUsers('finance.yaml', 'Finance. Power BI comes from the "Power BI Users" group.', finance, (u) =>
  u.override
    ? `  ${u.upn}:\n    profiles: [${u.profile}]\n    licenses:                       # keeps Viva Engage: overrides the profile's SPE_E3 entry\n${u.override.map((e) => entryYaml(e, 6)).join('')}`
    : shorthand(u));
writeUsers('marketing.yaml', 'Marketing.', marketing, (u) =>
  u.extra ? `  ${u.upn}:\n    profiles: [${u.profile}]\n    licenses:\n${u.extra.map((e) => entryYaml(e, 6)).join('')}` : shorthand(u));
writeUsers('it.yaml', 'IT. Listed by object id where the UPN is about to change.', it, (u, i) =>
  u === it[4] ? `  ${u.id}: ${u.profile}           # ${u.upn}\n` : shorthand(u, i));
writeUsers('executives.yaml', 'Executives.', executives, shorthand);
writeUsers('project-managers.yaml', 'Project managers: E3 directly, Project Plan 3 through their group (groups.yaml).', projectManagers, shorthand);
writeUsers('sales.yaml', 'Sales get E3 from the "Sales" group. Listing someone with [] means: no direct managed licenses.', sales.filter((u, i) => i < 3 || (i >= 10 && i < 12)), (u) =>
  u.current?.length ? `  ${u.upn}: knowledge-worker     # also inherits E3 from Sales\n` : `  ${u.upn}: []\n`);
writeUsers('contractors.yaml', 'Contractors: licensed for the length of their contract; the others are not managed here yet.', contractors.slice(0, 1), (u) =>
  `  ${u.upn}:\n    profiles: [knowledge-worker]\n    licenses:\n      - sku: VISIOCLIENT        # for the migration project, which ends with the year\n        until: 2026-12-31\n`);
writeUsers('leavers.yaml', 'Leavers: accounts disabled by HR; their licenses go back to the pool.', leavers, (u) => `  ${u.upn}: []\n`);

writeFileSync(join(licensesDir, 'groups.yaml'), `${header(2)}# Group-based licenses reach every direct member of the group (nested groups are not expanded).
version: 1
groups:
  Sales:
    licenses:
      - sku: ${skuId('SPE_E3')}   # Microsoft 365 E3, by skuId
        disabledPlans: [YAMMER_ENTERPRISE]
  Frontline Workers:
    licenses:
      - sku: Microsoft 365 F3
  ${groups[2].id}:                 # "Power BI Users", by object id
    licenses:
      - sku: POWER_BI_PRO
  Project Managers:
    licenses:
      - sku: PROJECTPROFESSIONAL
`);
// ---------------------------------------------------------------- scenarios that must be refused
const scenariosDir = join(examples, 'scenarios');
rmSync(scenariosDir, { recursive: true, force: true });
mkdirSync(scenariosDir, { recursive: true });
writeFileSync(join(scenariosDir, 'emptied-config.yaml'), `${header(2)}# Someone emptied the files by mistake while prune is on: every managed license would go.
# skuform refuses (exit 3) and the tenant stays exactly as it is.
version: 1
store: file:../tenant.json
settings:
  managedSkus: [SPE_E3, SPE_E5, POWER_BI_PRO]
  prune: true
`);
const visioCandidates = engineering.filter((u) => u.profile === 'knowledge-worker' && u.current === null).slice(0, 5);
writeFileSync(join(scenariosDir, 'seat-shortage.yaml'), `${header(2)}# Five more Visio licenses, but only three seats are free: refused before anything changes (exit 3).
version: 1
store: file:../tenant.json
users:
${visioCandidates.map((u) => `  ${u.upn}:\n    licenses:\n      - sku: VISIOCLIENT\n`).join('')}`);
writeFileSync(join(scenariosDir, 'missing-usage-location.yaml'), `${header(2)}# ${frontline[7].upn} has no usage location: Graph refuses direct assignments to them (exit 3).
# (Their Microsoft 365 F3 comes through a group, which uses the tenant's country instead.)
version: 1
store: file:../tenant.json
users:
  ${frontline[7].upn}:
    licenses:
      - sku: POWER_BI_PRO
`);

// ---------------------------------------------------------------- a deliberately broken file
const brokenDir = join(examples, 'broken');
rmSync(brokenDir, { recursive: true, force: true });
mkdirSync(brokenDir, { recursive: true });
writeFileSync(join(brokenDir, 'licenses.yaml'), `${header(2)}# Deliberately wrong in many ways: \`npx skuform validate examples/broken\` lists every problem at once.
version: 1
settings:
  maxRemovals: fifty
  prune: true
profiles:
  knowledge-worker:
    - sku: SPE_E33
      disabledPlans: [YAMMER_ENTERPRISE]
  designer:
    - sku: Visio Plan 2
      disabledPlans: [SWAYY]
      enabledPlans: [VISIOONLINE]
users:
  ${engineering[0].upn}: knowledge-worker
  ${engineering[1].upn}: knowledge-wroker
  ${engineering[2].upn}:
    profiles: [designer]
    licences:
      - sku: POWER_BI_PRO
  ${engineering[0].upn.toUpperCase()}: designer
groups:
  Sales:
    licenses:
      - sku: POWER_BI_PRO
        disabledPlans: EXCHANGE_S_FOUNDATION
`);
console.log(`wrote examples/tenant.json (${users.length} users, ${tenantGroups.length} groups) and examples/licenses/`);
