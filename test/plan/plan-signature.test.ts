import { describe, expect, it } from 'vitest';
import { canonicalJson, signPlan, verifyPlanSignature } from '../../src/plan/plan-signature.js';

const KEY = '0123456789abcdef0123456789abcdef';

describe('plan signatures', () => {
  const plan = { formatVersion: 1, operations: [{ id: 'user:1', principal: { name: 'alice@contoso.com' } }], blocked: false };

  it('canonical JSON sorts keys at every level and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null, e: undefined }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
  });

  it.each<[string, unknown, string]>([
    // Without the commas [1, 23] and [12, 3] would be one text, and one signature would fit both.
    ['separates array items', [1, 23], '[1,23]'],
    // An array keeps its places: a hole reads as null, as JSON.stringify writes it.
    ['writes null for an undefined array item', [undefined, 1], '[null,1]'],
  ])('canonical JSON %s', (_rule, value, text) => {
    expect(canonicalJson(value)).toBe(text);
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
    // Decoding hex stops at the first non-hex character: a value is whole, or it is refused.
    ['a valid value with text after it', (v) => { (v.signature as { value: string }).value += 'z'; }],
    ['a valid value with text before it', (v) => { const s = v.signature as { value: string }; s.value = `z${s.value}`; }],
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
