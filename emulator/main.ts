#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { TenantDocument } from '../src/model/tenant.js';
import type { FaultOptions, FaultStatus } from './fault-injector.js';
import { generateTenant } from './generate-tenant.js';
import { startGraphEmulator, type GraphEmulatorOptions, type LatencyOption } from './start-graph-emulator.js';

/**
 * Command line for the Graph emulator, for demos and benchmarks:
 * `npm run emulator -- --tenant examples/tenant.json --port 8080` (or `node dist/emulator/main.js ...`).
 */

const HELP = `Usage: npm run emulator -- [options]
       node dist/emulator/main.js [options]

A local Microsoft Graph v1.0 emulator for skuform: /organization, /subscribedSkus, /users,
/groups, members, assignLicense, $batch and delta, with Graph's paging, $select, $filter,
throttling (429 + Retry-After) and optional fault injection.

Options:
  --tenant PATH          tenant file to serve (the file store's format, e.g. examples/tenant.json)
  --generate N           serve a generated tenant of N users instead of --tenant
  --port N               port on 127.0.0.1 (default 8080; 0 = any free port)
  --host ADDRESS         address to listen on (default 127.0.0.1)
  --latency MS|MIN-MAX   delay every request (e.g. 50, or 20-80)
  --write-quota N/S      N writes per S seconds per app (default 3000/150; "off" for none)
  --write-burst B        make the write quota a token bucket: N/S writes per second, at most
                         B at once (a tenant whose real allowance is below the documented one)
  --faults RATE          fail this share of requests (0..1) with 429/500/502/503/504 or a dropped connection
  --fault-statuses LIST  statuses to inject, e.g. 429,503 (default all five)
  --lost-responses       with --faults: sometimes apply a write and then drop the connection
  --seed N               make faults and latency jitter reproducible
  --group-delay MS       time group license processing takes (default 2000)
  --replication-lag MS   for this long after a change, reads show the object as it was before
                         (Graph replicates; default 0)
  --token TOKEN          accept only this bearer token (default: any token)
  --roles LIST           application permissions in the printed token (default: the least
                         privilege for apply: LicenseAssignment.ReadWrite.All,User.Read.All,
                         GroupMember.Read.All,Organization.Read.All, plus AuditLog.Read.All
                         for report inactive; "all" for a token
                         without claims); try --roles User.Read.All with skuform doctor
  --help                 show this help

Examples:
  npm run emulator -- --tenant examples/tenant.json --latency 50 --write-quota 300/15
  npm run emulator -- --generate 2000 --write-quota 10/1 --write-burst 5
  SKUFORM_GRAPH_TOKEN=<printed token> skuform plan --store graph:http://127.0.0.1:8080
Ctrl-C stops the emulator.`;

const OPTIONS = {
  tenant: { type: 'string' }, generate: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' },
  latency: { type: 'string' }, 'write-quota': { type: 'string' }, 'write-burst': { type: 'string' }, faults: { type: 'string' },
  'fault-statuses': { type: 'string' }, 'lost-responses': { type: 'boolean' }, seed: { type: 'string' },
  'group-delay': { type: 'string' }, 'replication-lag': { type: 'string' }, token: { type: 'string' }, roles: { type: 'string' }, help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

class UsageError extends Error {}

/** What skuform needs to plan and apply, and nothing more (see the README's permission table). */
const LEAST_PRIVILEGE = ['LicenseAssignment.ReadWrite.All', 'User.Read.All', 'GroupMember.Read.All', 'Organization.Read.All', 'AuditLog.Read.All'];

function parseRoles(text: string | undefined): { roles?: string[] } {
  if (text === 'all') return {};
  if (text === undefined) return { roles: LEAST_PRIVILEGE };
  return { roles: text.split(',').map((r) => r.trim()).filter((r) => r !== '') };
}

function parseNumber(name: string, text: string, min = 0): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`--${name} expects a number >= ${min}, got '${text}'`);
  return value;
}

function parseLatency(text: string): LatencyOption {
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
  if (range?.[1] !== undefined && range[2] !== undefined) return { min: Number(range[1]), max: Number(range[2]) };
  return parseNumber('latency', text);
}

function parseQuota(text: string | undefined, burst: string | undefined): GraphEmulatorOptions['writeQuota'] {
  if (text === 'off') {
    if (burst !== undefined) throw new UsageError('--write-burst needs a --write-quota, not off');
    return false;
  }
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text ?? '3000/150');
  if (match?.[1] === undefined || match[2] === undefined) throw new UsageError(`--write-quota expects N/S (e.g. 300/15) or off, got '${text}'`);
  const quota = { limit: Number(match[1]), windowSeconds: Number(match[2]) };
  if (burst === undefined) return text === undefined ? undefined : quota;
  return { ...quota, mode: 'token-bucket', burst: parseNumber('write-burst', burst, 1) };
}

function parseFaults(values: Values): FaultOptions | undefined {
  if (values.faults === undefined) return undefined;
  const rate = parseNumber('faults', values.faults);
  if (rate > 1) throw new UsageError('--faults expects a share between 0 and 1');
  const statuses = values['fault-statuses']?.split(',').map((s) => parseNumber('fault-statuses', s.trim()) as FaultStatus);
  for (const status of statuses ?? []) if (![429, 500, 502, 503, 504].includes(status)) throw new UsageError(`--fault-statuses: ${status} is not one of 429,500,502,503,504`);
  return { rate, statuses, lostResponses: values['lost-responses'] === true, seed: values.seed === undefined ? undefined : parseNumber('seed', values.seed) };
}

function loadTenant(values: Values): TenantDocument {
  if (values.generate !== undefined) return generateTenant({ users: parseNumber('generate', values.generate, 1) });
  if (values.tenant === undefined) throw new UsageError('give --tenant PATH or --generate N');
  try {
    return JSON.parse(readFileSync(values.tenant, 'utf8')) as TenantDocument;
  } catch (error) {
    throw new UsageError(`cannot read tenant file ${values.tenant}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function buildOptions(values: Values): GraphEmulatorOptions {
  return {
    tenant: loadTenant(values),
    cloneTenant: false,
    port: values.port === undefined ? 8080 : parseNumber('port', values.port),
    host: values.host,
    latency: values.latency === undefined ? undefined : parseLatency(values.latency),
    writeQuota: parseQuota(values['write-quota'], values['write-burst']),
    faults: parseFaults(values),
    seed: values.seed === undefined ? undefined : parseNumber('seed', values.seed),
    groupProcessingDelayMs: values['group-delay'] === undefined ? 2000 : parseNumber('group-delay', values['group-delay']),
    replicationLagMs: values['replication-lag'] === undefined ? 0 : parseNumber('replication-lag', values['replication-lag']),
    auth: { ...(values.token === undefined ? {} : { requireToken: values.token }), ...parseRoles(values.roles) },
  };
}

async function main(): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ options: OPTIONS, strict: true }).values;
    if (values.help === true) { console.log(HELP); return 0; }
    const emulator = await startGraphEmulator(buildOptions(values));
    const doc = emulator.state;
    for (const warning of emulator.loadWarnings) console.error(`warning: ${warning}`);
    console.log(`Graph emulator for ${doc.tenant.displayName} (${doc.users.length} users, ${doc.groups.length} groups) at ${emulator.url}/v1.0`);
    console.log(`  SKUFORM_GRAPH_TOKEN=${emulator.token}`);
    console.log(`  use: --store graph:${emulator.url}`);
    console.log('Ctrl-C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await emulator.stop();
    const stats = emulator.stats;
    console.log(`stopped after ${stats.httpRequests} requests (${stats.writes} writes, ${stats.throttled} throttled)`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      console.error(`error: ${error.message}\n\n${HELP}`);
      return 2;
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
