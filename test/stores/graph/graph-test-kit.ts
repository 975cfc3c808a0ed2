import { GraphClient, type AccessTokenProvider, type GraphClientOptions, type GraphDebugEvent } from '../../../src/stores/graph/graph-client.js';

/** A token source that hands out `token-1`, `token-2`, ... and counts refreshes. */
export function countingTokens(prefix = 'secret-token'): AccessTokenProvider & { issued: number; invalidations: number } {
  const state = {
    issued: 0,
    invalidations: 0,
    current: undefined as string | undefined,
    async getToken(): Promise<string> {
      if (state.current === undefined) {
        state.issued += 1;
        state.current = `${prefix}-${state.issued}`;
      }
      return state.current;
    },
    invalidate(): void {
      state.invalidations += 1;
      state.current = undefined;
    },
  };
  return state;
}

/** A client with a recorded, instant sleep and a fixed clock and random source. */
export function testClient(graphRoot: string, overrides: Partial<GraphClientOptions> = {}) {
  const sleeps: number[] = [];
  const debug: GraphDebugEvent[] = [];
  const tokens = countingTokens();
  const client = new GraphClient({
    graphRoot,
    tokens,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    random: () => 0.5,
    debug: (event) => debug.push(event),
    ...overrides,
  });
  return { client, sleeps, debug, tokens };
}
