/**
 * The layering of SPEC section 12: dependencies point inward, and each third-party
 * library with side effects stays inside the one folder that owns that concern.
 */
const layer = (name) => `^src/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make the layering meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-imports-nothing',
      severity: 'error',
      comment: 'src/model holds the shared types and imports nothing else.',
      from: { path: layer('model') },
      to: { pathNot: [layer('model')] },
    },
    {
      name: 'pure-core',
      severity: 'error',
      comment: 'plan and render are pure: they use only model (and catalog data), no I/O.',
      from: { path: '^src/(plan|render)/' },
      to: {
        pathNot: ['^src/$1/', layer('model'), layer('catalog'), '^node:crypto$', '^crypto$', 'node_modules/diff/'],
      },
    },
    {
      name: 'plan-render-separate',
      severity: 'error',
      comment: 'plan does not know how it is rendered.',
      from: { path: layer('plan') },
      to: { path: layer('render') },
    },
    {
      name: 'catalog-is-data',
      severity: 'error',
      comment: 'catalog maps names and ids; it depends on model only.',
      from: { path: layer('catalog') },
      to: { pathNot: [layer('catalog'), layer('model')] },
    },
    {
      name: 'nothing-reaches-out',
      severity: 'error',
      comment: 'Only cli is a composition root; no other layer imports it.',
      from: { pathNot: layer('cli') },
      to: { path: layer('cli') },
    },
    {
      name: 'yaml-ajv-in-config',
      severity: 'error',
      comment: 'Parsing and schema validation live in config.',
      from: { pathNot: layer('config') },
      to: { path: 'node_modules/(yaml|ajv|ajv-formats)/' },
    },
    {
      name: 'octokit-in-github',
      severity: 'error',
      from: { pathNot: layer('github') },
      to: { path: 'node_modules/@octokit/' },
    },
    {
      name: 'chokidar-in-watch',
      severity: 'error',
      from: { pathNot: layer('watch') },
      to: { path: 'node_modules/chokidar/' },
    },
    {
      name: 'prom-client-in-watch',
      severity: 'error',
      comment: 'Metrics are served by watch mode only.',
      from: { pathNot: layer('watch') },
      to: { path: 'node_modules/prom-client/' },
    },
    {
      name: 'network-in-stores',
      severity: 'error',
      comment: 'Network code (HTTP, sockets, identity) lives in stores; github talks to GitHub through Octokit; watch serves its health endpoint.',
      from: { pathNot: [layer('stores'), layer('github'), layer('watch')] },
      to: { path: ['^node:(http|https|net|tls|http2|dgram)$', '^(http|https|net|tls|http2|dgram)$', 'node_modules/@azure/'] },
    },
    {
      name: 'identity-in-stores',
      severity: 'error',
      from: { pathNot: layer('stores') },
      to: { path: 'node_modules/@azure/' },
    },
    {
      name: 'stores-below-apply',
      severity: 'error',
      comment: 'Stores are adapters: they do not know about planning, applying, rendering or GitHub.',
      from: { path: layer('stores') },
      to: { path: [layer('plan'), layer('apply'), layer('render'), layer('github'), layer('watch'), layer('config')] },
    },
    {
      name: 'apply-uses-ports',
      severity: 'error',
      comment: 'The apply engine talks to stores through the Store port in model, never to a concrete store. It renders nothing, but its JSON channels (journal, events) use the one sanitiser.',
      from: { path: layer('apply') },
      to: { path: [layer('stores'), layer('config'), layer('render'), layer('github'), layer('watch')], pathNot: '^src/render/sanitize-text\\.ts$' },
    },
    {
      name: 'github-uses-render',
      severity: 'error',
      from: { path: layer('github') },
      to: { path: [layer('stores'), layer('config'), layer('apply'), layer('watch'), layer('plan')] },
    },
    {
      name: 'report-reads-through-ports',
      severity: 'error',
      comment: 'report reads through the Store port in model and renders purely: model, catalog, plan and render only; no concrete store, config, I/O or libraries of its own.',
      from: { path: layer('report') },
      to: { pathNot: [layer('report'), layer('model'), layer('catalog'), layer('plan'), layer('render')] },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^test/', '\\.test\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
