// H2: a 300 MB body, an endless chunked stream and gzip / deflate / brotli bombs stop at the cap on DECODED bytes,
// bodies up to the cap arrive whole. Memory is measured in a separate client process in memory.test.ts.
import zlib from 'node:zlib';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FetchError, fetchResource } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer } from './server.js';
import type { TestServer } from './server.js';
import type http from 'node:http';

const MiB = 1024 * 1024;
const CAP = 10 * MiB; // the default cap

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Stream `chunk` `times` times (Infinity: until the client goes away), honouring backpressure. Counts bytes sent. */
function pour(res: http.ServerResponse, chunk: Buffer, times: number, sent: { bytes: number }): void {
  let n = 0;
  const more = (): void => {
    while (n < times && !res.destroyed) {
      n++;
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    if (n >= times) res.end();
  };
  res.on('close', () => {
    n = times + 1;
  });
  more();
}

async function outcome<T>(p: () => Promise<T>): Promise<{ result: T | FetchError; ms: number }> {
  const t0 = performance.now();
  let result: T | FetchError;
  try {
    result = await p();
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    result = e;
  }
  const ms = performance.now() - t0;
  if (process.env.NET_FIGURES) console.log(`FIGURE H2 ${expect.getState().currentTestName}: ${result instanceof FetchError ? result.code : 'ok'} after ${ms.toFixed(0)} ms`);
  return { result, ms };
}

let gzip16: Buffer; // 16 MiB of zeros, gzipped (about 16 KB)
let deflate16: Buffer;
let raw16: Buffer;
let br16: Buffer;
beforeAll(() => {
  const zeros = Buffer.alloc(16 * MiB);
  gzip16 = zlib.gzipSync(zeros, { level: 9 });
  deflate16 = zlib.deflateSync(zeros, { level: 9 });
  raw16 = zlib.deflateRawSync(zeros, { level: 9 });
  br16 = zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
});

describe('H2 size caps', () => {
  test('a declared 300 MB body is refused from its Content-Length before reading', async () => {
    const sent = { bytes: 0 };
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(300 * 1000 * 1000) });
      pour(res, Buffer.alloc(64 * 1024, 0x61), Infinity, sent);
    });
    const { result, ms } = await outcome(() => fetchResource(`${server!.url}/big.xml`, { allowPrivate: true }));
    expect(result).toBeInstanceOf(FetchError);
    expect(result).toMatchObject({ code: 'too-large', phase: 'headers' });
    expect((result as Error).message).toBe(`${server.url}/big.xml: Content-Length 300000000 exceeds the 10485760-byte cap`);
    expect(ms).toBeLessThan(2000);
    await expectNoOpenSockets(server);
  });

  test('a 300 MB chunked body (no length) stops at the 10 MiB decoded cap', async () => {
    const sent = { bytes: 0 };
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      pour(res, Buffer.alloc(64 * 1024, 0x61), (300 * 1000 * 1000) / (64 * 1024), sent);
    });
    const { result } = await outcome(() => fetchResource(`${server!.url}/`, { allowPrivate: true }));
    expect(result).toMatchObject({ code: 'too-large', phase: 'body' });
    expect((result as Error).message).toMatch(/(decoded body exceeds 10485760 bytes|body exceeds \d+ bytes on the wire)$/);
    expect(sent.bytes).toBeLessThan(CAP + 8 * MiB); // the server was cut off soon after the cap (socket buffers aside)
    await expectNoOpenSockets(server);
  });

  test('an endless chunked stream stops at the cap', async () => {
    const sent = { bytes: 0 };
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      pour(res, Buffer.from('<p>more</p>'.repeat(1000)), Infinity, sent);
    });
    const maxBytes = 1 * MiB;
    const { result } = await outcome(() => fetchResource(`${server!.url}/`, { allowPrivate: true, maxBytes }));
    expect(result).toMatchObject({ code: 'too-large', phase: 'body' });
    expect(sent.bytes).toBeLessThan(maxBytes + 8 * MiB);
    await expectNoOpenSockets(server);
  });

  const bombs: Array<[string, () => Buffer, string]> = [
    ['gzip', () => gzip16, 'gzip'],
    ['zlib deflate', () => deflate16, 'deflate'],
    ['raw deflate', () => raw16, 'deflate'],
    ['brotli', () => br16, 'br'],
  ];
  for (const [name, body, encoding] of bombs) {
    test(`a ${name} bomb (512 MiB of zeros as 32 members, or 16 MiB once) stops at the decoded cap`, async () => {
      const sent = { bytes: 0 };
      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': encoding });
        // gzip allows concatenated members: 32 x 16 MiB = 512 MiB decoded from about 500 KB on the wire
        pour(res, body(), encoding === 'gzip' ? 32 : 1, sent);
      });
      const { result, ms } = await outcome(() => fetchResource(`${server!.url}/`, { allowPrivate: true }));
      expect(result).toMatchObject({ code: 'too-large', phase: 'body' });
      expect((result as Error).message).toBe(`${server.url}/: decoded body exceeds 10485760 bytes`);
      expect(ms).toBeLessThan(5000);
      await expectNoOpenSockets(server);
    });
  }

  test('bodies at the cap arrive whole; one byte over is refused', async () => {
    const maxBytes = 100_000;
    server = await startServer((req, res) => {
      const n = req.url === '/at' ? maxBytes : maxBytes + 1;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(Buffer.alloc(n, 0x62)));
    });
    const ok = await fetchResource(`${server.url}/at`, { allowPrivate: true, maxBytes });
    expect(ok).toMatchObject({ status: 'ok', bytes: maxBytes });
    expect(ok.status === 'ok' && ok.body).toBe('b'.repeat(maxBytes));
    await expect(fetchResource(`${server.url}/over`, { allowPrivate: true, maxBytes })).rejects.toMatchObject({ code: 'too-large' });
    await expectNoOpenSockets(server);
  });

  test('gzip, zlib deflate, raw deflate and brotli bodies decode; corrupt or unknown encodings are decode errors', async () => {
    const text = '<rss version="2.0"><channel><title>Markets</title></channel></rss>';
    const bodies: Record<string, [string, Buffer]> = {
      '/gzip': ['gzip', zlib.gzipSync(text)],
      '/xgzip': ['x-gzip', zlib.gzipSync(text)],
      '/deflate': ['deflate', zlib.deflateSync(text)],
      '/rawdeflate': ['deflate', zlib.deflateRawSync(text)],
      '/br': ['br', zlib.brotliCompressSync(text)],
      '/identity': ['identity', Buffer.from(text)],
      '/corrupt': ['gzip', Buffer.concat([zlib.gzipSync(text).subarray(0, 10), Buffer.from('not gzip at all, really not')])],
      '/zstd': ['zstd', Buffer.from(text)],
    };
    server = await startServer((req, res) => {
      const [enc, body] = bodies[req.url!]!;
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': enc });
      res.end(body);
    });
    for (const path of ['/gzip', '/xgzip', '/deflate', '/rawdeflate', '/br', '/identity']) {
      const r = await fetchResource(`${server.url}${path}`, { allowPrivate: true });
      expect(r.status === 'ok' && r.body, path).toBe(text);
    }
    await expect(fetchResource(`${server.url}/corrupt`, { allowPrivate: true })).rejects.toMatchObject({ code: 'decode', phase: 'body' });
    await expect(fetchResource(`${server.url}/zstd`, { allowPrivate: true })).rejects.toMatchObject({
      code: 'decode',
      message: `${server.url}/zstd: unsupported content encoding: zstd`,
    });
    await expectNoOpenSockets(server);
  });

  test('a body cut short of its Content-Length is a network error in the body phase', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '1000' });
      res.write('<rss>');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    await expect(fetchResource(`${server.url}/`, { allowPrivate: true })).rejects.toMatchObject({ code: 'network', phase: 'body' });
    await expectNoOpenSockets(server);
  });
});
