// H6: validators from one fetch are sent on the next (If-None-Match / If-Modified-Since); 304 is `not-modified`.
// (Persisting them across restarts and writing nothing but last_checked is the feed store's part.)
import { afterEach, describe, expect, test } from 'vitest';
import { fetchResource } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer } from './server.js';
import type { TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ETAG = '"v1-abc"';
const LAST_MODIFIED = 'Fri, 20 Nov 2026 14:00:00 GMT';

describe('H6 conditional GET', () => {
  test('first fetch returns validators; the next sends them and a 304 is not-modified', async () => {
    server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
        res.writeHead(304, { etag: ETAG });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG, 'last-modified': LAST_MODIFIED });
      res.end('<rss/>');
    });
    const url = `${server.url}/feed.xml`;
    const first = await fetchResource(url, { allowPrivate: true });
    expect(first).toMatchObject({ status: 'ok', etag: ETAG, lastModified: LAST_MODIFIED, body: '<rss/>' });
    expect(server.requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(server.requests[0]!.headers['if-modified-since']).toBeUndefined();

    const second = await fetchResource(url, { allowPrivate: true, etag: first.etag, lastModified: first.lastModified });
    // the 304 repeated the ETag but not Last-Modified: the one sent is kept
    expect(second).toEqual({ status: 'not-modified', url, finalUrl: url, etag: ETAG, lastModified: LAST_MODIFIED, redirects: [] });
    expect(server.requests[1]!.headers['if-none-match']).toBe(ETAG);
    expect(server.requests[1]!.headers['if-modified-since']).toBe(LAST_MODIFIED);
    await expectNoOpenSockets(server);
  });

  test('Last-Modified alone drives If-Modified-Since; a changed resource comes back whole with new validators', async () => {
    let version = 1;
    server = await startServer((req, res) => {
      const lm = version === 1 ? LAST_MODIFIED : 'Sat, 21 Nov 2026 09:30:00 GMT';
      if (req.headers['if-modified-since'] === lm) {
        res.writeHead(304);
        return void res.end();
      }
      res.writeHead(200, { 'last-modified': lm });
      res.end(`<rss>v${version}</rss>`);
    });
    const url = `${server.url}/`;
    const a = await fetchResource(url, { allowPrivate: true });
    const b = await fetchResource(url, { allowPrivate: true, etag: a.etag, lastModified: a.lastModified });
    expect(b).toMatchObject({ status: 'not-modified', etag: null, lastModified: LAST_MODIFIED });
    version = 2;
    const c = await fetchResource(url, { allowPrivate: true, etag: null, lastModified: LAST_MODIFIED });
    expect(c).toMatchObject({ status: 'ok', body: '<rss>v2</rss>', lastModified: 'Sat, 21 Nov 2026 09:30:00 GMT', etag: null });
  });

  test('validators go through redirects and a 304 at the end reports the final URL', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' });
        return void res.end();
      }
      if (req.headers['if-none-match'] === ETAG) {
        res.writeHead(304, { etag: ETAG, 'last-modified': LAST_MODIFIED });
        return void res.end();
      }
      res.end('<rss/>');
    });
    const r = await fetchResource(`${server.url}/old`, { allowPrivate: true, etag: ETAG });
    expect(r).toEqual({ status: 'not-modified', url: `${server.url}/old`, finalUrl: `${server.url}/new`, etag: ETAG, lastModified: LAST_MODIFIED, redirects: [`${server.url}/new`] });
    expect(server.requests.map((q) => q.headers['if-none-match'])).toEqual([ETAG, ETAG]);
  });

  test('a weak ETag is sent back verbatim', async () => {
    server = await startServer((req, res) => {
      res.writeHead(req.headers['if-none-match'] === 'W/"42"' ? 304 : 200);
      res.end();
    });
    await expect(fetchResource(`${server.url}/`, { allowPrivate: true, etag: 'W/"42"' })).resolves.toMatchObject({ status: 'not-modified', etag: 'W/"42"' });
  });
});
