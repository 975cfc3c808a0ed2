import type { Caller } from './access-token.js';
import type { DeltaTokens } from './delta-tokens.js';
import type { EmulatedTenant } from './emulated-tenant.js';
import type { GraphRequest, GraphResponse } from './graph-exchange.js';
import type { Operation } from './graph-permissions.js';
import type { PageCursors } from './page-cursors.js';

/** What route handlers may use. */
export interface EmulatorCore {
  tenant: EmulatedTenant;
  cursors: PageCursors;
  deltaTokens: DeltaTokens;
  now(): number;
  /** Whether a change to `licenseAssignmentStates` alone makes a user appear in delta (Graph: not tracked). */
  deltaTracksAssignmentStates: boolean;
  permissions: Record<Operation, readonly string[]>;
  /** Called when a filtered collection request had to scan every object (no index applied). */
  countScan(): void;
}

export interface RouteContext {
  core: EmulatorCore;
  request: GraphRequest;
  /** Values of the `{...}` segments, in order, percent-decoded. */
  params: string[];
  caller: Caller;
}

/**
 * One endpoint. `segments` match the path after the version: a string is a literal
 * (case-insensitive), an array lists accepted spellings, null captures a parameter.
 */
export interface Route {
  method: 'GET' | 'POST';
  /** Name used in stats, e.g. `/users/{id}/assignLicense`. */
  template: string;
  segments: (string | readonly string[] | null)[];
  permission: Operation;
  /** Counted against the write quota and eligible for the lost-response fault. */
  isWrite: boolean;
  handle(context: RouteContext): GraphResponse;
}
