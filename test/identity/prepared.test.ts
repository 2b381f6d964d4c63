// Records prepared where they were analysed (an ingest worker: JSON and fingerprint made there) are stored exactly as
// records the writer prepares itself; a new row is written once, with its identity columns.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { articleFromText } from '../../src/ingest/text.js';
import { openStore, prepareRecord, type Store } from '../../src/store/index.js';
import { fingerprint } from '../../src/store/identity.js';
import type { ArticleRecord } from '../../src/types.js';
import { article, tempDir } from '../helpers.js';

const CORPUS = new URL('../../corpus/', import.meta.url).pathname;
let analysed: ArticleRecord[] | undefined;
/** The corpus's text articles, analysed once. */
const corpus = (): ArticleRecord[] =>
  (analysed ??= readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => analyze(articleFromText(readFileSync(join(CORPUS, f), 'utf8'), { kind: 'file', uri: f }))));

/** Every stored row that does not depend on the clock, table by table. */
function dump(s: Store): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  out['articles'] = s.db.prepare('SELECT rowid, id, content_hash, source_uri, title, text, record, url_key, key_version, simhash, story_id FROM articles ORDER BY rowid').raw().all();
  for (const t of ['tickers', 'indices', 'levels', 'moves', 'money', 'quotes', 'tags']) out[t] = s.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).raw().all();
  out['story_bands'] = s.db.prepare('SELECT band, t, article_id, simhash FROM story_bands ORDER BY band, article_id').raw().all();
  out['fts'] = s.db.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'stocks' ORDER BY rowid").raw().all();
  return out;
}

describe('prepared records', () => {
  it('prepareRecord is JSON.stringify and the text fingerprint (null for a short text)', () => {
    const [r] = corpus();
    const p = prepareRecord(r!);
    expect(p.record).toBe(r);
    expect(p.json).toBe(JSON.stringify(r));
    expect(p.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(p.fingerprint).toBe(fingerprint(r!.text));
    expect(prepareRecord(analyze(article('Stocks rose 1%.'))).fingerprint).toBeNull();
  });

  it('upsertPrepared (worker-made JSON and fingerprints, records parsed back) stores what upsert stores', () => {
    const records = corpus();
    expect(records.length).toBeGreaterThanOrEqual(10);
    const dir = tempDir();
    const a = openStore(join(dir, 'a.db'));
    const b = openStore(join(dir, 'b.db'));
    try {
      // a repeated record in one batch: the second is seen as stored
      const batch = [...records, records[0]!];
      const outcomes = a.upsert(batch);
      // as the worker sends them: JSON text and fingerprint, the record parsed back from the JSON
      const prepared = batch.map(prepareRecord).map((p) => ({ ...p, record: JSON.parse(p.json) as ArticleRecord }));
      expect(b.upsertPrepared(prepared)).toEqual(outcomes);
      expect(outcomes.filter((o) => o === 'new')).toHaveLength(records.length);
      expect(outcomes.at(-1)).toBe('unchanged');
      expect(dump(b)).toEqual(dump(a));
      expect(dump(a)['story_bands']!.length).toBeGreaterThan(0);
      expect(b.upsertPrepared(records.map(prepareRecord)).every((o) => o === 'unchanged')).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a new row is written once with its keys and story: a republished copy joins the first report', () => {
    const [first] = corpus().filter((r) => fingerprint(r.text));
    const copy = analyze(
      article(`${first!.text}\n\nReporting by Staff; Editing by Desk`, `${first!.title} (update)`, { url: 'https://www.example.com/markets/copy?utm_source=x', publishedAt: first!.publishedAt }),
    );
    expect(copy.id).not.toBe(first!.id);
    const s = openStore(join(tempDir(), 's.db'));
    try {
      expect(s.upsertPrepared([prepareRecord(first!), prepareRecord(copy)])).toEqual(['new', 'new']);
      const row = s.db.prepare('SELECT url_key, key_version, simhash, story_id FROM articles WHERE id = ?').get(copy.id) as Record<string, unknown>;
      expect(row).toEqual({ url_key: 'https://example.com/markets/copy', key_version: expect.any(Number), simhash: fingerprint(copy.text), story_id: first!.id });
      expect(s.db.prepare('SELECT count(*) AS n FROM story_bands WHERE article_id = ?').get(copy.id)).toEqual({ n: 4 });
      expect(s.stories([copy.id]).get(copy.id)).toMatchObject({ id: first!.id, size: 2 });
    } finally {
      s.close();
    }
  });
});
