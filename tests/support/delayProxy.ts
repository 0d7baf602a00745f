import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of one server that can hold back chosen client bytes. */
export interface DelayProxy {
  /** The port clients connect to. */
  readonly port: number;
  /**
   * Client chunks for which this returns a number are forwarded that many ms late; every later
   * chunk of the same connection waits behind them, so the byte order a server sees is kept.
   */
  delay: (chunk: Buffer) => number;
  close(): Promise<void>;
}

/**
 * Starts a loopback proxy to `targetPort`, for tests of what happens when a command reaches
 * Redis late (e.g. after the client's timeout already fired).
 */
export async function startDelayProxy(targetPort: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const proxy: DelayProxy = {
    port: 0,
    delay: () => 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let queue = Promise.resolve();
    client.on('data', (chunk) => {
      const ms = proxy.delay(chunk);
      queue = queue.then(async () => {
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        if (!upstream.destroyed) upstream.write(chunk);
      });
    });
    upstream.on('data', (chunk) => {
      if (!client.destroyed) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return Object.assign(proxy, { port: address.port });
}
