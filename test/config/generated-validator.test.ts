import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateValidatorSource } from '../../scripts/build-config-validator.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

describe('scripts/build-config-validator.mjs', () => {
  it('the committed validator is compiled from the committed schema (run the script after editing the schema)', () => {
    const schema = readFileSync(join(ROOT, 'schemas', 'skuform.schema.json'), 'utf8');
    expect(readFileSync(join(ROOT, 'src', 'config', 'generated', 'validate-config.ts'), 'utf8')).toBe(generateValidatorSource(schema));
  });
});
