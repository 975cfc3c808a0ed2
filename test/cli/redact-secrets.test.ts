import { describe, expect, it } from 'vitest';
import { redactingStream, redactSecrets, secretValuesOf } from '../../src/cli/redact-secrets.js';
import { TextSink } from '../support/cli-context.js';

describe('redacting secrets by value', () => {
  const env = { SKUFORM_GRAPH_TOKEN: 'opaque-token-value-1', AZURE_CLIENT_SECRET: 'client~secret~42', GITHUB_TOKEN: 'ghs_abc', PATH: '/usr/bin:/bin' };

  it('knows the secret variables, ignores other ones and values too short to be secrets', () => {
    expect(secretValuesOf(env)).toEqual(['opaque-token-value-1', 'client~secret~42']);
  });

  it('replaces every occurrence, wherever it stands', () => {
    expect(redactSecrets('a opaque-token-value-1 b "client~secret~42" c opaque-token-value-1', secretValuesOf(env))).toBe('a [redacted] b "[redacted]" c [redacted]');
  });

  it('wraps a stream so that nothing written reaches it unredacted, keeping its other properties', () => {
    const sink = Object.assign(new TextSink(), { columns: 120 });
    const stream = redactingStream(sink, secretValuesOf(env));
    stream.write('error: token opaque-token-value-1 rejected\n');
    expect(sink.text).toBe('error: token [redacted] rejected\n');
    expect(stream.columns).toBe(120);
  });
});
