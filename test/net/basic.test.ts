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
