/**
 * The Graph emulator's public API for tests and benchmarks: start one over a tenant
 * document, point a Graph client at `url`, assert on `stats`, and steer it with faults,
 * quotas, latency and portal-style edits.
 */
export {
  startGraphEmulator,
  type GraphEmulator,
  type GraphEmulatorOptions,
  type EmulatorClock,
  type LatencyOption,
} from './start-graph-emulator.js';
export { createTestToken, type AuthOptions } from './access-token.js';
export type { FaultOptions, FaultStatus } from './fault-injector.js';
export type { WriteQuotaOptions } from './write-quota.js';
export { DEFAULT_WRITE_QUOTA } from './write-quota.js';
export { DEFAULT_PERMISSIONS, type Operation } from './graph-permissions.js';
export type { EmulatorStats } from './emulator-stats.js';
export type { RemovalReason } from './change-log.js';
export type { MutateOptions } from './emulated-tenant.js';
export { generateTenant, GENERATED_SKUS, type GeneratedTenantOptions } from './generate-tenant.js';
