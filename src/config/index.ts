/** Loading, validating and resolving desired-state files; writing them (export). */
export { loadConfig, DEFAULT_MAX_FILE_BYTES } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
export { loadConfigSources } from './load-config-sources.js';
export type { ConfigSource, LoadConfigResult, LoadSourcesOptions } from './load-config-sources.js';
export { discoverConfigFiles, DEFAULT_CONFIG_DIR, DEFAULT_CONFIG_FILE } from './discover-config-files.js';
export type { DiscoveredFiles } from './discover-config-files.js';
export { resolveDesiredState, type ResolveOptions } from './resolve-desired-state.js';
export type { ResolverOptions } from './license-resolver.js';
export { exportConfig, DEFAULT_SCHEMA_REF } from './export-config.js';
export type { ExportConfigOptions } from './export-config.js';
export { configSchema, readPackagedSchema } from './config-schema.js';
export { sortDiagnostics } from './sort-diagnostics.js';
export { DEFAULT_YAML_LIMITS } from './parse-yaml.js';
export type { YamlLimits } from './check-yaml-shape.js';
export { emptyLoadedConfig } from './loaded-config.js';
export type { LicenseEntrySpec, LoadedConfig, Located, PlanListMode, PrincipalSpec, ProfileSpec, SettingsSpec } from './loaded-config.js';
