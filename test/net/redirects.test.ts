// H4: at most 5 hops, each Location resolved against the current URL and re-checked; https -> http refused;
// loops detected; redirects to other schemes or private addresses refused before any connection.
import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { fetchResource } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer } from './server.js';
import type { TestServer } from './server.js';

const TLS = {
  key: fs.readFileSync(new URL('./fixtures/localhost-key.pem', import.meta.url)),
  cert: fs.readFileSync(new URL('./fixtures/localhost-cert.pem', import.meta.url)),
};

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server whose routes map a path to a Location (redirect, with `status`) or to a body. */
async function routes(map: Record<string, string | { location: string; status?: number }>, tls = false): Promise<TestServer> {
  const s = await startServer((req, res) => {
    const r = map[req.url!];
    if (r === undefined) {
      res.statusCode = 404;
      return void res.end();
    }
    if (typeof r === 'string') return void res.end(r);
    res.writeHead(r.status ?? 302, { location: r.location });
    res.end();
  }, tls ? TLS : undefined);
  servers.push(s);
  return s;
}

describe('H4 redirects', () => {
  test('5 hops are followed (each status 301/302/303/307/308); the 6th is refused', async () => {
    const statuses = [301, 302, 303, 307, 308, 302];
    const map: Record<string, { location: string; status: number } | string> = {};
    statuses.forEach((status, i) => (map[`/h${i}`] = { location: `/h${i + 1}`, status }));
    map['/h5'] = 'five hops';
    const s = await routes(map);
    const r = await fetchResource(`${s.url}/h0`, { allowPrivate: true });
    expect(r).toMatchObject({ status: 'ok', body: 'five hops', finalUrl: `${s.url}/h5` });
    expect(r.redirects).toEqual([1, 2, 3, 4, 5].map((i) => `${s.url}/h${i}`));

    map['/h5'] = { location: '/h6', status: 302 };
    map['/h6'] = 'six hops';
    const before = s.requests.length;
    await expect(fetchResource(`${s.url}/h0`, { allowPrivate: true })).rejects.toMatchObject({
      code: 'too-many-redirects',
      phase: 'redirect',
      message: `${s.url}/h0: more than 5 redirects`,
    });
    expect(s.requests.length - before).toBe(6); // the original request and 5 followed hops; /h6 never requested
    await expectNoOpenSockets(s);
  });

  test('maxRedirects 0 follows none', async () => {
    const s = await routes({ '/a': { location: '/b' }, '/b': 'b' });
    await expect(fetchResource(`${s.url}/a`, { allowPrivate: true, maxRedirects: 0 })).rejects.toMatchObject({ code: 'too-many-redirects' });
  });

  test('a redirect loop is detected at the first repeated URL', async () => {
    const s = await routes({ '/a': { location: '/b' }, '/b': { location: `/a` } });
    await expect(fetchResource(`${s.url}/a`, { allowPrivate: true })).rejects.toMatchObject({
      code: 'too-many-redirects',
      message: `${s.url}/a: redirect loop: ${s.url}/a was already visited`,
    });
    expect(s.requests.map((r) => r.url)).toEqual(['/a', '/b']);
    const self = await routes({ '/self': { location: '/self#frag' } });
    await expect(fetchResource(`${self.url}/self`, { allowPrivate: true })).rejects.toMatchObject({ code: 'too-many-redirects' });
    expect(self.requests).toHaveLength(1);
  });

  test('relative Locations resolve against the current URL (path-relative, dot segments, query-only, absolute path, scheme-relative)', async () => {
    const s = await routes({ '/end': 'done' });
    const map: Record<string, string | { location: string }> = {
      '/feeds/a/start': { location: 'next' },
      '/feeds/a/next': { location: '../b/x?y=1' },
      '/feeds/b/x?y=1': { location: '?page=2' },
      '/feeds/b/x?page=2': { location: '/abs' },
      '/abs': { location: `//127.0.0.1:${s.port}/end` },
    };
    const t = await routes(map);
    const r = await fetchResource(`${t.url}/feeds/a/start`, { allowPrivate: true });
    expect(r).toMatchObject({ status: 'ok', body: 'done', finalUrl: `http://127.0.0.1:${s.port}/end` });
    expect(r.redirects).toEqual([`${t.url}/feeds/a/next`, `${t.url}/feeds/b/x?y=1`, `${t.url}/feeds/b/x?page=2`, `${t.url}/abs`, `http://127.0.0.1:${s.port}/end`]);
  });

  test('https -> http is refused; https -> https is followed (certificate checked against the given CA)', async () => {
    const plain = await routes({ '/feed': 'plain' });
    const secure = await routes({ '/down': { location: `${plain.url}/feed` }, '/up': { location: '/feed2' }, '/feed2': 'secure' }, true);
    const httpsUrl = `https://localhost:${secure.port}`;
    const r = await fetchResource(`${httpsUrl}/up`, { allowPrivate: true, ca: TLS.cert });
    expect(r).toMatchObject({ status: 'ok', body: 'secure', finalUrl: `${httpsUrl}/feed2` });
    await expect(fetchResource(`${httpsUrl}/down`, { allowPrivate: true, ca: TLS.cert })).rejects.toMatchObject({
      code: 'redirect-downgrade',
      phase: 'redirect',
      message: `${httpsUrl}/down: redirect from https to http refused (${plain.url}/feed)`,
    });
    expect(plain.requests).toHaveLength(0);
    // http -> https upgrade is fine
    const up = await routes({ '/u': { location: `${httpsUrl}/feed2` } });
    await expect(fetchResource(`${up.url}/u`, { allowPrivate: true, ca: TLS.cert })).resolves.toMatchObject({ body: 'secure' });
    // without the CA the self-signed certificate is refused
    await expect(fetchResource(`${httpsUrl}/feed2`, { allowPrivate: true })).rejects.toMatchObject({ code: 'network', phase: 'connect', message: expect.stringContaining('self-signed certificate') });
    await expectNoOpenSockets(secure);
  });

  test('redirects to file:, data:, ftp: and javascript: are refused', async () => {
    const s = await routes({
      '/file': { location: 'file:///etc/passwd' },
      '/data': { location: 'data:text/xml,<rss/>' },
      '/ftp': { location: 'ftp://127.0.0.1/feed' },
      '/js': { location: 'javascript:alert(1)' },
    });
    for (const p of ['/file', '/data', '/ftp', '/js']) {
      await expect(fetchResource(`${s.url}${p}`, { allowPrivate: true })).rejects.toMatchObject({ code: 'unsupported-protocol', phase: 'redirect' });
    }
    await expectNoOpenSockets(s);
  });

  test('a redirect without a Location is an http-status error', async () => {
    const s = await startServer((_req, res) => {
      res.statusCode = 302;
      res.end();
    });
    servers.push(s);
    await expect(fetchResource(`${s.url}/`, { allowPrivate: true })).rejects.toMatchObject({ code: 'http-status', httpStatus: 302, phase: 'redirect' });
  });
});
