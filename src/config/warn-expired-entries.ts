import type { DesiredLicense, DesiredPrincipal } from '../model/desired.js';
import type { Diagnostic } from '../model/diagnostic.js';

/**
 * Warns at each entry whose `until` has passed: it no longer gives anyone a license and is
 * dead config (plans already remove what it gave). An entry shared through a profile is
 * warned about once.
 */
export function warnExpiredEntries(lists: readonly (readonly DesiredPrincipal[])[], now: number, diagnostics: Diagnostic[]): void {
  const warned = new Set<object>();
  const warn = (license: DesiredLicense): void => {
    if (license.until === undefined || license.until.at > now || warned.has(license.source)) return;
    warned.add(license.source);
    diagnostics.push({
      severity: 'warning',
      code: 'license-ended',
      message: `this entry ended (\`until: ${license.until.text}\` has passed), so it no longer gives anyone this license`,
      location: license.source,
      hint: 'remove the entry, or move `until` if the license should continue',
    });
  };
  for (const list of lists) for (const principal of list) principal.licenses.forEach(warn);
}
