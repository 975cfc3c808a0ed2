import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What `/healthz` reports. */
export interface HealthState {
  healthy: boolean;
  /** One line for people: why healthy or not. */
  detail: string;
}

export interface HealthServerOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  health: () => HealthState;
  metrics: () => Promise<{ contentType: string; text: string }>;
}

export interface HealthServer {
  /** `http://HOST:PORT` */
  url: string;
  close(): Promise<void>;
}

/**
 * The probe and scrape endpoint of a watch process: `GET /healthz` (200 while healthy, 503
 * after repeated failed runs) and `GET /metrics` (Prometheus text format). Nothing else is
 * served; it listens on loopback unless told otherwise, since the metrics name the tenant's
 * state.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => {
    answer(options, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(options: HealthServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const known = path === '/healthz' || path === '/metrics';
  if (!known) return send(response, 404, 'text/plain; charset=utf-8', 'not found: try /healthz or /metrics\n', request.method);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n', request.method);
  }
  if (path === '/healthz') {
    const state = options.health();
    return send(response, state.healthy ? 200 : 503, 'text/plain; charset=utf-8', `${state.healthy ? 'ok' : 'unhealthy'}: ${state.detail}\n`, request.method);
  }
  const metrics = await options.metrics();
  return send(response, 200, metrics.contentType, metrics.text, request.method);
}

function send(response: ServerResponse, status: number, contentType: string, body: string, method: string | undefined): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(method === 'HEAD' ? undefined : body);
}
