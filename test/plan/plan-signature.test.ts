import { describe, expect, it } from 'vitest';
import { canonicalJson, signPlan, verifyPlanSignature } from '../../src/plan/plan-signature.js';

const KEY = '0123456789abcdef0123456789abcdef';

describe('plan signatures', () => {
  const plan = { formatVersion: 1, operations: [{ id: 'user:1', principal: { name: 'alice@contoso.com' } }], blocked: false };

  it('canonical JSON sorts keys at every level and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null, e: undefined }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
  });

  it('verifies a signed plan, whatever the key order or indentation it was saved with', () => {
    const signed = { ...plan, signature: signPlan(plan, KEY) };
    expect(verifyPlanSignature(signed, KEY)).toBe('valid');
    const reordered = JSON.parse(JSON.stringify({ signature: signed.signature, blocked: false, operations: plan.operations, formatVersion: 1 }, null, 4)) as Record<string, unknown>;
    expect(verifyPlanSignature(reordered, KEY)).toBe('valid');
  });

  it.each<[string, (value: Record<string, unknown>) => void]>([
    ['a changed name', (v) => { (v.operations as { principal: { name: string } }[])[0]!.principal.name = 'mallory@contoso.com'; }],
    ['a flipped flag', (v) => { v.blocked = true; }],
    ['an added property', (v) => { v.extra = 1; }],
    ['a removed operation', (v) => { v.operations = []; }],
    ['another algorithm', (v) => { (v.signature as { algorithm: string }).algorithm = 'none'; }],
    ['a truncated value', (v) => { (v.signature as { value: string }).value = 'ab'; }],
  ])('refuses %s', (_name, edit) => {
    const signed = structuredClone({ ...plan, signature: signPlan(plan, KEY) }) as Record<string, unknown>;
    edit(signed);
    expect(verifyPlanSignature(signed, KEY)).toBe('invalid');
  });

  it('refuses another key, and tells a missing signature apart', () => {
    expect(verifyPlanSignature({ ...plan, signature: signPlan(plan, KEY) }, `${KEY}x`)).toBe('invalid');
    expect(verifyPlanSignature(plan, KEY)).toBe('missing');
  });
});
