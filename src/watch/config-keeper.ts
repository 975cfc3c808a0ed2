import { realpath, stat } from 'node:fs/promises';
import { loadCatalog } from '../catalog/index.js';
import { discoverConfigFiles, loadConfig, resolveDesiredState, type LoadConfigResult } from '../config/index.js';
import type { DesiredState } from '../model/desired.js';
import { hasErrors, type Diagnostic } from '../model/diagnostic.js';
import type { SubscribedSku } from '../model/tenant.js';

/** The config files as loaded once, and when. */
interface Load {
  result: LoadConfigResult;
  fingerprint: string;
  at: number;
  /** Resolution problems of this load were already reported. */
  reported: boolean;
}

/** The config for this run: the files as they are, or the last good ones while the files are broken. */
export type ConfigResolution =
  | {
      ok: true;
      desired: DesiredState;
      /** False: the files as they are now are invalid, and the last good config is in force. */
      current: boolean;
      /** When the config in force was loaded (epoch ms). */
      loadedAt: number;
      /** Problems not reported before: errors of the current files, warnings of a new config. */
      problems: Diagnostic[];
    }
  | { ok: false; problems: Diagnostic[]; message: string };

/**
 * Keeps the desired state across runs. The files are read again when they changed (a cheap
 * fingerprint of paths, sizes and times, checked every run, so an edit a file watcher missed
 * is still picked up within one interval) or when a watcher said so. Broken files never
 * replace a good config: their problems are reported once, and the last good config stays in
 * force, resolved again every run against the tenant's SKUs as they are then.
 */
export class ConfigKeeper {
  private latest: Load | undefined;
  private lastGood: Load | undefined;

  constructor(
    private readonly paths: readonly string[],
    private readonly cwd: string,
    private readonly now: () => number,
  ) {}

  /** True when the files as they were last read are valid (as far as a load can tell). */
  get filesValid(): boolean {
    return this.latest !== undefined && !hasErrors(this.latest.result.diagnostics);
  }

  /** Reads the files again when `force` or when they changed; returns the load's problems when it did. */
  async refresh(force: boolean): Promise<{ reloaded: boolean; problems: Diagnostic[] }> {
    const fingerprint = await fingerprintFiles(this.paths, this.cwd);
    if (!force && this.latest !== undefined && this.latest.fingerprint === fingerprint) return { reloaded: false, problems: [] };
    const result = await loadConfig(this.paths, { cwd: this.cwd });
    this.latest = { result, fingerprint, at: this.now(), reported: false };
    return { reloaded: true, problems: result.diagnostics.filter((d) => d.severity === 'error') };
  }

  /** Resolves the config in force against the tenant's SKUs. Call `refresh` first. */
  resolve(skus: readonly SubscribedSku[]): ConfigResolution {
    const latest = this.latest;
    if (latest === undefined) throw new Error('ConfigKeeper.resolve before refresh');
    const catalog = loadCatalog();
    let problems: Diagnostic[] = [];
    if (!hasErrors(latest.result.diagnostics)) {
      const resolved = resolveDesiredState(latest.result.config, skus, catalog, { now: this.now() });
      const fresh = !latest.reported;
      latest.reported = true;
      if (!hasErrors(resolved.diagnostics)) {
        this.lastGood = latest;
        return { ok: true, desired: resolved.desired, current: true, loadedAt: latest.at, problems: fresh ? [...latest.result.diagnostics, ...resolved.diagnostics] : [] };
      }
      if (fresh) problems = resolved.diagnostics.filter((d) => d.severity === 'error');
    }
    const good = this.lastGood;
    if (good === undefined || good === latest) {
      return { ok: false, problems, message: good === undefined ? 'there is no valid config yet; fix the files' : 'the config no longer matches the tenant\'s SKUs; fix the files' };
    }
    const fallback = resolveDesiredState(good.result.config, skus, catalog, { now: this.now() });
    if (hasErrors(fallback.diagnostics)) {
      return { ok: false, problems: [...problems, ...fallback.diagnostics.filter((d) => d.severity === 'error')], message: 'the last good config no longer matches the tenant\'s SKUs; fix the files' };
    }
    return { ok: true, desired: fallback.desired, current: false, loadedAt: good.at, problems };
  }
}

/** Which files the paths name, with their real paths, sizes and modification times. */
async function fingerprintFiles(paths: readonly string[], cwd: string): Promise<string> {
  const discovered = await discoverConfigFiles(paths, cwd);
  const parts = await Promise.all(discovered.files.map(async (file) => {
    const [real, info] = await Promise.all([realpath(file.path).catch(() => file.path), stat(file.path).catch(() => undefined)]);
    return `${file.shown}\0${real}\0${info?.size ?? -1}\0${info?.mtimeMs ?? -1}\0${info?.ino ?? -1}`;
  }));
  return [...parts, ...discovered.diagnostics.map((d) => d.message)].join('\n');
}
