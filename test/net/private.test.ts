// H5: private, loopback, link-local, unspecified and multicast targets are refused in every spelling, on the
// resolved address at every hop, with no connection made; allowPrivate (or an exact allowAddresses entry) lets
// them through.
import type dns from 'node:dns';
import { afterEach, describe, expect, test } from 'vitest';
import { fetchResource, isPrivateAddress, parseIPv4, parseIPv6, privateAddressReason } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer } from './server.js';
import type { TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A resolver answering from a table (the connect-time lookup the socket uses). */
function resolver(table: Record<string, Array<{ address: string; family: 4 | 6 }>>, calls: string[] = []): typeof dns.lookup {
  const fn = (host: string, opts: dns.LookupOptions, cb: (e: NodeJS.ErrnoException | null, a: unknown, f?: number) => void): void => {
    calls.push(host);
    const list = table[host];
    if (!list) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), undefined);
    if (opts.all) cb(null, list);
    else cb(null, list[0]!.address, list[0]!.family);
  };
  return fn as unknown as typeof dns.lookup;
}

describe('H5 address classification', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private (10/8)'],
    ['172.16.0.1', 'private (172.16/12)'],
    ['172.31.255.255', 'private (172.16/12)'],
    ['192.168.1.1', 'private (192.168/16)'],
    ['169.254.169.254', 'link-local (169.254/16, cloud metadata)'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['100.64.0.1', 'shared address space (100.64/10)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved (240/4, broadcast)'],
    ['::1', 'loopback (::1)'],
    ['::', 'unspecified (::)'],
    ['[::1]', 'loopback (::1)'],
    ['::ffff:127.0.0.1', 'loopback, as an IPv4 address inside IPv6'],
    ['::ffff:7f00:1', 'loopback, as an IPv4 address inside IPv6'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local (169.254/16, cloud metadata), as an IPv4 address inside IPv6'],
    ['64:ff9b::10.0.0.1', 'private (10/8), as an IPv4 address inside IPv6'],
    ['2002:c0a8:0101::1', 'private (192.168/16), as an IPv4 address inside IPv6'],
    ['::127.0.0.1', 'IPv4-compatible IPv6 (deprecated ::/96)'],
    ['fc00::1', 'unique-local (fc00::/7)'],
    ['fd12:3456::1', 'unique-local (fc00::/7)'],
    ['fe80::1', 'link-local (fe80::/10)'],
    ['fe80::1%eth0', 'link-local (fe80::/10)'],
    ['febf::1', 'link-local (fe80::/10)'],
    ['ff02::1', 'multicast (ff00::/8)'],
    ['2001:db8::1', 'documentation (2001:db8::/32)'],
    ['127.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
  ])('%s is refused: %s', (addr, why) => {
    expect(privateAddressReason(addr)).toBe(why);
  });

  test.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2002:0808:0808::1', '64:ff9b::8.8.8.8'])(
    '%s is public',
    (addr) => {
      expect(privateAddressReason(addr)).toBeNull();
      expect(isPrivateAddress(addr)).toBe(false);
    },
  );

  test('parsers read every spelling to the same bytes, and refuse non-addresses', () => {
    for (const s of ['127.0.0.1', '127.1', '127.0.1', '0x7f.0.0.1', '0x7F.1', '2130706433', '017700000001', '0177.0.0.01']) expect(parseIPv4(s), s).toEqual([127, 0, 0, 1]);
    for (const s of ['256.0.0.1', '1.2.3.4.5', 'a.b.c.d', '', '4294967296', '08.0.0.1']) expect(parseIPv4(s), s).toBeNull();
    expect(parseIPv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
    expect(parseIPv6('[2001:db8::8:800:200c:417a]')).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a]);
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(privateAddressReason('example.com')).toBe('not an IP address');
  });
});

describe('H5 refusal before any connection', () => {
  test('every literal spelling of a private target is refused and the live server sees no request', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    const p = server.port;
    const urls = [
      `http://127.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://0x7f.0.0.1:${p}/`,
      `http://2130706433:${p}/`,
      `http://017700000001:${p}/`,
      `http://0177.0.0.1:${p}/`,
      `http://127.0.0.1.:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://0:${p}/`,
      `http://[::1]:${p}/`,
      `http://[::]:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://[0:0:0:0:0:ffff:127.0.0.1]:${p}/`,
      `https://127.0.0.1:${p}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://[fc00::1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://224.0.0.1/',
    ];
    const t0 = performance.now();
    for (const url of urls) {
      const err = await fetchResource(url).catch((e: unknown) => e);
      expect(err, url).toMatchObject({ code: 'private-address', phase: 'url' });
      expect((err as Error).message, url).toContain('allow local feeds explicitly');
    }
    const ms = performance.now() - t0;
    if (process.env.NET_FIGURES) console.log(`FIGURE H5 ${urls.length} literal spellings refused in ${ms.toFixed(0)} ms`);
    expect(server.requests).toHaveLength(0);
    expect(server.openSockets()).toBe(0);
  });

  test('file: and data: URLs are refused', async () => {
    await expect(fetchResource('file:///etc/passwd')).rejects.toMatchObject({ code: 'unsupported-protocol' });
    await expect(fetchResource('data:application/rss+xml,<rss/>')).rejects.toMatchObject({ code: 'unsupported-protocol' });
  });

  test('a host name resolving to 127.0.0.1 is refused on the address the socket would use', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    const calls: string[] = [];
    const lookup = resolver({ 'rebind.example': [{ address: '127.0.0.1', family: 4 }] }, calls);
    const err = await fetchResource(`http://rebind.example:${server.port}/feed`, { lookup }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'private-address',
      phase: 'dns',
      message: `http://rebind.example:${server.port}/feed: refused to fetch from rebind.example (127.0.0.1): loopback (allow local feeds explicitly to fetch it)`,
    });
    expect(calls).toEqual(['rebind.example']); // one resolution, the one the connection uses: no rebinding window
    expect(server.requests).toHaveLength(0);
  });

  test('a name resolving to a public and a private address is refused (every answer must pass)', async () => {
    const lookup = resolver({ 'mixed.example': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }] });
    await expect(fetchResource('http://mixed.example/', { lookup })).rejects.toMatchObject({ code: 'private-address', phase: 'dns' });
    const v6 = resolver({ 'v6.example': [{ address: '::ffff:127.0.0.1', family: 6 }] });
    await expect(fetchResource('http://v6.example/', { lookup: v6 })).rejects.toMatchObject({ code: 'private-address' });
  });

  test('localhost through the system resolver is refused', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    await expect(fetchResource(`http://localhost:${server.port}/`)).rejects.toMatchObject({ code: 'private-address' });
    expect(server.requests).toHaveLength(0);
  });

  test('every redirect hop is re-checked: literal, resolved name and metadata address', async () => {
    server = await startServer((req, res) => {
      const to: Record<string, string> = {
        '/to-literal': `http://127.0.0.2:${server!.port}/x`,
        '/to-v6': `http://[::1]:${server!.port}/x`,
        '/to-name': `http://internal.example:${server!.port}/x`,
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/iam/',
        '/to-decimal': `http://2130706434:${server!.port}/x`,
      };
      if (to[req.url!]) {
        res.writeHead(302, { location: to[req.url!] });
        return void res.end();
      }
      res.end('ok');
    });
    // the first hop is allowed by exact address; nothing else private is
    const opts = { allowAddresses: ['127.0.0.1'], lookup: resolver({ 'internal.example': [{ address: '127.0.0.1', family: 4 }] }) };
    await expect(fetchResource(`${server.url}/plain`, opts)).resolves.toMatchObject({ status: 'ok', body: 'ok' });
    for (const [path, phase] of [['/to-literal', 'redirect'], ['/to-v6', 'redirect'], ['/to-metadata', 'redirect'], ['/to-decimal', 'redirect']] as const) {
      await expect(fetchResource(`${server.url}${path}`, opts), path).rejects.toMatchObject({ code: 'private-address', phase });
    }
    // a name on a later hop is judged on its resolved address too (127.0.0.1 is allowed here by exact entry, so use
    // a resolver answering another loopback address)
    const opts2 = { allowAddresses: ['127.0.0.1'], lookup: resolver({ 'internal.example': [{ address: '127.0.0.9', family: 4 }] }) };
    await expect(fetchResource(`${server.url}/to-name`, opts2)).rejects.toMatchObject({ code: 'private-address', phase: 'dns' });
    expect(server.requests.map((r) => r.url)).toEqual(['/plain', '/to-literal', '/to-v6', '/to-metadata', '/to-decimal', '/to-name']);
    await expectNoOpenSockets(server);
  });

  test('allowPrivate lets local feeds through (the user asked for it)', async () => {
    server = await startServer((_req, res) => res.end('local feed'));
    await expect(fetchResource(`http://localhost:${server.port}/`, { allowPrivate: true })).resolves.toMatchObject({ body: 'local feed' });
    await expect(fetchResource(`http://127.1:${server.port}/`, { allowPrivate: true })).resolves.toMatchObject({ body: 'local feed' });
  });
});
