import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { renderAnnotations } from '../../src/render/annotations.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { aCheck, aPlan, aUser } from '../support/plan-fixtures.js';

/** More lines (four per error) than a function call takes arguments: nothing may spread them into one call. */
const MANY = 60_000;

describe('renderers with hundreds of thousands of entries', () => {
  it('renders a plan blocked by 60,000 errors', () => {
    const checks = Array.from({ length: MANY }, (_, i) => aCheck('principal-not-found', 'error', `user "u${i}@contoso.com" was not found in the tenant`, { source: { file: 'u.yaml', line: i + 1, column: 3 } }));
    // Set after building: the fixture's locale-aware sort of that many checks would take seconds.
    const text = renderPlanText({ ...aPlan(), checks, blocked: true }, { color: false });
    expect(text).toContain(`Plan blocked: ${MANY} errors`);
    expect(text).toContain(`u${MANY - 1}@contoso.com`);
  });

  it('renders 60,000 annotations as ten per level, the last one counting the rest', () => {
    const diagnostics: Diagnostic[] = Array.from({ length: MANY }, (_, i) => ({ severity: 'error', code: 'x', message: `m${i}`, location: { file: 'u.yaml', line: i + 1, column: 1 } }));
    const lines = renderAnnotations({ diagnostics, checks: [aCheck('account-disabled', 'warning', 'is disabled', { principal: aUser('a@contoso.com'), source: { file: 'u.yaml', line: 1, column: 1 } })] });
    expect(lines).toHaveLength(11);
    expect(lines[9]).toContain(`${MANY - 9} more errors`);
  });
});
