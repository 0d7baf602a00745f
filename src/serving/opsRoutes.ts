import type { HttpServer } from './httpServer.ts';
import type { Metrics } from './metrics.ts';

/** What the health and metrics routes read. */
export interface OpsSources {
  metrics: Metrics;
  /** Each readiness check by name (Redis, each platform, not shutting down): true when fine. */
  ready(): Promise<Record<string, boolean>>;
}

/**
 * `/healthz` (the process is alive and answering: 200), `/readyz` (200 only when every check
 * passes, else 503; the body names each check) and `/metrics` (Prometheus text format).
 */
export function opsRoutes(server: HttpServer, sources: OpsSources): void {
  server.route('/healthz', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  });
  server.route('/readyz', async (_req, res) => {
    const checks = await sources.ready();
    const ready = Object.values(checks).every(Boolean);
    res
      .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
      .end(`${JSON.stringify({ ready, checks })}\n`);
  });
  server.route('/metrics', async (_req, res) => {
    const { body, contentType } = await sources.metrics.render();
    res.writeHead(200, { 'content-type': contentType }).end(body);
  });
}
