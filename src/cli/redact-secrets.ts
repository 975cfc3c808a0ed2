import type { Writable } from 'node:stream';

/**
 * Environment variables whose values are secrets. Whatever a library, a server or a bug puts
 * in a message, these values never reach the terminal: every write is redacted by value.
 */
const SECRET_VARIABLES = [
  'SKUFORM_GRAPH_TOKEN',
  'SKUFORM_PLAN_KEY',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'GITHUB_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
] as const;

/** Shorter values are not redacted: they would blank out ordinary words and numbers. */
const MIN_SECRET_LENGTH = 8;

/** The secret values set in `env`, longest first (so a secret containing another is replaced whole). */
export function secretValuesOf(env: NodeJS.ProcessEnv): string[] {
  const values = SECRET_VARIABLES.map((name) => env[name]?.trim()).filter((value): value is string => value !== undefined && value.length >= MIN_SECRET_LENGTH);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each secret value replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join('[redacted]');
  return result;
}

/**
 * The stream with its `write` redacting secret values from text chunks; everything else
 * (columns, isTTY, events) is the stream's own.
 */
export function redactingStream<T extends Writable>(stream: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return stream;
  return new Proxy(stream, {
    get(target, property, receiver) {
      if (property !== 'write') {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (chunk: unknown, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? redactSecrets(chunk, secrets) : chunk;
        return (target.write as (...args: unknown[]) => boolean).call(target, text, ...rest);
      };
    },
  });
}
