import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { main } from '../../src/cli/main.js';
import { stopAll } from '../../src/cli/serve.js';
import { buildApp, SECURITY_HEADERS } from '../../src/serve/app.js';
import { collectEvidence, highlightText } from '../../src/serve/evidence.js';
import { narrativeSeries } from '../../src/serve/queries.js';
import { openStore, type Store } from '../../src/store/index.js';
import { writeCsv } from '../../src/store/csv.js';
import type { ArticleRecord } from '../../src/types.js';
import { memoryIO, tempDir } from '../helpers.js';
import { buildTestDb, HOSTILE_URLS, HOSTILE_WORD, LYING_ID, PAYLOADS, WIRE_TITLES } from './fixture.js';

const PORT = 8787;
const HOST = `127.0.0.1:${PORT}`;
let db: string;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  db = await buildTestDb();
  store = openStore(db);
  app = buildApp(store, { port: PORT });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  store?.close();
});

const get = (url: string, host = HOST) => app.inject({ method: 'GET', url, headers: { host } });

function expectSecurityHeaders(res: { headers: Record<string, unknown> }, what: string) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(res.headers[k], `${what}: ${k}`).toBe(v);
  expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  expect(res.headers['access-control-allow-origin'], `${what}: no CORS`).toBeUndefined();
}

/** Visible text of a fragment: tags dropped, entities decoded (enough for our own escaping). */
const textOf = (h: string) =>
  h
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');

describe('serve: headers and Host allow-list (W2)', () => {
  it('sends CSP, nosniff and no-referrer on every route, including errors, 404s and refused hosts', async () => {
    const id = store.search(undefined, {}, 1)[0]!.id;
    const cases: Array<[string, string, number, string?]> = [
      ['GET', '/', 200],
      ['GET', '/?q=S%26P+500&tag=narrow-rally', 200],
      ['GET', `/article/${id}`, 200],
      ['GET', '/article/0000000000000000', 404],
      ['GET', '/article/%3Cscript%3E', 404],
      ['GET', '/narrative?by=day', 200],
      ['GET', '/export.csv?kind=moves', 200],
      ['GET', '/static/app.css', 200],
      ['GET', '/static/app.js', 200],
      ['GET', '/favicon.ico', 204],
      ['GET', '/no/such/page', 404],
      ['GET', '/?since=yesterday', 400],
      ['GET', '/%', 400],
      ['HEAD', '/', 200],
      ['POST', '/', 404],
      ['OPTIONS', '/', 404],
      ['DELETE', '/article/x', 404],
      ['GET', '/', 421, 'evil.example:8787'],
    ];
    for (const [method, url, status, host] of cases) {
      const res = await app.inject({ method: method as 'GET', url, headers: { host: host ?? HOST, origin: 'http://evil.example' } });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expectSecurityHeaders(res, `${method} ${url}`);
    }
  });

  it('answers only requests addressed to 127.0.0.1:port or localhost:port', async () => {
    expect((await get('/', `127.0.0.1:${PORT}`)).statusCode).toBe(200);
    expect((await get('/', `localhost:${PORT}`)).statusCode).toBe(200);
    expect((await get('/', `LOCALHOST:${PORT}`)).statusCode).toBe(200);
    for (const host of ['evil.example', `evil.example:${PORT}`, '127.0.0.1', `127.0.0.1:${PORT + 1}`, `[::1]:${PORT}`, `0.0.0.0:${PORT}`, `localhost.evil.example:${PORT}`, '']) {
      const res = await get('/', host);
      expect(res.statusCode, host).toBe(421);
      expect(res.body).not.toContain('<html');
    }
  });

  it('serves HTML as utf-8 HTML and the stylesheet and script from the package', async () => {
    const page = await get('/');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<link rel="stylesheet" href="/static/app.css">');
    expect(page.body).toContain('<script src="/static/app.js" defer></script>');
    // nothing is loaded from the network: every src/href in the page is ours or an article's own link
    expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)[^"]*\.(js|css)"/);
    expect((await get('/static/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/static/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });
});

/**
 * Every tag in a page, read strictly: our markup always quotes attribute values with " and escapes them, so any
 * '<' that does not open such a tag is a parsing surprise (content that escaped its escaping) and fails the test.
 */
function tagsIn(body: string, where: string): Array<{ name: string; attrs: string[]; raw: string }> {
  const out: Array<{ name: string; attrs: string[]; raw: string }> = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*(?:="[^"<]*")?)*)\s*(\/?)>/y;
  for (let i = body.indexOf('<'); i >= 0; i = body.indexOf('<', i + 1)) {
    if (body.startsWith('<!doctype html>', i)) continue;
    tag.lastIndex = i;
    const m = tag.exec(body);
    if (!m) expect.fail(`${where}: stray '<' at ${JSON.stringify(body.slice(i, i + 60))}`);
    // group 3 is a run of ` name` / ` name="value"` units: matched in order, a value is consumed whole
    const attrs = [...m[3]!.matchAll(/\s+([a-zA-Z][a-zA-Z0-9:-]*)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase());
    out.push({ name: m[2]!.toLowerCase(), attrs, raw: m[0] });
  }
  return out;
}

describe('serve: escaping (W1)', () => {
  const hostilePages = async () => {
    const hits = store.search(HOSTILE_WORD, {}, 100);
    expect(hits.length).toBe(PAYLOADS.length);
    const urls = ['/?q=' + encodeURIComponent(HOSTILE_WORD), `/?q=${encodeURIComponent(PAYLOADS[0])}`, `/?q=${encodeURIComponent(PAYLOADS[2])}&ticker=${encodeURIComponent(PAYLOADS[1])}`, '/narrative', `/article/${LYING_ID}`];
    for (const h of hits) urls.push(`/article/${h.id}`);
    for (let i = 0; i < PAYLOADS.length; i++) urls.push(`/?source=${encodeURIComponent(`Feed ${PAYLOADS[i]!}`)}`, `/?tag=${encodeURIComponent(PAYLOADS[i]!)}`);
    return Promise.all(urls.map(async (u) => ({ url: u, res: await get(u) })));
  };

  it('never puts a payload into a page unescaped, in any field or in the query', async () => {
    for (const { url, res } of await hostilePages()) {
      expect(res.statusCode, url).toBe(200);
      for (const p of PAYLOADS) expect(res.body.includes(p), `${url} contains ${JSON.stringify(p)}`).toBe(false);
      // our one script element, no others; no event-handler attribute anywhere
      expect(res.body.match(/<script/gi), url).toEqual(['<script']);
      const elements = tagsIn(res.body, url);
      expect(elements.filter((t) => ['img', 'iframe', 'details', 'style', 'textarea', 'object', 'embed', 'base'].includes(t.name)), url).toEqual([]);
      expect(elements.flatMap((t) => t.attrs.filter((a) => a.startsWith('on'))), url).toEqual([]);
      expect(elements.filter((t) => t.name === 'link').map((t) => t.raw), url).toEqual(['<link rel="stylesheet" href="/static/app.css">']);
    }
  });

  it('shows the payloads as text: escaped in the title, the feed name, the quote and the query box', async () => {
    const hit = store.search(HOSTILE_WORD, {}, 100).find((h) => h.title.startsWith(PAYLOADS[1]))!;
    const res = await get(`/article/${hit.id}`);
    expect(res.body).toContain('<h1>&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt; title 1 zanzibarpayload</h1>');
    expect(res.body).toContain('Feed &lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;');
    expect(res.body).toContain('<td>Author &lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;</td>');
    const q = await get(`/?q=${encodeURIComponent(PAYLOADS[2])}`);
    expect(q.body).toContain('name="q" value="&quot;&gt;&lt;svg onload=&quot;window.__xss=3&quot;&gt;"');
  });

  it('links out only to http(s) URLs, with rel="noopener noreferrer nofollow"', async () => {
    for (const { url, res } of await hostilePages()) {
      for (const bad of HOSTILE_URLS) expect(res.body.includes(`href="${bad}`), `${url}: ${bad}`).toBe(false);
      expect(res.body, url).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
      const external = res.body.match(/<a href="https?:[^>]*>/g) ?? [];
      for (const a of external) expect(a, url).toContain('rel="noopener noreferrer nofollow"');
    }
    const withUrl = store.db.prepare(`SELECT id, url FROM articles WHERE url LIKE 'http%' ORDER BY rowid LIMIT 1`).get() as { id: string; url: string };
    const res = await get(`/article/${withUrl.id}`);
    expect(res.body).toContain(`<a href="${new URL(withUrl.url).href.replace(/&/g, '&amp;')}" rel="noopener noreferrer nofollow" target="_blank">original article</a>`);
  });

  it('highlights only with our own <mark>: forged markers in the text give a plain excerpt', async () => {
    const res = await get('/?q=' + encodeURIComponent(HOSTILE_WORD));
    const items = res.body.match(/<li class="hit"[\s\S]*?<\/li>/g)!;
    expect(items.length).toBe(PAYLOADS.length);
    const forged = items.find((li) => li.includes('window.__xss=9'))!;
    expect(forged).toMatch(/<p class="snippet">[^<]*<\/p>/);
    for (const li of items.filter((x) => x !== forged)) expect(li).toContain(`<mark>${HOSTILE_WORD}</mark>`);
    for (const li of items) expect(li.match(/<mark[^>]*>/g) ?? []).toEqual((li.match(/<mark[^>]*>/g) ?? []).map(() => '<mark>'));
  });
});

describe('serve: search page', () => {
  it('ranks and filters exactly as Store.search (the CLI search)', async () => {
    for (const [q, f] of [
      ['rally', {}],
      ['S&P 500', { tag: 'narrow-rally' }],
      ['', { breadth: 'broadening' as const }],
      ['stocks', { since: '2025-10-01', until: '2026-03-31' }],
      ['', { ticker: 'nvda' }],
    ] as const) {
      const params = new URLSearchParams({ q, ...f });
      const res = await get(`/?${params}`);
      const ids = [...res.body.matchAll(/<li class="hit" data-id="([0-9a-f]+)"/g)].map((m) => m[1]);
      expect(ids, params.toString()).toEqual(store.search(q || undefined, f, 20).map((h) => h.id));
    }
  });

  it('highlights the matched terms of a query in the snippet', async () => {
    const res = await get('/?q=' + encodeURIComponent('S&P 500') + '&tag=narrow-rally');
    const first = res.body.match(/<p class="snippet">([\s\S]*?)<\/p>/)![1]!;
    // FTS5 marks each matched token of the phrase
    expect(first).toContain('pushed the <mark>S&amp;P</mark> <mark>500</mark> to its third straight gain');
  });

  it('pages through the results; the URL holds the state', async () => {
    const total = (store.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    expect(total).toBeGreaterThan(20);
    const p1 = await get('/');
    const p2 = await get('/?page=2');
    const ids1 = [...p1.body.matchAll(/data-id="([0-9a-f]+)"/g)].map((m) => m[1]);
    const ids2 = [...p2.body.matchAll(/data-id="([0-9a-f]+)"/g)].map((m) => m[1]);
    expect(ids1.length).toBe(20);
    expect(ids2.length).toBe(total - 20);
    expect(new Set([...ids1, ...ids2]).size).toBe(total);
    expect(p1.body).toContain(`<strong>${total}</strong> result(s), 1–20`);
    expect(p1.body).toContain('<a rel="next" href="/?page=2">next →</a>');
    expect(p2.body).toContain('<a rel="prev" href="/?page=1">← previous</a>');
    const filtered = await get('/?q=stocks&tag=earnings&page=1');
    expect(filtered.body).toContain('href="/export.csv?kind=moves&amp;q=stocks&amp;tag=earnings"');
  });

  it('page 2 continues the CLI order: the same Store.searchPage ranking, with and without a query', async () => {
    for (const q of ['', 'the']) {
      const all = store.search(q || undefined, {}, 40).map((h) => h.id);
      expect(all.length, q).toBeGreaterThan(20);
      const pages = await Promise.all([1, 2].map((n) => get(`/?${new URLSearchParams({ q, page: String(n) })}`)));
      const ids = pages.map((p) => [...p.body.matchAll(/<li class="hit" data-id="([0-9a-f]+)"/g)].map((m) => m[1]));
      expect([...ids[0]!, ...ids[1]!], q).toEqual(all);
      const r = store.searchPage(q || undefined, {}, { limit: 20, offset: 20, total: true });
      expect(r.hits.map((h) => h.id), q).toEqual(all.slice(20));
      expect(pages[0]!.body, q).toContain(`<strong>${r.total}</strong> result(s), 1–20`);
    }
  });

  it('filters by source (feed name, else the file)', async () => {
    const src = store.db.prepare(`SELECT coalesce(feed, source_uri) AS s, count(*) AS n FROM articles GROUP BY s ORDER BY n DESC LIMIT 1`).get() as { s: string; n: number };
    const res = await get(`/?source=${encodeURIComponent(src.s)}`);
    expect([...res.body.matchAll(/<li class="hit"/g)].length).toBe(Math.min(20, src.n));
    // the CLI's search takes the same filter (Filters.source)
    const ids = [...res.body.matchAll(/<li class="hit" data-id="([0-9a-f]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(store.search(undefined, { source: src.s }, 20).map((h) => h.id));
    expect(store.search(undefined, { source: src.s }, 1000).every((h) => h.source === src.s)).toBe(true);
  });

  it('names a bad parameter in a 400 page', async () => {
    for (const [url, msg] of [
      ['/?since=yesterday', 'since: expected a date like 2026-01-31 (got &quot;yesterday&quot;)'],
      ['/?until=2026-13-45', 'until: expected a date like 2026-01-31'],
      ['/?breadth=wide', 'breadth: expected one of narrow, broadening, mixed, none (got &quot;wide&quot;)'],
      ['/?page=0', 'page: expected a whole number from 1 (got &quot;0&quot;)'],
      ['/?page=abc', 'page: expected a whole number from 1'],
      ['/export.csv?kind=secrets', 'kind: expected one of articles, tickers, levels, moves, money, quotes, tags'],
      ['/narrative?by=month', 'by: expected one of day, week (got &quot;month&quot;)'],
    ]) {
      const res = await get(url!);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).toContain(msg);
    }
  });

  it('shows "No matches" for a query that can match nothing', async () => {
    const res = await get('/?q=' + encodeURIComponent('((( ***'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No matches');
  });
});

describe('serve: article page', () => {
  it('highlights every valid evidence span with its rule, and lists it in the evidence table', async () => {
    const id = store.search('record', { tag: 'record-high' }, 1)[0]!.id;
    const r = store.get(id)!;
    const res = await get(`/article/${id}`);
    const { items } = collectEvidence(r);
    expect(items.length).toBeGreaterThan(3);
    const text = res.body.match(/<div class="text" id="text">([\s\S]*?)<\/div>/)![1]!;
    expect(textOf(text)).toBe(r.text);
    for (const e of items) {
      expect(res.body).toContain(`<tr id="${e.id}"`);
      expect(text).toMatch(new RegExp(`data-ev="[^"]*\\b${e.id}\\b`));
    }
    const move = r.moves[0]!;
    expect(text).toContain(`${move.rule} — `);
  });

  it('renders levels, moves, money, quotes with speaker/title/org, and the story', async () => {
    const id = (store.db.prepare(`SELECT article_id AS id FROM quotes WHERE speaker IS NOT NULL AND title IS NOT NULL AND organization IS NOT NULL LIMIT 1`).get() as { id: string }).id;
    const r = store.get(id)!;
    const q = r.quotes.find((x) => x.speaker && x.title && x.organization)!;
    const res = await get(`/article/${id}`);
    expect(res.body).toContain(`<td>${q.speaker!.replace(/&/g, '&amp;')}</td><td>${q.title!.replace(/&/g, '&amp;')}</td><td>${q.organization!.replace(/&/g, '&amp;')}</td>`);
    for (const h of ['Levels', 'Moves', 'Money', 'Quotes', 'Tags', 'Evidence', 'Story']) expect(res.body).toContain(`<h2>${h}</h2>`);
  });

  it('lists the other reports of the same story', async () => {
    const [a, b] = WIRE_TITLES.map((t) => store.db.prepare('SELECT id FROM articles WHERE title = ?').get(t) as { id: string });
    const res = await get(`/article/${a!.id}`);
    const story = res.body.match(/<section class="story" id="story">([\s\S]*?)<\/section>/)![1]!;
    expect(story).toContain(', 2 article(s), first seen 2026-07-01.');
    expect(story).toContain(`<a href="/article/${b!.id}">${WIRE_TITLES[1]}</a>`);
    expect(story).not.toContain(`/article/${a!.id}"`);
    const search = await get('/?q=chipmakers');
    for (const x of [a!, b!]) expect(search.body).toContain(`<a class="story-size" href="/article/${x.id}#story">2 reports of this story</a>`);
  });

  it('lists spans that do not slice back to the text apart, unhighlighted', async () => {
    const res = await get(`/article/${LYING_ID}`);
    expect(res.body).toContain('1 evidence span(s) do not match the text');
    expect(res.body).toContain('<code>levels/lie</code>');
    expect(res.body).not.toMatch(/data-ev="[^"]*"[^>]*title="levels\/lie/);
  });

  it('finds an article by a unique id prefix and 404s on an unknown one', async () => {
    const id = store.search(undefined, {}, 1)[0]!.id;
    expect((await get(`/article/${id.slice(0, 8)}`)).statusCode).toBe(200);
    expect((await get('/article/ffffffffffffffff')).statusCode).toBe(404);
  });
});

describe('highlightText: overlapping spans', () => {
  const rec = (text: string, spans: Array<[number, number, string]>): ArticleRecord =>
    ({
      text,
      tickers: [],
      indices: [],
      levels: [],
      money: [],
      quotes: [],
      tags: [],
      moves: spans.map(([start, end, rule]) => ({ subject: 's', symbol: null, percent: 1, direction: 'up', period: null, realized: true, span: { start, end, text: text.slice(start, end) }, rule })),
    }) as unknown as ArticleRecord;

  it('splits crossing spans into pieces, each listing every span that covers it', () => {
    const text = 'abcdefghij';
    const { items } = collectEvidence(rec(text, [[1, 6, 'r1'], [4, 9, 'r2'], [2, 3, 'r3']]));
    const h = highlightText(text, items).value;
    const marks = [...h.matchAll(/<mark class="([^"]*)" data-ev="([^"]*)"[^>]*>([^<]*)<\/mark>/g)].map((m) => [m[3], m[2], m[1]]);
    expect(marks).toEqual([
      ['b', 'ev1', 'ev k-move'],
      ['c', 'ev1 ev3', 'ev k-move multi'],
      ['d', 'ev1', 'ev k-move'],
      ['ef', 'ev1 ev2', 'ev k-move multi'],
      ['ghi', 'ev2', 'ev k-move'],
    ]);
    expect(h.startsWith('a<mark')).toBe(true);
    expect(h.endsWith('</mark>j')).toBe(true);
    expect(textOf(h)).toBe(text);
  });

  it('counts offsets in UTF-16 code units (emoji before the span)', () => {
    const text = '📈 S&P 500 rose 1%';
    const start = text.indexOf('rose');
    const { items, invalid } = collectEvidence(rec(text, [[start, text.length, 'moves/verb']]));
    expect(invalid).toEqual([]);
    const h = highlightText(text, items).value;
    expect(h).toContain('>rose 1%</mark>');
    expect(h.startsWith('📈 S&amp;P 500 <mark')).toBe(true);
  });
});

describe('serve: narrative page', () => {
  it('draws one point per bucket and narrative, each linking to the articles behind it', async () => {
    for (const by of ['week', 'day'] as const) {
      const buckets = narrativeSeries(store, {}, by);
      const res = await get(`/narrative?by=${by}`);
      const points = [...res.body.matchAll(/<a href="([^"]+)" class="point" data-series="([^"]+)" data-day="([^"]+)">/g)];
      expect(points.length, by).toBe(buckets.length * 3);
      const first = points.find((p) => p[2] === 'narrow rally')!;
      expect(first[1]).toBe(`/?tag=narrow-rally&amp;since=${buckets[0]!.start}&amp;until=${buckets[0]!.end}`);
    }
  });

  it('counts articles per week independently of SQL date functions', () => {
    const rows = store.db.prepare(`SELECT a.id, coalesce(a.published_at, a.ingested_at) AS d FROM articles a`).all() as { id: string; d: string }[];
    const monday = (iso: string) => {
      const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return d.toISOString().slice(0, 10);
    };
    const expected = new Map<string, number>();
    for (const r of rows) expected.set(monday(r.d), (expected.get(monday(r.d)) ?? 0) + 1);
    const got = narrativeSeries(store, {}, 'week');
    expect(got.map((b) => [b.start, b.articles])).toEqual([...expected.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const narrow = narrativeSeries(store, {}, 'week').reduce((n, b) => n + b.counts[0]!, 0);
    expect(narrow).toBe((store.db.prepare(`SELECT count(*) AS n FROM tags WHERE tag = 'narrow-rally'`).get() as { n: number }).n);
  });
});

describe('serve: CSV download', () => {
  async function cli(...argv: string[]): Promise<string> {
    const io = memoryIO(process.cwd());
    expect(await main(argv, io)).toBe(0);
    return io.out();
  }

  it('gives the same bytes as `tapereader export` for the current filters', async () => {
    for (const [kind, params, argv] of [
      ['moves', 'tag=narrow-rally', ['--tag', 'narrow-rally']],
      ['articles', 'q=rate+cut&since=2025-01-01', ['--query', 'rate cut', '--since', '2025-01-01']],
      ['quotes', `q=${HOSTILE_WORD}`, ['--query', HOSTILE_WORD]],
      ['tags', 'breadth=narrow&until=2026-01-01', ['--breadth', 'narrow', '--until', '2026-01-01']],
    ] as const) {
      const res = await get(`/export.csv?kind=${kind}&${params}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="tapereader-${kind}.csv"`);
      const expected = await cli('export', '--kind', kind, ...argv, '--db', db);
      expect(expected.length).toBeGreaterThan(50);
      expect(res.body, `${kind} ${params}`).toBe(expected);
    }
  });

  it('narrows to one source with the same columns and escaping', async () => {
    const src = `Feed ${PAYLOADS[0]}`;
    const res = await get(`/export.csv?kind=articles&source=${encodeURIComponent(src)}`);
    let expected = '';
    await writeCsv(
      [...store.exportRows('articles', {})].filter((r) => r['source'] === src),
      new Writable({
        write(c, _e, cb) {
          expected += String(c);
          cb();
        },
      }),
    );
    expect(res.body).toBe(expected);
    expect(res.body.trim().split('\n').length).toBe(2);
  });
});

/** A request to 127.0.0.1:port with a chosen Host header (fetch may not set Host). */
function statusWithHost(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('tapereader serve (CLI)', () => {
  it('refuses a missing database and a bad port with exit 2', async () => {
    const dir = tempDir();
    const io = memoryIO(dir);
    expect(await main(['serve', '--db', 'none.db'], io)).toBe(2);
    expect(io.err()).toBe('tapereader: none.db: no such database; store articles first with: tapereader ingest corpus/ --db none.db\n');
    const io2 = memoryIO(dir);
    expect(await main(['serve', '--db', db, '--port', '70000'], io2)).toBe(2);
    expect(io2.err()).toContain('--port: expected a port from 0 to 65535 (got "70000")');
  });

  it('listens on 127.0.0.1 only, says where, and stops cleanly', async () => {
    const io = memoryIO(process.cwd());
    const done = main(['serve', '--db', db, '--port', '0'], io);
    for (let i = 0; i < 200 && !io.out().includes('http://'); i++) await new Promise((r) => setTimeout(r, 25));
    const url = io.out().match(/http:\/\/127\.0\.0\.1:(\d+)\//)![0];
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['content-security-policy']);
    const port = Number(new URL(url).port);
    expect(await statusWithHost(port, `localhost:${port}`)).toBe(200);
    expect(await statusWithHost(port, `attacker.example:${port}`)).toBe(421);
    await stopAll();
    expect(await done).toBe(0);
    expect(io.out()).toContain('open http://127.0.0.1:');
    expect(io.out()).toContain('tapereader: stopped');
    await expect(fetch(url)).rejects.toThrow();
  });
});
