/** Types of scripts/build-config-validator.mjs, for the test that keeps the generated validator fresh. */
export const AJV_OPTIONS: Record<string, unknown>;
export function generateValidatorSource(schemaText: string): string;
