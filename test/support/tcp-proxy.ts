import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on a free loopback port in front of `target`, for faults a real server cannot be
 * asked to have: replies held back by `replyDelayMs` (a slow Redis, or a slow path to it), or
 * the path cut (`cut()`: open connections dropped, new ones refused) while the server itself
 * stays up for everyone else.
 *
 * ```ts
 * const proxy = await startTcpProxy(redis.port);
 * const url = `redis://127.0.0.1:${proxy.port}`;
 * proxy.replyDelayMs = 150; … proxy.cut(); … await proxy.restore();
 * ```
 */
export interface TcpProxy {
  port: number;
  /** Each chunk from the target reaches the client this much later (order kept); a function gives each its own. */
  replyDelayMs: number | (() => number);
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const proxy: TcpProxy = {
    port: 0,
    replyDelayMs: 0,
    async cut() {
      const closing = server;
      server = undefined;
      // Refuse new connections first; `close` resolves once the open ones are gone too.
      const closed = new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    async restore() {
      if (server) return;
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        sockets.add(client).add(upstream);
        // Replies leave in order: each waits for the one before it, then for its own delay.
        let last = Promise.resolve();
        client.on('data', (chunk) => upstream.write(chunk));
        upstream.on('data', (chunk) => {
          const delay = typeof proxy.replyDelayMs === 'function' ? proxy.replyDelayMs() : proxy.replyDelayMs;
          const due = Date.now() + delay;
          last = last.then(
            () =>
              new Promise<void>((resolve) =>
                setTimeout(
                  () => {
                    if (!client.destroyed) client.write(chunk);
                    resolve();
                  },
                  Math.max(0, due - Date.now()),
                ),
              ),
          );
        });
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('close', end).on('error', end);
        upstream.on('close', end).on('error', end);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
      proxy.port = port;
    },
    close: () => proxy.cut(),
  };
  await proxy.restore();
  return proxy;
}
