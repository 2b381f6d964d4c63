import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** A real HTTP(S) server on 127.0.0.1 for loopback tests; close() also destroys lingering sockets. */
export interface TestServer {
  url: string;
  port: number;
  /** Requests received, in order (method, url, headers). */
  requests: http.IncomingMessage[];
  /** Sockets currently open on the server side. */
  openSockets(): number;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startServer(handler: Handler, tls?: { key: string | Buffer; cert: string | Buffer }): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const wrapped: Handler = (req, res) => {
    requests.push(req);
    res.on('error', () => {});
    handler(req, res);
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, wrapped) : http.createServer(wrapped);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    openSockets: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Wait until `cond()` holds (polling), or fail after `ms`. */
export async function waitFor(cond: () => boolean, ms = 2000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Run `fn`, then check the client closed every connection to `server` (no socket left open by the fetch layer). */
export async function expectNoOpenSockets(server: TestServer): Promise<void> {
  await waitFor(() => server.openSockets() === 0, 2000, 'the client to close its sockets');
}
