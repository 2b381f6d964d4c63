import zlib from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { FetchError, USER_AGENT, fetchResource } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer } from './server.js';
import type { TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fetchResource basics', () => {
  test('follows a relative redirect, gunzips, decodes the header charset and sends a clear User-Agent', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/gz') {
        res.setHeader('content-encoding', 'gzip');
        res.setHeader('content-type', 'text/plain; charset=windows-1251');
        res.end(zlib.gzipSync(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2])));
        return;
      }
      res.statusCode = 302;
      res.setHeader('location', 'gz');
      res.end();
    });
    const r = await fetchResource(`${server.url}/feed/../r`, { allowPrivate: true });
    expect(r).toEqual({
      status: 'ok',
      url: `${server.url}/feed/../r`,
      finalUrl: `${server.url}/gz`,
      httpStatus: 200,
      contentType: 'text/plain; charset=windows-1251',
      charset: 'windows-1251',
      charsetSource: 'header',
      body: 'Привет',
      bytes: 6,
      etag: null,
      lastModified: null,
      redirects: [`${server.url}/gz`],
    });
    expect(server.requests.map((q) => q.headers['user-agent'])).toEqual([USER_AGENT, USER_AGENT]);
    expect(USER_AGENT).toMatch(/^tapereader\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/tapereader\/tapereader\)$/);
    expect(server.requests[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
    await expectNoOpenSockets(server);
  });

  test('an HTTP error status is a FetchError with the status and the URL in the message', async () => {
    server = await startServer((_req, res) => {
      res.statusCode = 404;
      res.end('nope');
    });
    const err = await fetchResource(`${server.url}/missing.xml`, { allowPrivate: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ code: 'http-status', httpStatus: 404, url: `${server.url}/missing.xml`, phase: 'headers' });
    expect((err as Error).message).toBe(`${server.url}/missing.xml: HTTP 404 Not Found`);
    await expectNoOpenSockets(server);
  });

  test('connection refused is a network error', async () => {
    server = await startServer((_req, res) => res.end('x'));
    const url = `${server.url}/`;
    await server.close();
    server = undefined;
    await expect(fetchResource(url, { allowPrivate: true })).rejects.toMatchObject({ code: 'network', phase: 'connect' });
  });

  test('bad URLs and other schemes are refused before any connection', async () => {
    await expect(fetchResource('not a url')).rejects.toMatchObject({ code: 'bad-url', phase: 'url' });
    await expect(fetchResource('file:///etc/passwd')).rejects.toMatchObject({ code: 'unsupported-protocol' });
    await expect(fetchResource('data:text/xml,<rss/>')).rejects.toMatchObject({ code: 'unsupported-protocol' });
    await expect(fetchResource('ftp://example.com/feed.xml')).rejects.toMatchObject({ code: 'unsupported-protocol' });
    await expect(fetchResource('javascript:alert(1)')).rejects.toMatchObject({ code: 'unsupported-protocol' });
  });
});

describe('edge responses', () => {
  test('empty bodies: 204, an empty gzip body, a zero-length 200', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/204') res.writeHead(204);
      else if (req.url === '/gz-empty') res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': '0' });
      else res.writeHead(200, { 'content-length': '0' });
      res.end();
    });
    for (const p of ['/204', '/gz-empty', '/zero']) {
      await expect(fetchResource(`${server.url}${p}`, { allowPrivate: true }), p).resolves.toMatchObject({ status: 'ok', body: '', bytes: 0 });
    }
  });

  test('a truncated gzip stream yields what decoded (lenient, as browsers are); garbage after a valid header is a decode error', async () => {
    const gz = zlib.gzipSync('<rss><channel><title>Markets</title></channel></rss>'.repeat(50));
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(req.url === '/cut' ? gz.subarray(0, gz.length - 30) : Buffer.concat([gz.subarray(0, 10), Buffer.alloc(40, 0xff)]));
    });
    const r = await fetchResource(`${server.url}/cut`, { allowPrivate: true });
    expect(r.status === 'ok' && r.body.startsWith('<rss><channel><title>Markets</title>')).toBe(true);
    await expect(fetchResource(`${server.url}/bad`, { allowPrivate: true })).rejects.toMatchObject({ code: 'decode' });
  });

  test('credentials and fragments in the URL are never sent', async () => {
    server = await startServer((req, res) => res.end(String(req.headers.authorization ?? 'none')));
    const r = await fetchResource(`http://user:secret@127.0.0.1:${server.port}/feed#top`, { allowPrivate: true });
    expect(r).toMatchObject({ body: 'none', finalUrl: `http://127.0.0.1:${server.port}/feed` });
    expect(server.requests[0]!.url).toBe('/feed');
  });

  test('after many fetches (ok, errors, timeouts) no socket or timer of the fetch layer is left', async () => {
    const resources = (): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
      return counts;
    };
    server = await startServer((req, res) => {
      if (req.url === '/hang') return;
      if (req.url === '/big') {
        res.writeHead(200);
        const t = setInterval(() => res.write(Buffer.alloc(65536)), 1);
        res.on('close', () => clearInterval(t));
        return;
      }
      res.statusCode = req.url === '/500' ? 500 : 200;
      res.end('x');
    });
    const before = resources();
    const runs = ['/ok', '/500', '/hang', '/big', '/ok'].map((p) =>
      fetchResource(`${server!.url}${p}`, { allowPrivate: true, headersTimeoutMs: 200, maxBytes: 100_000 }).then(
        () => 'ok',
        (e: FetchError) => e.code,
      ),
    );
    expect(await Promise.all(runs)).toEqual(['ok', 'http-status', 'headers-timeout', 'too-large', 'ok']);
    await expectNoOpenSockets(server);
    await new Promise((r) => setTimeout(r, 20));
    const after = resources();
    expect(after['TCPSocketWrap'] ?? 0).toBeLessThanOrEqual(before['TCPSocketWrap'] ?? 0);
    expect(after['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0);
  });
});
