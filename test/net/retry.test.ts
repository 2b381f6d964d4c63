// H7: 429/503 with Retry-After (seconds or HTTP date) -> FetchError.retryAfterMs (capped); HostScheduler sends no
// request before that time, backs off exponentially with full jitter after repeated failures (capped, never
// disabled for good), and limits concurrent requests per host.
import { afterEach, describe, expect, test } from 'vitest';
import { FetchError, HostScheduler, MAX_RETRY_AFTER_MS, backoffDelayMs, fetchResource, hostKey, isHostFailure, parseRetryAfter } from '../../src/net/index.js';
import { expectNoOpenSockets, startServer } from './server.js';
import type { TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NOW = Date.parse('2026-11-21T12:00:00Z');
const err = (code: FetchError['code'], init: { httpStatus?: number; retryAfterMs?: number } = {}): FetchError => new FetchError(code, 'https://feeds.example.com/rss', 'x', init);

describe('parseRetryAfter', () => {
  test.each([
    ['120', 120_000],
    ['0', 0],
    [' 30 ', 30_000],
    ['Sat, 21 Nov 2026 12:05:00 GMT', 300_000],
    ['Saturday, 21-Nov-26 12:01:00 GMT', 60_000],
    ['Sat Nov 21 12:00:30 2026', 30_000],
    ['Fri, 20 Nov 2026 12:00:00 GMT', 0], // in the past
    ['99999999', MAX_RETRY_AFTER_MS], // capped at 6 h
    ['Sun, 21 Nov 2027 12:00:00 GMT', MAX_RETRY_AFTER_MS],
  ])('%s -> %d ms', (v, ms) => expect(parseRetryAfter(v, NOW)).toBe(ms));

  test.each(['', '-5', '1.5', 'soon', 'NaN', '2026-11-21'])('%j is unreadable', (v) => expect(parseRetryAfter(v, NOW)).toBeUndefined());
  test('absent', () => expect(parseRetryAfter(undefined, NOW)).toBeUndefined());
});

describe('backoffDelayMs', () => {
  const o = { baseDelayMs: 1000, maxDelayMs: 60_000 };
  test('full jitter under an exponential ceiling, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(n, { ...o, random: () => 0.999999 }))).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999]);
    expect(backoffDelayMs(3, { ...o, random: () => 0.5 })).toBe(2000);
    expect(backoffDelayMs(3, { ...o, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(0, { ...o, random: () => 0.5 })).toBe(0);
    expect(backoffDelayMs(10_000, { ...o, random: () => 0.999999 })).toBe(59999); // no overflow, still capped
  });
});

describe('H7 Retry-After through fetchResource', () => {
  test('429 with delay-seconds and 503 with an HTTP date carry retryAfterMs; 500 does not', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/429') res.writeHead(429, { 'retry-after': '120' });
      else if (req.url === '/503') res.writeHead(503, { 'retry-after': 'Sat, 21 Nov 2026 12:10:00 GMT' });
      else res.writeHead(500, { 'retry-after': '5' });
      res.end('busy');
    });
    const e429 = await fetchResource(`${server.url}/429`, { allowPrivate: true }).catch((e: unknown) => e);
    expect(e429).toMatchObject({ code: 'http-status', httpStatus: 429, retryAfterMs: 120_000, message: `${server.url}/429: HTTP 429 Too Many Requests (Retry-After 120 s)` });
    const e503 = await fetchResource(`${server.url}/503`, { allowPrivate: true, now: () => NOW }).catch((e: unknown) => e);
    expect(e503).toMatchObject({ code: 'http-status', httpStatus: 503, retryAfterMs: 600_000 });
    const e500 = (await fetchResource(`${server.url}/500`, { allowPrivate: true }).catch((e: unknown) => e)) as FetchError;
    expect(e500).toMatchObject({ code: 'http-status', httpStatus: 500 });
    expect(e500.retryAfterMs).toBeUndefined();
    await expectNoOpenSockets(server);
  });
});

describe('HostScheduler', () => {
  test('a Retry-After blocks the host until it passes (injected clock); a backoff refusal carries the wait', async () => {
    let now = NOW;
    const s = new HostScheduler({ now: () => now, random: () => 0.5 });
    const calls: string[] = [];
    const fn = (u: string) => async () => (calls.push(u), 'ok');
    await expect(s.run('https://feeds.example.com/a', () => Promise.reject(err('http-status', { httpStatus: 429, retryAfterMs: 120_000 })))).rejects.toMatchObject({ httpStatus: 429 });
    expect(s.nextAttemptAt('feeds.example.com')).toBe(NOW + 120_000);
    now += 119_999;
    const refused = await s.run('https://FEEDS.example.com/b', fn('b')).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'backoff', phase: 'schedule', retryAfterMs: 1, url: 'https://FEEDS.example.com/b' });
    expect(calls).toEqual([]); // 0 early requests
    await expect(s.run('https://other.example.org/c', fn('c'))).resolves.toBe('ok'); // other hosts are not held up
    now += 1;
    await expect(s.run('https://feeds.example.com/b', fn('b'))).resolves.toBe('ok');
    expect(calls).toEqual(['c', 'b']);
    expect(s.nextAttemptAt('feeds.example.com')).toBe(NOW + 120_000); // a success keeps a Retry-After that passed
    expect(s.failures('feeds.example.com')).toBe(0);
  });

  test('Retry-After is capped at 6 h (and at maxDelayMs)', () => {
    const s = new HostScheduler({ now: () => NOW });
    s.recordFailure('a.example', err('http-status', { httpStatus: 503, retryAfterMs: 10 * 24 * 3600_000 }), NOW);
    expect(s.nextAttemptAt('a.example')).toBe(NOW + MAX_RETRY_AFTER_MS);
    const t = new HostScheduler({ now: () => NOW, maxDelayMs: 60_000 });
    t.recordFailure('a.example', err('http-status', { httpStatus: 429, retryAfterMs: 3600_000 }), NOW);
    expect(t.nextAttemptAt('a.example')).toBe(NOW + 60_000);
  });

  test('repeated failures back off exponentially with jitter, capped; a success clears it; never disabled', () => {
    const rolls = [0.9, 0.1, 0.9, 0.5, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    let i = 0;
    const s = new HostScheduler({ baseDelayMs: 60_000, maxDelayMs: 3600_000, random: () => rolls[i++ % rolls.length]!, now: () => NOW });
    const waits: number[] = [];
    for (let n = 0; n < 10; n++) {
      s.recordFailure('down.example', err('connect-timeout'), NOW + n * 10_000_000);
      waits.push(s.nextAttemptAt('down.example') - (NOW + n * 10_000_000));
    }
    expect(waits).toEqual([54_000, 12_000, 216_000, 240_000, 864_000, 1_728_000, 3_240_000, 3_240_000, 3_240_000, 3_240_000]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3600_000);
    expect(s.failures('down.example')).toBe(10);
    s.recordSuccess('down.example');
    expect(s.nextAttemptAt('down.example')).toBe(0);
    expect(s.failures('down.example')).toBe(0);
  });

  test('run() records host failures itself; a 404 or a refused private address does not slow the host', async () => {
    const s = new HostScheduler({ now: () => NOW, random: () => 0.5, baseDelayMs: 1000 });
    await s.run('http://h.example/x', () => Promise.reject(err('http-status', { httpStatus: 404 }))).catch(() => {});
    await s.run('http://h.example/x', () => Promise.reject(err('private-address'))).catch(() => {});
    expect(s.nextAttemptAt('h.example')).toBe(0);
    await s.run('http://h.example/x', () => Promise.reject(err('http-status', { httpStatus: 502 }))).catch(() => {});
    expect(s.nextAttemptAt('h.example')).toBe(NOW + 500);
    expect([404, 403, 410].map((httpStatus) => isHostFailure(err('http-status', { httpStatus })))).toEqual([false, false, false]);
    expect([429, 500, 503, 408].map((httpStatus) => isHostFailure(err('http-status', { httpStatus })))).toEqual([true, true, true, true]);
    expect(['dns', 'network', 'connect-timeout', 'headers-timeout', 'total-timeout'].every((c) => isHostFailure(err(c as FetchError['code'])))).toBe(true);
    expect(['aborted', 'too-large', 'bad-url', 'backoff'].some((c) => isHostFailure(err(c as FetchError['code'])))).toBe(false);
  });

  test('at most perHost requests per host at once; other hosts run alongside', async () => {
    const s = new HostScheduler({ perHost: 2 });
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const job = (host: string) => async () => {
      running.set(host, (running.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, running.get(host)!));
      await new Promise((r) => setTimeout(r, 20));
      running.set(host, running.get(host)! - 1);
      return host;
    };
    const all = [...Array.from({ length: 7 }, () => s.run('https://a.example/x', job('a'))), ...Array.from({ length: 3 }, () => s.run('https://b.example/y', job('b')))];
    expect(await Promise.all(all)).toEqual([...Array(7).fill('a'), ...Array(3).fill('b')]);
    expect(peak.get('a')).toBe(2);
    expect(peak.get('b')).toBe(2);
  });

  test('maxWaitMs: a short wait is waited out instead of refused', async () => {
    const s = new HostScheduler({ maxWaitMs: 1000 });
    s.recordFailure('w.example', err('http-status', { httpStatus: 429, retryAfterMs: 150 }));
    const t0 = Date.now();
    await expect(s.run('https://w.example/', async () => Date.now() - t0)).resolves.toBeGreaterThanOrEqual(140);
    s.recordFailure('w.example', err('http-status', { httpStatus: 429, retryAfterMs: 5000 }));
    await expect(s.run('https://w.example/', async () => 1)).rejects.toMatchObject({ code: 'backoff' });
  });

  test('close() refuses queued jobs and clears timers', async () => {
    const s = new HostScheduler({ maxWaitMs: 10_000 });
    s.recordFailure('c.example', err('http-status', { httpStatus: 429, retryAfterMs: 5000 }));
    const p = s.run('https://c.example/', async () => 1);
    s.close();
    await expect(p).rejects.toMatchObject({ code: 'aborted', phase: 'schedule' });
  });

  test('hostKey: URL host, case and trailing dot folded', () => {
    expect(hostKey('https://Feeds.Example.COM:8443/rss?x=1')).toBe('feeds.example.com');
    expect(hostKey('Feeds.Example.com.')).toBe('feeds.example.com');
  });

  test('0 early requests against a real server that answers 429 Retry-After: 1', async () => {
    const hits: number[] = [];
    let served = 0;
    server = await startServer((_req, res) => {
      hits.push(Date.now());
      served++;
      if (served % 2 === 1) res.writeHead(429, { 'retry-after': '1' });
      else res.writeHead(200);
      res.end();
    });
    const s = new HostScheduler({ baseDelayMs: 100 });
    const url = `${server.url}/feed`;
    const outcomes: string[] = [];
    const stopAt = Date.now() + 2600;
    while (Date.now() < stopAt) {
      try {
        await s.run(url, () => fetchResource(url, { allowPrivate: true }));
        outcomes.push('ok');
      } catch (e) {
        outcomes.push((e as FetchError).code === 'backoff' ? 'refused' : String((e as FetchError).httpStatus));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // every request after a 429 came at least 1 s later
    let early = 0;
    for (let k = 1; k < hits.length; k += 2) if (hits[k]! - hits[k - 1]! < 1000) early++;
    if (process.env.NET_FIGURES) console.log(`FIGURE H7 ${hits.length} requests, ${outcomes.filter((o) => o === 'refused').length} refused attempts, ${early} early`);
    expect(early).toBe(0);
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThan(10);
    await expectNoOpenSockets(server);
  });
});
