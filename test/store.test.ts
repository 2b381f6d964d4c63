import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline.js';
import { openStore, StoreError, toFtsQuery } from '../src/store/index.js';
import { escapeCell, writeCsv } from '../src/store/csv.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { article, tempDir } from './helpers.js';
import { story } from './feeds/helpers.js';

const A = analyze(
  article(
    'The S&P 500 rose 1.2% to close at 4,839.81 on Friday. Shares of AT&T fell 3% after its 10-K filing. Berkshire (BRK.B) gained 0.5% while $AAPL slipped 5.25%.',
    'Stocks hit a record',
    { publishedAt: '2024-01-19T21:00:00.000Z' },
  ),
);
const B = analyze(article('Oil prices fell as OPEC raised output. Inflation worries eased.', 'Oil slides', { publishedAt: '2024-02-01T12:00:00.000Z' }));

describe('toFtsQuery', () => {
  it('quotes every token so finance text is literal', () => {
    expect(toFtsQuery('S&P 500')).toBe('"S&P" "500"');
    expect(toFtsQuery('say "hi"')).toBe('"say" """hi"""');
    expect(toFtsQuery('  \u0000 ((( NOT ')).toBe('"NOT"');
    expect(toFtsQuery('((( ))) &&& ')).toBeNull();
    expect(toFtsQuery('\ud800 lone')).toBe('"lone"');
  });
});

describe('store', () => {
  it('upserts idempotently, updates edited articles and keeps FTS in sync', () => {
    const s = openStore(join(tempDir(), 't.db'));
    expect(s.upsert([A, B])).toEqual(['new', 'new']);
    expect(s.upsert([A, B])).toEqual(['unchanged', 'unchanged']);
    const edited = { ...B, title: 'Oil slides further', contentHash: 'ffffffffffffffff' };
    expect(s.upsert([edited])).toEqual(['updated']);
    expect(s.search('further').map((h) => h.id)).toEqual([B.id]);
    expect(s.search('slides').length).toBe(1);
    const n = (sql: string) => (s.db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM articles')).toBe(2);
    expect(n('SELECT count(*) AS n FROM articles_fts')).toBe(2);
    s.db.exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')");
    s.close();
  });

  it('finds literal finance queries and never throws on odd input', () => {
    const s = openStore(join(tempDir(), 't.db'));
    s.upsert([A, B]);
    for (const q of ['S&P 500', 'AT&T', '10-K', 'BRK.B', '$AAPL', '5.25%']) expect(s.search(q).map((h) => h.id), q).toEqual([A.id]);
    for (const q of ['"', '(((', 'NOT', 'AND OR', '\u0000', '*', 'a"b', 'NEAR(', '\ud83d']) expect(() => s.search(q)).not.toThrow();
    expect(s.search('')).toHaveLength(2); // no query: newest first, filters only
    s.close();
  });

  it('filters by tag, ticker, breadth and date', () => {
    const s = openStore(join(tempDir(), 't.db'));
    s.upsert([A, B]);
    const sym = A.tickers[0]!.symbol;
    expect(s.search(undefined, { ticker: `$${sym.toLowerCase()}` }).map((h) => h.id)).toEqual([A.id]);
    expect(s.search(undefined, { since: '2024-01-25' }).map((h) => h.id)).toEqual([B.id]);
    expect(s.search(undefined, { until: '2024-01-19' }).map((h) => h.id)).toEqual([A.id]);
    expect(s.search(undefined, { breadth: 'narrow' })).toEqual([]);
    const tag = A.tags[0]?.tag;
    if (tag) expect(s.search(undefined, { tag }).map((h) => h.id)).toContain(A.id);
    expect(s.search(undefined, { tag: 'no-such-tag' })).toEqual([]);
    s.close();
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const dir = tempDir();
    const p = join(dir, 'notes.db');
    writeFileSync(p, 'these are my notes, not a database\n'.repeat(100));
    const before = readFileSync(p);
    expect(() => openStore(p)).toThrow(StoreError);
    expect(() => openStore(p)).toThrow(/not a tapereader database/);
    expect(readFileSync(p).equals(before)).toBe(true);
    expect(() => openStore(dir)).toThrow(/is a directory/);
  });

  it('a failed batch stores nothing of it and loses nothing stored before', () => {
    const s = openStore(join(tempDir(), 't.db'));
    s.upsert([A]);
    const broken = { ...B, tickers: [{ symbol: null }] } as unknown as typeof B; // violates NOT NULL mid-batch
    expect(() => s.upsert([B, broken])).toThrow();
    expect(s.search(undefined).map((h) => h.id)).toEqual([A.id]);
    s.close();
  });
});

describe('CSV export', () => {
  it('round-trips through csv-parse with numbers kept and formulas neutralised', async () => {
    const s = openStore(join(tempDir(), 't.db'));
    const evil = analyze(article('=HYPERLINK("http://x") Shares of Tesla fell 12% on Monday, "quoted, with comma"\nsecond line.', '=1+1 @SUM(A1) -2+3'));
    s.upsert([A, evil]);
    for (const kind of ['articles', 'moves', 'tickers', 'levels'] as const) {
      const rows = [...s.exportRows(kind)];
      const out = new PassThrough();
      let csv = '';
      out.on('data', (c) => (csv += String(c)));
      await writeCsv(rows, out);
      const back = parse(csv, { columns: true, cast: false }) as Record<string, string>[];
      expect(back).toHaveLength(rows.length);
      back.forEach((r, i) => {
        for (const [k, v] of Object.entries(rows[i]!)) {
          if (typeof v === 'number') expect(Number(r[k]), `${kind}.${k}`).toBe(v);
          else expect(r[k], `${kind}.${k}`).toBe(v === null ? '' : String(escapeCell(v)));
          expect(r[k]!, `${kind}.${k} starts like a formula`).not.toMatch(/^[=+@\t\r]|^-[^\d]/);
        }
      });
    }
    const moves = [...s.exportRows('moves')];
    expect(moves.every((m) => typeof m['percent'] === 'number')).toBe(true);
    s.close();
  });

  it('escapes text cells that start like formulas, including after spaces and in fullwidth', () => {
    for (const v of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1', '  =1+1', '\uff1d1+1']) expect(String(escapeCell(v)).startsWith("'")).toBe(true);
    expect(escapeCell(-1.5)).toBe(-1.5);
    expect(escapeCell('Tesla')).toBe('Tesla');
  });
});

describe('identity keys and story clusters in the store', () => {
  const wire = story(0); // three paragraphs: a fingerprint needs enough words to be stable
  const first = analyze(article(wire, 'Northwind beats estimates', { url: 'https://wire.example/northwind?utm_source=x', publishedAt: '2026-03-03T13:05:00.000Z' }));
  const repeat = analyze(article(`${wire}\n\nReporting by Jane Roe; Editing by John Doe.`, 'Northwind shares jump on AI demand', { url: 'https://portal.example/northwind', publishedAt: '2026-03-03T14:30:00.000Z' }));

  it('ingest: a near-duplicate joins the first article’s story, stored apart; records read back carry the story', () => {
    const s = openStore(join(tempDir(), 't.db'));
    expect(s.upsert([first, B, repeat])).toEqual(['new', 'new', 'new']);
    const story = { id: first.id, firstSeen: '2026-03-03T13:05:00.000Z', size: 2 };
    expect(s.get(repeat.id)!.story).toEqual(story);
    expect(s.get(first.id)!.story).toEqual(story);
    expect(s.get(B.id)!.story).toEqual({ id: B.id, firstSeen: '2024-02-01T12:00:00.000Z', size: 1 });
    expect(s.search('Northwind').map((h) => h.story)).toEqual([story, story]);
    const row = s.db.prepare('SELECT url_key, key_version, length(simhash) AS bits FROM articles WHERE id = ?').get(first.id);
    expect(row).toEqual({ url_key: 'https://wire.example/northwind', key_version: 1, bits: 16 });
    // B's text is too short for a fingerprint: its own story, no bands
    expect((s.db.prepare('SELECT simhash FROM articles WHERE id = ?').get(B.id) as { simhash: string | null }).simhash).toBeNull();
    s.close();
  });

  it('an edit updates in place: same id, first-seen time kept, story kept, search rows follow', () => {
    const s = openStore(join(tempDir(), 't.db'));
    s.upsert([first, repeat]);
    const before = s.db.prepare('SELECT ingested_at, updated_at, rowid FROM articles WHERE id = ?').get(first.id) as { ingested_at: string; updated_at: string; rowid: number };
    const edited = analyze(article(`${wire} The company also announced a $2 billion buyback.`, 'Northwind beats estimates, announces buyback', { url: 'https://wire.example/northwind', publishedAt: '2026-03-03T13:05:00.000Z' }));
    expect(edited.id).toBe(first.id);
    expect(s.upsert([edited])).toEqual(['updated']);
    const after = s.db.prepare('SELECT ingested_at, updated_at, rowid FROM articles WHERE id = ?').get(first.id) as { ingested_at: string; updated_at: string; rowid: number };
    expect(after.ingested_at).toBe(before.ingested_at);
    expect(after.rowid).toBe(before.rowid);
    expect(s.get(first.id)!.story).toEqual({ id: first.id, firstSeen: '2026-03-03T13:05:00.000Z', size: 2 });
    expect(s.search('buyback').map((h) => h.id)).toEqual([first.id]);
    expect((s.db.prepare('SELECT count(*) AS n FROM articles_fts').get() as { n: number }).n).toBe(2);
    s.close();
  });

  it('migration 2 gives articles stored by version 1 their keys, fingerprints and stories', () => {
    const p = join(tempDir(), 'v1.db');
    const raw = new Database(p);
    raw.pragma('journal_mode = WAL');
    raw.exec(MIGRATIONS[0]!.sql);
    raw.pragma('user_version = 1');
    const ins = raw.prepare(
      `INSERT INTO articles (id, content_hash, schema_version, source_kind, source_uri, feed, title, url, published_at, ingested_at, updated_at, breadth, text, record)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    for (const r of [first, B, repeat]) ins.run(r.id, r.contentHash, 1, r.source.kind, r.source.uri, null, r.title, r.url, r.publishedAt, '2026-03-04T00:00:00.000Z', '2026-03-04T00:00:00.000Z', r.breadth, r.text, JSON.stringify(r));
    raw.close();
    const s = openStore(p);
    expect(s.db.pragma('user_version', { simple: true })).toBe(2);
    const rows = s.db.prepare('SELECT id, url_key, key_version, story_id FROM articles ORDER BY rowid').all();
    expect(rows).toEqual([
      { id: first.id, url_key: 'https://wire.example/northwind', key_version: 1, story_id: first.id },
      { id: B.id, url_key: null, key_version: 1, story_id: B.id },
      { id: repeat.id, url_key: 'https://portal.example/northwind', key_version: 1, story_id: first.id },
    ]);
    expect(s.get(repeat.id)!.story!.size).toBe(2);
    expect(s.search('Northwind').length).toBe(2);
    s.close();
  });

  it('export --kind articles has a story_id column', () => {
    const s = openStore(join(tempDir(), 't.db'));
    s.upsert([first, B, repeat]);
    expect([...s.exportRows('articles')].map((r) => [r['article_id'], r['story_id']])).toEqual([
      [B.id, B.id],
      [first.id, first.id],
      [repeat.id, first.id],
    ]);
    s.close();
  });
});
