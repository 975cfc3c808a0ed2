import { createSeededRandom, type RandomSource } from './seeded-random.js';
import { GraphError } from './graph-error.js';
import { formatRetryAfter } from './write-quota.js';

/**
 * Random failures for resilience tests. With probability `rate` a request fails with one of
 * the configured statuses, or its connection is dropped. Decisions are taken BEFORE a write
 * is applied, so a failed write never half-applies; `lostResponses` adds the nasty case of
 * a write that was applied but whose response never arrived.
 */

export type FaultStatus = 429 | 500 | 502 | 503 | 504;

export interface FaultOptions {
  /** Probability 0..1 that a request fails. */
  rate: number;
  /** Statuses to pick from (default all of 429, 500, 502, 503, 504). */
  statuses?: FaultStatus[];
  /** Also destroy sockets mid-request (default true). */
  dropConnections?: boolean;
  /** Also apply some writes and then destroy the socket (default false). */
  lostResponses?: boolean;
  /** Which requests may fail (default `all`). */
  scope?: 'all' | 'writes' | 'reads';
  /** Seed for reproducible decisions (default: random). */
  seed?: number;
  /** Base of the Retry-After sent with injected 429/503, in seconds (default 1). */
  retryAfterSeconds?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; error: GraphError }
  | { kind: 'drop' }
  | { kind: 'lost' };

const ALL_STATUSES: FaultStatus[] = [429, 500, 502, 503, 504];

const FAULT_BODIES: Record<FaultStatus, [string, string]> = {
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['UnknownError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The server, while acting as a proxy, received an invalid response from the upstream server.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. You may repeat the request after a delay, which may be specified in a Retry-After header.'],
  504: ['GatewayTimeout', 'The server, while acting as a proxy, did not receive a timely response from the upstream server.'],
};

export class FaultInjector {
  private options: FaultOptions = { rate: 0 };
  private random: RandomSource = Math.random;

  constructor(options?: FaultOptions) {
    if (options) this.configure(options);
  }

  /** Replaces the fault settings (and reseeds when a seed is given). */
  configure(options: FaultOptions): void {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, got ${options.rate}`);
    this.options = { ...options };
    this.random = options.seed === undefined ? Math.random : createSeededRandom(options.seed);
  }

  get settings(): Readonly<FaultOptions> { return this.options; }

  /**
   * Decides the fate of one request. `connection` is false inside a batch, where only
   * statuses are possible (an item cannot lose its own connection).
   */
  decide(isWrite: boolean, connection: boolean): FaultDecision {
    const { rate, scope = 'all' } = this.options;
    if (rate <= 0) return { kind: 'none' };
    if ((scope === 'writes' && !isWrite) || (scope === 'reads' && isWrite)) return { kind: 'none' };
    if (this.random() >= rate) return { kind: 'none' };
    const kinds: (FaultStatus | 'drop' | 'lost')[] = [...(this.options.statuses ?? ALL_STATUSES)];
    if (connection && this.options.dropConnections !== false) kinds.push('drop');
    if (connection && isWrite && this.options.lostResponses === true) kinds.push('lost');
    if (kinds.length === 0) return { kind: 'none' };
    const kind = kinds[Math.min(kinds.length - 1, Math.floor(this.random() * kinds.length))] ?? 500;
    if (kind === 'drop' || kind === 'lost') return { kind };
    return { kind: 'status', error: this.faultError(kind) };
  }

  private faultError(status: FaultStatus): GraphError {
    const [code, message] = FAULT_BODIES[status];
    const base = (this.options.retryAfterSeconds ?? 1) * 1000;
    const headers: Record<string, string> = {};
    // 429 always says when to come back; 503 only sometimes, as Graph documents.
    if (status === 429 || (status === 503 && this.random() < 0.5)) headers['retry-after'] = formatRetryAfter(base * (0.5 + this.random()));
    const innerError: Record<string, string> = status === 429 ? { code: '429', message: 'Please retry after', status: '429' } : {};
    return new GraphError(status, code, message, { headers, innerError });
  }
}
