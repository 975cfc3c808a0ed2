import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { sanitizeText } from '../render/sanitize-text.js';

/**
 * Step outputs for GitHub Actions, in the format of the `$GITHUB_OUTPUT` file: `name=value`
 * lines, and for a value with line breaks `name<<DELIMITER`, the lines, `DELIMITER`.
 *
 * Values can carry text from a tenant, a config or a saved plan. A line break in a
 * `name=value` line would start a new output that a later step trusts, and a value that
 * contains its own delimiter would end the block early and do the same; so single-line
 * values never hold a line break, every block gets a fresh random delimiter that the value
 * does not contain, and control characters are shown as visible escapes.
 */

/** Output names GitHub accepts and expressions can address: letters, digits, `_` and `-`, not starting with a digit or `-`. */
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A delimiter for one multi-line value. */
export type DelimiterSource = () => string;

const randomDelimiter: DelimiterSource = () => `skuform_${randomUUID()}`;

/** A value with control characters escaped; line breaks kept (as `\n`) only when `multiLine`. */
function cleanValue(value: string, multiLine: boolean): string {
  const lines = value.split(/\r\n|\r|\n/);
  return multiLine ? lines.map((line) => sanitizeText(line)).join('\n') : sanitizeText(value);
}

function formatOne(name: string, value: string, nextDelimiter: DelimiterSource): string {
  if (!OUTPUT_NAME.test(name)) throw new Error(`"${name}" is not a valid step output name`);
  if (!/[\r\n]/.test(value)) return `${name}=${cleanValue(value, false)}\n`;
  const text = cleanValue(value, true);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const delimiter = nextDelimiter();
    if (/^[A-Za-z0-9_-]+$/.test(delimiter) && !text.includes(delimiter)) return `${name}<<${delimiter}\n${text}\n${delimiter}\n`;
  }
  // Only a broken delimiter source gets here: random UUIDs do not repeat.
  throw new Error(`no usable delimiter for step output "${name}"`);
}

/** The `$GITHUB_OUTPUT` text for these outputs, in their order. */
export function formatStepOutputs(outputs: Readonly<Record<string, string>>, nextDelimiter: DelimiterSource = randomDelimiter): string {
  return Object.entries(outputs).map(([name, value]) => formatOne(name, value, nextDelimiter)).join('');
}

/** Appends the outputs to the step's output file (`$GITHUB_OUTPUT`, passed in). */
export async function writeStepOutputs(path: string, outputs: Readonly<Record<string, string>>): Promise<void> {
  await appendFile(path, formatStepOutputs(outputs), 'utf8');
}
