import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkCliArgv, splitCommandLine } from '../support/check-cli-argv.js';
import { ROOT } from '../support/run-cli.js';

const DEPLOY = join(ROOT, 'deploy');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

type Json = Record<string, unknown>;

function documentsOf(path: string): Json[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'), { uniqueKeys: true });
  return documents.map((document) => {
    expect(document.errors, `${relative(ROOT, path)}: ${document.errors.map((e) => e.message).join('; ')}`).toEqual([]);
    return document.toJS() as Json;
  }).filter((document) => document !== null);
}

/** A systemd unit as sections of key -> values (keys may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const header = /^\[([A-Za-z]+)\]$/u.exec(trimmed);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1], current);
      return;
    }
    const pair = /^([A-Za-z]+)=(.*)$/u.exec(trimmed);
    if (!pair?.[1] || current === undefined) throw new Error(`line ${index + 1}: not a key=value line in a section: ${line}`);
    current.set(pair[1], [...(current.get(pair[1]) ?? []), pair[2] ?? '']);
  });
  return sections;
}

const yamlFiles = filesUnder(join(DEPLOY, 'kubernetes')).filter((path) => /\.ya?ml$/u.test(path));
const units = filesUnder(join(DEPLOY, 'systemd')).filter((path) => path.endsWith('.service'));

describe('deployment files', () => {
  it('has a systemd unit and Kubernetes manifests', () => {
    expect(units.length).toBeGreaterThan(0);
    expect(yamlFiles.length).toBeGreaterThan(0);
  });

  it.each(units.map((path) => [relative(ROOT, path), path]))('%s runs a skuform command line the CLI accepts', (_name, path) => {
    const unit = parseUnit(readFileSync(path, 'utf8'));
    const exec = unit.get('Service')?.get('ExecStart') ?? [];
    expect(exec).toHaveLength(1);
    const [program, ...argv] = splitCommandLine(exec[0] ?? '');
    expect(basename(program ?? '')).toBe('skuform');
    expect(checkCliArgv(argv)).toMatchObject({ ok: true, command: 'watch', options: { apply: true, store: 'graph' } });
    expect(unit.get('Service')?.get('KillSignal')).toEqual(['SIGTERM']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('builds an image whose entrypoint is skuform, so the manifests pass only its arguments', () => {
    const dockerfile = readFileSync(join(DEPLOY, 'container', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["skuform"\]$/mu);
    expect(dockerfile).toMatch(/^USER 65532:65532$/mu);
  });

  it.each(yamlFiles.map((path) => [relative(ROOT, path), path]))('%s parses as YAML', (_name, path) => {
    expect(documentsOf(path).length).toBeGreaterThan(0);
  });

  it('runs one replica per tenant, recreated, with git-sync, probes, a scrape annotation and workload identity', () => {
    const deployments = yamlFiles.flatMap(documentsOf).filter((doc) => doc.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const spec = deployment.spec as Json;
      expect(spec.replicas).toBe(1);
      expect(spec.strategy).toEqual({ type: 'Recreate' });
      const template = spec.template as { metadata: { labels: Json; annotations: Json }; spec: Json };
      expect(template.metadata.labels['azure.workload.identity/use']).toBe('true');
      expect(template.metadata.annotations['prometheus.io/scrape']).toBe('true');
      const containers = template.spec.containers as Json[];
      const skuform = containers.find((container) => container.name === 'skuform') as Json;
      const gitSync = containers.find((container) => String(container.image).includes('git-sync')) as Json;
      expect(gitSync).toBeDefined();
      const argv = (skuform.args as unknown[]).map(String);
      const check = checkCliArgv(argv);
      expect(check).toMatchObject({ ok: true, command: 'watch', options: { apply: true, store: 'graph', healthPort: 9464 } });
      expect(check.ok && check.args[0]).toBe('/git/current/licenses');
      expect(String((gitSync.args as string[]).find((arg) => arg.startsWith('--link=')))).toBe('--link=current');
      for (const probe of ['readinessProbe', 'livenessProbe']) expect((skuform[probe] as { httpGet: Json }).httpGet.path).toBe('/healthz');
      const env = (skuform.env as { name: string; value?: string }[]) ?? [];
      expect(env.some((variable) => /SECRET|PASSWORD/u.test(variable.name))).toBe(false);
    }
    const accounts = yamlFiles.flatMap(documentsOf).filter((doc) => doc.kind === 'ServiceAccount');
    expect(accounts.every((account) => typeof (account.metadata as { annotations: Json }).annotations['azure.workload.identity/client-id'] === 'string')).toBe(true);
    expect(yamlFiles.flatMap(documentsOf).some((doc) => doc.kind === 'Secret')).toBe(false);
  });
});

describe('checkCliArgv', () => {
  it.each([
    [['watch', 'licenses/', '--store', 'graph', '--apply', '--interval', '30s', '--debounce', '2', '--health-port', '9464'], { ok: true, command: 'watch', args: ['licenses/'], options: { apply: true, interval: 30_000, debounce: 2_000, healthPort: 9464, healthHost: '127.0.0.1', logFormat: 'text' } }],
    [['watch', '--interval', '1h', '--max-removals', '10', '--allow-remove-all', '--suspend-file', '/run/pause'], { ok: true, options: { interval: 3_600_000, maxRemovals: 10, allowRemoveAll: true, suspendFile: '/run/pause' } }],
    [['plan', 'examples/licenses', '--format', 'diff'], { ok: true, command: 'plan', args: ['examples/licenses'] }],
    [['apply', '--help'], { ok: true, command: 'commander.helpDisplayed' }],
  ] as const)('accepts %j', (argv, expected) => {
    expect(checkCliArgv(argv)).toMatchObject(expected);
  });

  it.each([
    [['watch', '--interval', '5x'], /--interval needs a duration such as 90s, 5m or 2h, got "5x"/],
    [['watch', '--interval', '0s'], /--interval must be at least 1s/],
    [['watch', '--health-port', '70000'], /--health-port needs a port from 0 to 65535/],
    [['watch', '--log-format', 'xml'], /Allowed choices are text, json/],
    [['watch', '--aply'], /unknown option '--aply'/],
    [['wach'], /unknown command 'wach'/],
    [['comment'], /required option '--plan <file>' not specified/],
  ] as const)('refuses %j', (argv, message) => {
    const check = checkCliArgv(argv);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(message);
  });

  it('splits command lines as a shell would, without expanding anything', () => {
    expect(splitCommandLine(`skuform watch "my licenses" --store 'file:a b.json' x\\ y $HOME`)).toEqual(['skuform', 'watch', 'my licenses', '--store', 'file:a b.json', 'x y', '$HOME']);
    expect(() => splitCommandLine('skuform "open')).toThrow(/unterminated/);
  });
});
