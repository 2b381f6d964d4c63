// Feed polling against real HTTP servers on 127.0.0.1 (RELIABILITY.md F4, H6, H7, D1, D3, D4, D5).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchResource, HostScheduler } from '../../src/net/index.js';
import { pollFeeds } from '../../src/feeds/poll.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { ArticleRecord } from '../../src/types.js';
import { expectValidRecord, memoryIO, tempDir } from '../helpers.js';
import { main } from '../../src/cli/main.js';
import { cli, rss, startServer, story, STORIES } from './helpers.js';

// real servers, analysis of every item and a 2-core machine shared with other suites: generous per-test time
vi.setConfig({ testTimeout: 60_000 });

let srv: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

const n = (s: Store, sql: string, ...p: unknown[]) => (s.db.prepare(sql).get(...p) as { n: number }).n;
const feedRow = (s: Store, url: string) => s.db.prepare('SELECT * FROM feeds WHERE url = ?').get(url) as Record<string, unknown>;
const deps = () => ({ fetch: fetchResource, scheduler: new HostScheduler() });
const poll = async (db: string, ...args: string[]) => cli(dirOf(db), 'feed', 'poll', '--db', db, '--allow-private', ...args);
const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/'));
let seq = 0;
/** A fresh route path and database per test. */
function fresh(): { path: string; url: string; db: string } {
  const path = `/feed-${++seq}.xml`;
  return { path, url: `${srv.base}${path}`, db: join(tempDir('tapereader-feeds-'), 't.db') };
}

const three = (prefix: string) => [
  { guid: `${prefix}-1`, link: `https://news.example/${prefix}/chips`, title: 'Chipmaker beats estimates', text: story(0) },
  { guid: `${prefix}-2`, link: `https://news.example/${prefix}/oil`, title: 'Oil slides on supply outlook', text: story(1) },
  { guid: `${prefix}-3`, link: `https://news.example/${prefix}/rates`, title: 'Yields drop after inflation data', text: story(2) },
];

describe('H6: conditional GET with validators persisted in the database', () => {
  it('polls twice: the second poll sends the ETag, gets 304 and adds nothing; 304 writes nothing but last_checked', async () => {
    const f = fresh();
    srv.routes.set(f.path, { body: rss('Markets', three('h6')), etag: '"v1"', headers: { 'last-modified': 'Mon, 02 Mar 2026 15:00:00 GMT' } });
    expect((await cli(dirOf(f.db), 'feed', 'add', f.url, '--name', 'markets', '--db', f.db)).code).toBe(0);
    const first = await poll(f.db);
    expect(first.code).toBe(0);
    expect(first.out).toContain('markets: 3 new, 0 updated, 0 unchanged');
    const s = openStore(f.db);
    const before = feedRow(s, f.url);
    const snapshot = () => JSON.stringify([s.db.prepare('SELECT id, content_hash, updated_at FROM articles ORDER BY id').all(), s.db.prepare('SELECT * FROM feed_items ORDER BY item_key').all()]);
    const items = snapshot();
    s.close();
    expect(before['etag']).toBe('"v1"');
    expect(before['last_modified']).toBe('Mon, 02 Mar 2026 15:00:00 GMT');

    await new Promise((r) => setTimeout(r, 5));
    const second = await poll(f.db);
    expect(second.code).toBe(0);
    expect(second.out).toContain('markets: not modified');
    expect(second.out).toContain('0 new, 0 updated, 0 unchanged');
    const log = srv.log.filter((l) => l.path === f.path);
    expect(log.map((l) => [l.status, l.ifNoneMatch, l.ifModifiedSince])).toEqual([
      [200, null, null],
      [304, '"v1"', 'Mon, 02 Mar 2026 15:00:00 GMT'],
    ]);
    const s2 = openStore(f.db);
    const after = feedRow(s2, f.url);
    expect(JSON.stringify([s2.db.prepare('SELECT id, content_hash, updated_at FROM articles ORDER BY id').all(), s2.db.prepare('SELECT * FROM feed_items ORDER BY item_key').all()])).toBe(items);
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(changed.filter((k) => k !== 'last_status')).toEqual(['last_checked']);
    expect(after['last_status']).toBe('not-modified');
    s2.close();
  });

  it('validators survive a restart: a new process (re-opened database) sends them and gets 304', async () => {
    const f = fresh();
    srv.routes.set(f.path, { body: rss('Markets', three('restart')), etag: '"r1"' });
    const s = openStore(f.db);
    const feed = s.addFeed(f.url, null);
    const [r1] = await pollFeeds(s, [feed], deps(), { allowPrivate: true });
    expect(r1!.new).toBe(3);
    s.close();
    const again = openStore(f.db); // a fresh connection, a fresh scheduler: nothing in memory
    const [r2] = await pollFeeds(again, again.listFeeds(), deps(), { allowPrivate: true });
    expect(r2!.status).toBe('not-modified');
    expect(srv.log.filter((l) => l.path === f.path).map((l) => l.ifNoneMatch)).toEqual([null, '"r1"']);
    expect(n(again, 'SELECT count(*) AS n FROM articles')).toBe(3);
    again.close();
  });
});

describe('F4: a broken fetch never loses stored items', () => {
  const broken: Array<[string, { status?: number; body: string; type?: string }, RegExp]> = [
    ['an HTML error page with status 200', { body: '<!DOCTYPE html><html><head><title>Oops</title></head><body><h1>Something went wrong</h1></body></html>', type: 'text/html' }, /not a feed: an HTML page/],
    ['an empty body', { body: '' }, /empty feed body/],
    ['whitespace only', { body: '  \n\n  ' }, /empty feed body/],
    ['a document that is not XML at all', { body: '{"error": "upstream timeout", "items": [' }, /: failed: /],
    ['a 500 error', { status: 500, body: 'internal error', type: 'text/plain' }, /http-status/],
    ['a 404', { status: 404, body: 'gone', type: 'text/plain' }, /http-status/],
  ];
  for (const [name, served, reason] of broken) {
    it(`${name}: the feed fails with the reason, every stored item and the validators stay`, async () => {
      const f = fresh();
      srv.routes.set(f.path, { body: rss('Markets', three(`f4-${seq}`)), etag: '"good"' });
      await cli(dirOf(f.db), 'feed', 'add', f.url, '--db', f.db);
      expect((await poll(f.db)).code).toBe(0);
      srv.routes.set(f.path, { ...served, etag: '"bad"' });
      const r = await poll(f.db, '--force');
      expect(r.code).toBe(2); // the only feed failed
      expect(r.out).toMatch(/: failed: /);
      expect(r.out).toMatch(reason);
      expect(r.out).toContain('stored items kept');
      const s = openStore(f.db);
      expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(3);
      expect(n(s, 'SELECT count(*) AS n FROM feed_items')).toBe(3);
      const row = feedRow(s, f.url);
      expect(row['etag']).toBe('"good"');
      expect(row['failures']).toBe(1);
      expect(row['last_status']).toBe('failed');
      expect(Date.parse(String(row['next_attempt_at']))).toBeGreaterThan(Date.now());
      s.close();
      // once the feed is back, the next poll asks with the old validators
      srv.routes.set(f.path, { body: rss('Markets', three(`f4-${seq}`)), etag: '"good"' });
      const back = await poll(f.db, '--force');
      expect(back.out).toContain('not modified');
      expect(srv.log.filter((l) => l.path === f.path).at(-1)!.ifNoneMatch).toBe('"good"');
    });
  }

  it('broken XML cut off mid-item: no invented items, no lost items, validators not advanced (the next poll refetches)', async () => {
    const f = fresh();
    const good = rss('Markets', three('cut'));
    srv.routes.set(f.path, { body: good, etag: '"good"' });
    await cli(dirOf(f.db), 'feed', 'add', f.url, '--db', f.db);
    expect((await poll(f.db)).code).toBe(0);
    // a longer version of the feed, cut off inside its fourth item
    const longer = rss('Markets', [...three('cut'), { guid: 'cut-4', link: 'https://news.example/cut/small', title: 'Small caps rally', text: story(3) }]);
    srv.routes.set(f.path, { body: longer.slice(0, longer.indexOf('Small caps rally') + 5), etag: '"cut"' });
    const r = await poll(f.db, '--force');
    // the lenient parser recovers the three complete items (flagged bozo) and drops the cut one
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Markets: 0 new, 0 updated, 3 unchanged \(malformed feed, recovered: .*1 item\(s\) cut off/);
    const s = openStore(f.db);
    expect(String(feedRow(s, f.url)['last_status'])).toMatch(/^bozo: /);
    expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(3);
    expect(n(s, `SELECT count(*) AS n FROM articles WHERE title = 'Small caps rally' OR title LIKE 'Small%'`)).toBe(0);
    expect(feedRow(s, f.url)['etag']).toBe('"good"');
    s.close();
    // validators were not advanced: the next poll fetches the whole document again
    const next = await poll(f.db);
    expect(srv.log.filter((l) => l.path === f.path).at(-1)).toEqual({ path: f.path, ifNoneMatch: '"good"', ifModifiedSince: null, status: 200 });
    expect(next.out).toContain('malformed feed, recovered');
  });

  it('a failing feed is not polled again before its next attempt time (H7: Retry-After honoured)', async () => {
    const f = fresh();
    srv.routes.set(f.path, { status: 429, body: 'slow down', type: 'text/plain', headers: { 'retry-after': '120' } });
    const s = openStore(f.db);
    const feed = s.addFeed(f.url, null);
    const t0 = Date.now();
    const [r1] = await pollFeeds(s, [feed], deps(), { allowPrivate: true });
    expect(r1!.status).toBe('failed');
    const next = Date.parse(r1!.nextAttemptAt!);
    expect(next - t0).toBeGreaterThanOrEqual(119_000);
    expect(next - t0).toBeLessThan(125_000);
    const [r2] = await pollFeeds(s, s.listFeeds(), deps(), { allowPrivate: true });
    expect(r2!.status).toBe('skipped');
    expect(srv.log.filter((l) => l.path === f.path)).toHaveLength(1); // no early request
    // after the wait (a clock past it), it is polled again
    const later = () => next + 1000;
    srv.routes.set(f.path, { body: rss('Markets', three('h7')) });
    const [r3] = await pollFeeds(s, s.listFeeds(), deps(), { allowPrivate: true, now: later });
    expect(r3!.status).toBe('ok');
    expect(r3!.new).toBe(3);
    expect(feedRow(s, f.url)['failures']).toBe(0);
    s.close();
  });

  it('exit 1 when some feeds failed, 2 when all did, with one line per feed', async () => {
    const ok = fresh();
    const bad = fresh();
    srv.routes.set(ok.path, { body: rss('Good feed', three('mixed')) });
    srv.routes.set(bad.path, { body: '<html><body>maintenance</body></html>', type: 'text/html' });
    await cli(dirOf(ok.db), 'feed', 'add', ok.url, '--db', ok.db);
    await cli(dirOf(ok.db), 'feed', 'add', bad.url, '--name', 'broken', '--db', ok.db);
    const r = await poll(ok.db);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Good feed: 3 new, 0 updated, 0 unchanged');
    expect(r.out).toContain('broken: failed: not a feed: an HTML page; stored items kept');
    expect(r.out).toContain('polled 2 feed(s): 3 new, 0 updated, 0 unchanged; 1 ok, 0 not modified, 1 failed, 0 skipped');
  });
});

describe('output', () => {
  it('--json gives one result per feed; with a progress bar asked for (isTTY), the summary lines stay the same', async () => {
    const a = fresh();
    const b = fresh();
    srv.routes.set(a.path, { body: rss('Feed A', three('out-a')) });
    srv.routes.set(b.path, { body: rss('Feed B', three('out-b')) });
    await cli(dirOf(a.db), 'feed', 'add', a.url, '--db', a.db);
    await cli(dirOf(a.db), 'feed', 'add', b.url, '--db', a.db);
    const json = await poll(a.db, '--json');
    expect(json.code).toBe(0);
    const rows = json.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [(r['feed'] as { title: string }).title, r['status'], r['new'], r['updated'], r['unchanged'], r['items'], r['bozo'], r['reason']])).toEqual([
      ['Feed A', 'ok', 3, 0, 0, 3, null, null],
      ['Feed B', 'ok', 3, 0, 0, 3, null, null],
    ]);
    const io = memoryIO(dirOf(a.db));
    io.isTTY = true;
    const code = await main(['feed', 'poll', '--db', a.db, '--allow-private'], io);
    expect(code).toBe(0);
    expect(io.out()).toBe('Feed A: 0 new, 0 updated, 3 unchanged\nFeed B: 0 new, 0 updated, 3 unchanged\npolled 2 feed(s): 0 new, 0 updated, 6 unchanged; 2 ok, 0 not modified, 0 failed, 0 skipped\n');
  });
});

describe('D1: the same article via three feeds is one article with three sources', () => {
  it('utm/fbclid, http/https, trailing slash, fragment and www. variants merge; a different query does not', async () => {
    const db = join(tempDir('tapereader-d1-'), 't.db');
    const links = [
      'https://www.markets.example/story/chips?utm_source=rss&utm_medium=feed',
      'http://markets.example/story/chips/#comments',
      'https://markets.example/story/chips?fbclid=IwAR0abc',
    ];
    const s = openStore(db);
    const feeds = links.map((link, i) => {
      const path = `/d1-${i}.xml`;
      srv.routes.set(path, {
        body: rss(`Feed ${i}`, [
          { guid: `feed${i}-guid-chips`, link, title: 'Chipmaker beats estimates', text: story(0) },
          { guid: `feed${i}-guid-other-${i}`, link: `https://markets.example/story/item?id=${i}`, title: `Other ${i}`, text: story(1 + i) },
        ]),
      });
      return s.addFeed(`${srv.base}${path}`, `feed${i}`);
    });
    const res = await pollFeeds(s, feeds, deps(), { allowPrivate: true, concurrency: 1 });
    expect(res.map((r) => [r.new, r.updated, r.unchanged])).toEqual([
      [2, 0, 0],
      [1, 0, 1],
      [1, 0, 1],
    ]);
    expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(4); // chips once + 3 different ?id= articles
    const chips = s.db.prepare(`SELECT id FROM articles WHERE title = 'Chipmaker beats estimates'`).all() as { id: string }[];
    expect(chips).toHaveLength(1);
    expect(n(s, 'SELECT count(DISTINCT feed_id) AS n FROM feed_items WHERE article_id = ?', chips[0]!.id)).toBe(3);
    expect((s.db.prepare('SELECT url_key, key_version FROM articles WHERE id = ?').get(chips[0]!.id) as { url_key: string; key_version: number }).url_key).toBe(
      'https://markets.example/story/chips',
    );
    // polling all three again changes nothing
    const again = await pollFeeds(s, s.listFeeds(), deps(), { allowPrivate: true });
    expect(again.map((r) => r.new + r.updated)).toEqual([0, 0, 0]);
    s.close();
  });
});

describe('one article from a summary feed and a full-text feed', () => {
  it('the fuller version is kept, and the two feeds never take turns rewriting it', async () => {
    const link = 'https://markets.example/story/oil-slides';
    const summary = fresh();
    const full = fresh();
    srv.routes.set(summary.path, { body: rss('Summaries', [{ guid: 's-1', link, title: 'Oil slides on supply outlook', text: STORIES[1]![0]! }]) });
    srv.routes.set(full.path, { body: rss('Full text', [{ guid: 'f-1', link: `${link}?utm_campaign=x`, title: 'Oil slides on supply outlook', text: story(1) }]) });
    const s = openStore(summary.db);
    const a = s.addFeed(summary.url, 'summaries');
    const b = s.addFeed(full.url, 'full');
    const counts = async () => (await pollFeeds(s, s.listFeeds(), deps(), { allowPrivate: true, concurrency: 1 })).map((r) => [r.new, r.updated, r.unchanged]);
    expect(await counts()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const text = () => (s.db.prepare('SELECT text FROM articles').get() as { text: string }).text;
    expect(text()).toBe(story(1));
    // both feeds unchanged: nothing rewritten, whichever order they come in
    expect(await counts()).toEqual([
      [0, 0, 1],
      [0, 0, 1],
    ]);
    // a new summary item for the same article (another GUID) does not replace the fuller text either
    srv.routes.set(summary.path, { body: rss('Summaries', [{ guid: 's-2', link, title: 'Oil slides on supply outlook', text: STORIES[1]![0]! }]) });
    expect((await pollFeeds(s, [s.getFeed(a.id)!], deps(), { allowPrivate: true }))[0]!.updated).toBe(0);
    expect(text()).toBe(story(1));
    expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(1);
    expect(n(s, 'SELECT count(DISTINCT feed_id) AS n FROM feed_items')).toBe(2);
    expect(b.id).toBe(a.id + 1);
    s.close();
  });
});

describe('D3: item identity within a feed', () => {
  it('a GUID that changes on edit: the article is updated in place and keeps its first-seen time', async () => {
    const f = fresh();
    const item = { guid: 'edit-v1', link: 'https://news.example/markets/rates-cut', title: 'Yields drop after inflation data', text: story(2) };
    srv.routes.set(f.path, { body: rss('Markets', [item]) });
    const s = openStore(f.db);
    const feed = s.addFeed(f.url, null);
    await pollFeeds(s, [feed], deps(), { allowPrivate: true });
    const before = s.db.prepare('SELECT id, ingested_at, updated_at FROM articles').get() as { id: string; ingested_at: string; updated_at: string };
    await new Promise((r) => setTimeout(r, 10));
    srv.routes.set(f.path, { body: rss('Markets', [{ ...item, guid: 'edit-v2', title: 'Yields tumble after soft inflation data', text: `${story(2)}\n\nUpdated with analyst comment.` }]) });
    const [r] = await pollFeeds(s, s.listFeeds(), deps(), { allowPrivate: true });
    expect([r!.new, r!.updated, r!.unchanged]).toEqual([0, 1, 0]);
    const rows = s.db.prepare('SELECT id, title, ingested_at, updated_at FROM articles').all() as Array<{ id: string; title: string; ingested_at: string; updated_at: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before.id);
    expect(rows[0]!.title).toBe('Yields tumble after soft inflation data');
    expect(rows[0]!.ingested_at).toBe(before.ingested_at);
    expect(rows[0]!.updated_at > before.updated_at).toBe(true);
    expect(s.search('tumble').map((h) => h.id)).toEqual([before.id]);
    expect(s.search('analyst comment').map((h) => h.id)).toEqual([before.id]);
    expect(n(s, 'SELECT count(*) AS n FROM articles_fts')).toBe(1);
    s.close();
  });

  it('a stable GUID whose link changes on edit stays one article; missing GUIDs and duplicate GUIDs make no duplicate rows', async () => {
    const f = fresh();
    const s = openStore(f.db);
    srv.routes.set(f.path, {
      body: rss('Markets', [
        { guid: 'stable-1', link: 'https://news.example/a/old-slug', title: 'Oil slides', text: story(1) },
        { link: 'https://news.example/b/no-guid', title: 'Chips rally', text: story(0) },
        { title: 'No guid, no link', text: story(3) },
        { guid: 'dup', link: 'https://news.example/c/first', title: 'First with dup guid', text: story(2) },
        { guid: 'dup', link: 'https://news.example/c/second', title: 'Second with dup guid', text: `${story(2)}\n\nA different item.` },
      ]),
    });
    const feed = s.addFeed(f.url, null);
    const [r1] = await pollFeeds(s, [feed], deps(), { allowPrivate: true });
    expect([r1!.new, r1!.updated, r1!.unchanged]).toEqual([5, 0, 0]);
    srv.routes.set(f.path, {
      body: rss('Markets', [
        { guid: 'stable-1', link: 'https://news.example/a/new-slug', title: 'Oil slides further', text: story(1) },
        { link: 'https://news.example/b/no-guid', title: 'Chips rally', text: story(0) },
        { title: 'No guid, no link', text: story(3) },
        { guid: 'dup', link: 'https://news.example/c/first', title: 'First with dup guid', text: story(2) },
        { guid: 'dup', link: 'https://news.example/c/second', title: 'Second with dup guid', text: `${story(2)}\n\nA different item.` },
      ]),
    });
    const [r2] = await pollFeeds(s, s.listFeeds(), deps(), { allowPrivate: true });
    expect([r2!.new, r2!.updated, r2!.unchanged]).toEqual([0, 1, 4]);
    expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(5);
    expect((s.db.prepare(`SELECT title FROM articles WHERE title LIKE 'Oil%'`).all() as { title: string }[]).map((r) => r.title)).toEqual(['Oil slides further']);
    s.close();
  });
});

describe('D5: the same input 1x, 2x, 10x', () => {
  it('a server without validators: nothing new after the first poll; FTS rows = articles', async () => {
    const f = fresh();
    srv.routes.set(f.path, { body: rss('Markets', three('d5')) });
    const s = openStore(f.db);
    const feed = s.addFeed(f.url, null);
    const counts: number[][] = [];
    for (let i = 0; i < 10; i++) {
      const [r] = await pollFeeds(s, s.listFeeds().filter((x) => x.id === feed.id), deps(), { allowPrivate: true });
      counts.push([r!.new, r!.updated, r!.unchanged]);
    }
    expect(counts[0]).toEqual([3, 0, 0]);
    expect(counts.slice(1)).toEqual(Array(9).fill([0, 0, 3]));
    expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(3);
    expect(n(s, 'SELECT count(*) AS n FROM articles_fts')).toBe(3);
    s.db.exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')");
    s.close();
  });

  it('`ingest` of the same feed file 1x, 2x, 10x, then a poll of it as a local-file feed: 0 new after the first', async () => {
    const dir = tempDir('tapereader-d5-');
    const file = join(dir, 'markets.xml');
    writeFileSync(file, rss('Markets', three('d5file')));
    const first = await cli(dir, 'ingest', file, '--db', 't.db');
    expect(first.out).toContain('3 new, 0 updated, 0 unchanged');
    for (let i = 0; i < 9; i++) expect((await cli(dir, 'ingest', file, '--db', 't.db')).out).toContain('0 new, 0 updated, 3 unchanged');
    expect((await cli(dir, 'feed', 'add', 'markets.xml', '--db', 't.db')).code).toBe(0);
    const p = await cli(dir, 'feed', 'poll', '--db', 't.db');
    expect(p.out).toContain('Markets: 0 new, 0 updated, 3 unchanged');
    expect((await cli(dir, 'feed', 'poll', '--db', 't.db')).out).toContain('not modified');
    const s = openStore(join(dir, 't.db'));
    expect(n(s, 'SELECT count(*) AS n FROM articles')).toBe(3);
    expect(n(s, 'SELECT count(*) AS n FROM articles_fts')).toBe(3);
    s.close();
  });
});

describe('D4: story clusters', () => {
  it('a wire story republished under another headline with boilerplate joins the first one’s story; others stay apart', async () => {
    const f = fresh();
    const wire = story(0);
    srv.routes.set(f.path, {
      body: rss('Wire', [
        { guid: 'w1', link: 'https://wire.example/northwind-results', title: 'Northwind beats estimates, lifts outlook', text: wire, date: 'Tue, 03 Mar 2026 13:05:00 GMT' },
        { guid: 'w2', link: 'https://oil.example/opec', title: 'Oil slides on supply outlook', text: story(1) },
      ]),
    });
    const g = fresh();
    srv.routes.set(g.path, {
      body: rss('Portal', [
        {
          guid: 'p1',
          link: 'https://portal.example/tech/northwind-shares-jump',
          title: 'Northwind shares jump as AI demand holds up',
          text: `By Staff Reporters\n\n${wire}\n\nReporting by Jane Roe; Editing by John Doe. Sign up for our newsletter.`,
          date: 'Tue, 03 Mar 2026 14:30:00 GMT',
        },
      ]),
    });
    const s = openStore(f.db);
    const res = await pollFeeds(s, [s.addFeed(f.url, 'wire'), s.addFeed(g.url, 'portal')], deps(), { allowPrivate: true, concurrency: 1 });
    expect(res.map((r) => r.new)).toEqual([2, 1]);
    const rows = s.db.prepare('SELECT id, title, story_id FROM articles ORDER BY rowid').all() as Array<{ id: string; title: string; story_id: string }>;
    expect(rows).toHaveLength(3); // clustered, never deleted
    const [first, oil, repeat] = rows;
    expect(first!.story_id).toBe(first!.id);
    expect(repeat!.story_id).toBe(first!.id);
    expect(oil!.story_id).toBe(oil!.id);
    const back = s.get(repeat!.id)!;
    expect(back.story).toEqual({ id: first!.id, firstSeen: '2026-03-03T13:05:00.000Z', size: 2 });
    expectValidRecord(back);
    expect(s.get(oil!.id)!.story).toEqual({ id: oil!.id, firstSeen: expect.any(String), size: 1 });
    s.close();

    // show --json, search --json and export --kind articles carry it
    const dir = dirOf(f.db);
    const shown = JSON.parse((await cli(dir, 'show', repeat!.id, '--json', '--db', f.db)).out) as ArticleRecord;
    expect(shown.story).toEqual({ id: first!.id, firstSeen: '2026-03-03T13:05:00.000Z', size: 2 });
    const hits = (await cli(dir, 'search', 'Northwind', '--json', '--db', f.db)).out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; story: { id: string; size: number } });
    expect(hits.map((h) => [h.id, h.story.id, h.story.size]).sort()).toEqual([[first!.id, first!.id, 2], [repeat!.id, first!.id, 2]].sort());
    const csv = parse((await cli(dir, 'export', '--kind', 'articles', '--db', f.db)).out, { columns: true }) as Array<Record<string, string>>;
    expect(Object.fromEntries(csv.map((r) => [r['article_id'], r['story_id']]))).toEqual({ [first!.id]: first!.id, [oil!.id]: oil!.id, [repeat!.id]: first!.id });
  });
});

describe('--fetch-articles', () => {
  it('items without full text get the linked page’s article text; full-text items are not fetched', async () => {
    const f = fresh();
    const page = `/page-${seq}.html`;
    srv.routes.set(page, {
      type: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html><html><head><title>Rates</title></head><body><nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
        <article><h1>Yields drop after inflation data</h1>${story(2)
          .split('\n\n')
          .map((p) => `<p>${p}</p>`)
          .join('')}</article><footer>© Example News. All rights reserved.</footer></body></html>`,
    });
    srv.routes.set(f.path, {
      body: rss('Teasers', [
        { guid: 't1', link: `${srv.base}${page}`, title: 'Yields drop after inflation data', text: 'Treasury yields dropped after a soft inflation report.' },
        { guid: 't2', link: `${srv.base}/never-fetched`, title: 'Chipmaker beats estimates', text: story(0) },
      ]),
    });
    const s = openStore(f.db);
    const [r] = await pollFeeds(s, [s.addFeed(f.url, null)], deps(), { allowPrivate: true, fetchArticles: true });
    expect([r!.new, r!.pagesFetched, r!.pagesFailed]).toEqual([2, 1, 0]);
    const rec = (s.db.prepare(`SELECT record FROM articles WHERE title LIKE 'Yields%'`).get() as { record: string }).record;
    const got = JSON.parse(rec) as ArticleRecord;
    expect(got.text).toContain('The two-year yield, which tracks policy expectations, fell 12 basis points to 4.31%');
    expect(got.text).not.toContain('All rights reserved');
    expect(got.diagnostics.map((d) => d.rule)).toContain('feeds/fetched-article');
    expect(srv.log.some((l) => l.path === '/never-fetched')).toBe(false);
    expectValidRecord(got);
    s.close();
  });
});
