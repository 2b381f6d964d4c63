// A test database for the page: the corpus (ingested by the CLI, as a user would) plus crafted hostile records
// carrying the W1 XSS payloads in every field the page shows. Shared by the route tests and the e2e tests.
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { analyze } from '../../src/pipeline.js';
import { openStore } from '../../src/store/index.js';
import type { ArticleRecord } from '../../src/types.js';
import { memoryIO, tempDir } from '../helpers.js';

export const CORPUS = new URL('../../corpus/', import.meta.url).pathname;

/** Each payload, if it ever ran, would set window.__xss or open a dialog. */
export const PAYLOADS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=2">`,
  `"><svg onload="window.__xss=3">`,
  `'><iframe src="javascript:alert(4)"></iframe>`,
  `</title><script>alert(5)</script>`,
  `<a href="javascript:window.__xss=6">click</a>`,
  `</textarea><details open ontoggle="window.__xss=7">`,
  `<mark onmouseover="window.__xss=8">m</mark>`,
  // tries to forge the snippet's highlight markers around markup
  `\u0002<img src=x onerror="window.__xss=9">\u0003`,
  `<style>@import "http://example.invalid/x.css";</style><link rel=stylesheet href="http://example.invalid/y.css">`,
  "`${alert(10)}`",
] as const;

export const HOSTILE_URLS = [`javascript:window.__xss=11`, `data:text/html,<script>alert(12)</script>`, `" onmouseover="window.__xss=13`, `JaVaScRiPt:alert(14)`, `vbscript:msgbox(15)`];

/** A searchable word in every hostile record, so a search finds them all. */
export const HOSTILE_WORD = 'zanzibarpayload';

export function hostileRecords(): ArticleRecord[] {
  return PAYLOADS.map((p, i) => {
    const text = `Stocks rose as the S&P 500 gained 1.2% on Tuesday. ${HOSTILE_WORD} ${p} The Nasdaq fell 0.5% while ${p} traders watched. "Rates will fall ${p}," said Jane ${i} Payload, chief strategist at Evil ${p} Corp.`;
    const r = analyze({
      source: { kind: 'feed', uri: `https://feeds.example.com/${i}`, feed: `Feed ${p}` },
      title: `${p} title ${i} ${HOSTILE_WORD}`,
      url: HOSTILE_URLS[i % HOSTILE_URLS.length]!,
      publishedAt: `2026-06-${String(1 + i).padStart(2, '0')}T12:00:00.000Z`,
      text,
    });
    const at = text.indexOf(p);
    return {
      ...r,
      summary: [`${p} summary ${i}`, ...r.summary],
      quotes: [
        ...r.quotes,
        { text: `quoted ${p}`, speaker: `Author ${p}`, title: `Title ${p}`, organization: `Org ${p}`, span: { start: at, end: at + p.length, text: p }, speakerSpan: null, rule: `quotes/${p}` },
      ],
      tags: [
        ...r.tags,
        { tag: 'rate-cut-expectations', score: 0.5, rule: `narratives/${p}@1`, evidence: [{ start: at, end: at + p.length, text: p, term: `term ${p}`, weight: 1 }] },
      ].filter((t, k, a) => a.findIndex((x) => x.tag === t.tag) === k),
      tickers: [...r.tickers, { symbol: `X${i}`, name: `Name ${p}`, kind: 'stock', inTitle: false, prominence: 1, mentions: [{ start: at, end: at + 1, text: p.slice(0, 1), rule: `tickers/${p}` }] }],
      moves: [...r.moves, { subject: `Subject ${p}`, symbol: null, percent: 2.5, direction: 'up', period: `period ${p}`, realized: true, span: { start: at, end: at + p.length, text: p }, rule: `moves/${p}` }],
    };
  });
}

/** The id of a hostile record whose evidence spans lie (out of range, text that does not match). */
export const LYING_ID = 'bad0bad0bad0bad0';

function lyingRecord(): ArticleRecord {
  const r = analyze({ source: { kind: 'file', uri: 'lying.txt' }, title: 'Spans that lie', url: null, publishedAt: '2026-06-20T00:00:00.000Z', text: 'The S&P 500 rose 1% today.' });
  return {
    ...r,
    id: LYING_ID,
    levels: [{ index: 'S&P 500', value: 1, kind: 'level', span: { start: 5, end: 999, text: '<img src=x onerror="window.__xss=20">' }, rule: 'levels/lie' }],
  };
}

/** One wire story republished by two outlets under other headlines: the store puts both in one story cluster. */
export const WIRE_TITLES = ['Chipmakers carry Wall Street higher again', 'Wall St ends up as chip stocks extend gains'] as const;

function wireRecords(): ArticleRecord[] {
  const body =
    'Wall Street closed higher on Wednesday as chipmakers extended their rally, with the Philadelphia semiconductor index up 2.4 percent and Nvidia gaining 3.1 percent. ' +
    'The S&P 500 rose 0.6 percent to 6,120.35 while the equal-weight version of the index slipped 0.2 percent, a sign that the advance rested on a small group of large technology companies. ' +
    'Treasury yields eased after softer producer price data, and traders added to bets that the Federal Reserve will cut interest rates at its September meeting.';
  return WIRE_TITLES.map((title, i) =>
    analyze({
      source: { kind: 'url', uri: `https://news${i}.example.com/markets/chips` },
      title,
      url: `https://news${i}.example.com/markets/chips-${i}`,
      publishedAt: `2026-07-0${1 + i}T21:00:00.000Z`,
      text: i ? `${body}\nReporting by the wire desk.` : body,
    }),
  );
}

/** Builds the database: corpus via `tapereader ingest`, then the hostile records. Returns its path. */
export async function buildTestDb(): Promise<string> {
  const dir = tempDir('tapereader-serve-');
  const db = join(dir, 'test.db');
  const io = memoryIO(CORPUS);
  const code = await main(['ingest', '.', '--db', db], io);
  if (code !== 0) throw new Error(`ingest failed (${code}): ${io.err()}`);
  const store = openStore(db);
  try {
    store.upsert([...hostileRecords(), lyingRecord(), ...wireRecords()]);
  } finally {
    store.close();
  }
  return db;
}
