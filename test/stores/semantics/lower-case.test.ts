import { describe, expect, it } from 'vitest';
import { lowerCase } from '../../../src/stores/semantics/lower-case.js';

describe('lowerCase', () => {
  it.each([
    ['', ''],
    ['alice@contoso.com', 'alice@contoso.com'],
    ['05e9a617-0261-4cee-bb44-138d3ef5d965', '05e9a617-0261-4cee-bb44-138d3ef5d965'],
    ['05E9A617-0261-4CEE-BB44-138D3EF5D965', '05e9a617-0261-4cee-bb44-138d3ef5d965'],
    ['Alice@Contoso.com', 'alice@contoso.com'],
    ['ÉLODIE@contoso.fr', 'élodie@contoso.fr'],
    ['straße@contoso.de', 'straße@contoso.de'],
    ['İ', 'İ'.toLowerCase()],
    ['[Z]@^`{', '[z]@^`{'],
  ])('lowers %j like toLowerCase', (text, expected) => {
    expect(lowerCase(text)).toBe(expected);
    expect(lowerCase(text)).toBe(text.toLowerCase());
  });
});
