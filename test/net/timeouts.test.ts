// H1: a server that never answers, one that trickles 1 byte at a time, a resolver that never answers, a TLS
// handshake that never completes. Each ends at its deadline (+ well under 1 s) with the phase named, and leaves no
// socket open.
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULTS, FetchError, fetchResource } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer, waitFor } from './server.js';
import type { TestServer } from './server.js';

const CA = fs.readFileSync(new URL('./fixtures/localhost-cert.pem', import.meta.url));

let server: TestServer | undefined;
let raw: net.Server | undefined;
const rawSockets = new Set<net.Socket>();
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (raw) {
    for (const s of rawSockets) s.destroy();
    await new Promise<void>((r) => raw!.close(() => r()));
    raw = undefined;
  }
});

/** A raw TCP server: `onSocket` decides what (if anything) to write. */
async function rawServer(onSocket: (s: net.Socket) => void): Promise<number> {
  raw = net.createServer((s) => {
    rawSockets.add(s);
    s.on('error', () => {});
    s.on('close', () => rawSockets.delete(s));
    s.resume(); // read (and drop) what the client sends, so its FIN is seen
    onSocket(s);
  });
  await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
  return (raw.address() as AddressInfo).port;
}

/** Write `text` one byte every `everyMs` until the stream closes. */
function trickle(s: NodeJS.WritableStream & { destroyed: boolean; on(e: 'close', f: () => void): unknown }, text: string, everyMs: number): void {
  let i = 0;
  const t = setInterval(() => {
    if (s.destroyed || i >= text.length) return clearInterval(t);
    s.write(text[i++]!);
  }, everyMs);
  s.on('close', () => clearInterval(t));
}

async function timed(p: Promise<unknown>): Promise<{ err: FetchError; ms: number }> {
  const t0 = performance.now();
  const err = await p.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  const ms = performance.now() - t0;
  if (process.env.NET_FIGURES) console.log(`FIGURE H1 ${expect.getState().currentTestName}: ${(err as FetchError).code} after ${ms.toFixed(0)} ms`);
  return { err: err as FetchError, ms };
}

describe('H1 deadlines', () => {
  test('defaults are 10 s connect, 15 s headers, 60 s total', () => {
    expect(DEFAULTS).toMatchObject({ connectTimeoutMs: 10_000, headersTimeoutMs: 15_000, totalTimeoutMs: 60_000 });
  });

  test('a server that accepts and never answers: headers-timeout at the headers deadline', async () => {
    server = await startServer(() => {});
    const { err, ms } = await timed(fetchResource(`${server.url}/feed`, { allowPrivate: true, headersTimeoutMs: 400 }));
    expect(err).toMatchObject({ code: 'headers-timeout', phase: 'headers', url: `${server.url}/feed` });
    expect(err.message).toBe(`${server.url}/feed: no response headers within 400 ms of connecting`);
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(400 + 1000);
    await expectNoOpenSockets(server);
  });

  test('headers trickled one byte at a time: headers-timeout', async () => {
    const port = await rawServer((s) => trickle(s, 'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nX-Slow: ' + 'a'.repeat(100), 50));
    const { err, ms } = await timed(fetchResource(`http://127.0.0.1:${port}/`, { allowPrivate: true, headersTimeoutMs: 500 }));
    expect(err).toMatchObject({ code: 'headers-timeout', phase: 'headers' });
    expect(ms).toBeLessThan(500 + 1000);
    await waitFor(() => rawSockets.size === 0, 2000, 'the client to close');
  });

  test('a body trickled at 1 byte/s: total-timeout naming the body phase', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<');
      trickle(res, 'rss version="2.0">'.repeat(100), 1000);
    });
    const { err, ms } = await timed(fetchResource(`${server.url}/`, { allowPrivate: true, totalTimeoutMs: 2500 }));
    expect(err).toMatchObject({ code: 'total-timeout', phase: 'body' });
    expect(err.message).toBe(`${server.url}/: not finished within 2500 ms (total deadline, while reading the body)`);
    expect(ms).toBeGreaterThanOrEqual(2490);
    expect(ms).toBeLessThan(2500 + 1000);
    await expectNoOpenSockets(server);
  });

  test('the total deadline also covers a server that never sends headers', async () => {
    server = await startServer(() => {});
    const { err, ms } = await timed(fetchResource(`${server.url}/`, { allowPrivate: true, totalTimeoutMs: 300, headersTimeoutMs: 5000 }));
    expect(err).toMatchObject({ code: 'total-timeout', phase: 'headers' });
    expect(ms).toBeLessThan(300 + 1000);
    await expectNoOpenSockets(server);
  });

  test('a TLS handshake that never completes: connect-timeout', async () => {
    const port = await rawServer(() => {}); // accepts TCP, never speaks TLS
    const { err, ms } = await timed(fetchResource(`https://127.0.0.1:${port}/`, { allowPrivate: true, connectTimeoutMs: 400, ca: CA }));
    expect(err).toMatchObject({ code: 'connect-timeout', phase: 'connect' });
    expect(err.message).toBe(`https://127.0.0.1:${port}/: no connection within 400 ms (TCP/TLS handshake)`);
    expect(ms).toBeLessThan(400 + 1000);
    await waitFor(() => rawSockets.size === 0, 2000, 'the client to close');
  });

  test('a resolver that never answers: connect-timeout while resolving', async () => {
    const never = ((_h: string, _o: unknown, _cb: unknown) => {}) as unknown as typeof import('node:dns').lookup;
    const { err, ms } = await timed(fetchResource('http://feeds.never-resolves.test/rss', { lookup: never, connectTimeoutMs: 300 }));
    expect(err).toMatchObject({ code: 'connect-timeout', phase: 'connect' });
    expect(err.message).toBe('http://feeds.never-resolves.test/rss: no connection within 300 ms (resolving the host)');
    expect(ms).toBeLessThan(300 + 1000);
  });

  test('a resolver error is a dns error naming the host', async () => {
    const fail = ((_h: string, _o: unknown, cb: (e: Error) => void) => cb(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }))) as unknown as typeof import('node:dns').lookup;
    await expect(fetchResource('http://no-such-host.test/rss', { lookup: fail })).rejects.toMatchObject({
      code: 'dns',
      phase: 'dns',
      message: 'http://no-such-host.test/rss: cannot resolve host (ENOTFOUND)',
    });
  });

  test("the caller's AbortSignal ends the fetch with 'aborted'", async () => {
    server = await startServer(() => {});
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const { err, ms } = await timed(fetchResource(`${server.url}/`, { allowPrivate: true, signal: ac.signal }));
    expect(err).toMatchObject({ code: 'aborted', phase: 'headers' });
    expect(ms).toBeLessThan(1000);
    await expectNoOpenSockets(server);
    const pre = new AbortController();
    pre.abort();
    await expect(fetchResource(`${server.url}/`, { allowPrivate: true, signal: pre.signal })).rejects.toMatchObject({ code: 'aborted' });
  });

  test('bad option values are refused with a RangeError naming the option', async () => {
    await expect(fetchResource('http://example.com/', { totalTimeoutMs: -1 })).rejects.toThrow('fetchResource: totalTimeoutMs must be a positive number, got -1');
    await expect(fetchResource('http://example.com/', { maxRedirects: 1.5 })).rejects.toThrow(RangeError);
  });
});
