import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';

/** Handles every request to one path. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A plain node:http server that serves a few exact paths; the rest get 404. */
export interface HttpServer {
  /** The port it listens on (useful with port 0). */
  readonly port: number;
  /** Serves `path` with `handler` until the returned function is called. */
  route(path: string, handler: RouteHandler): () => void;
  /** Stops listening, ends idle keep-alive connections and waits for requests in hand. */
  close(): Promise<void>;
}

/** Where the server listens: all interfaces by default, as in a container. */
export interface HttpListen {
  /** 0 picks a free port. */
  port: number;
  host?: string | undefined;
}

/** Starts listening; resolves once the port is bound. */
export async function startHttpServer(listen: HttpListen, log: Logger): Promise<HttpServer> {
  const routes = new Map<string, RouteHandler>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://server').pathname;
    const handler = routes.get(path);
    if (!handler) return void res.writeHead(404).end();
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        log.error({ path, err: { message: (error as Error)?.message } }, 'http request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  server.listen(listen.port, listen.host);
  await once(server, 'listening');
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    route(path, handler) {
      routes.set(path, handler);
      return () => {
        if (routes.get(path) === handler) routes.delete(path);
      };
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
