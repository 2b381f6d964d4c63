// Read-only SQL the page needs beyond the Store's API: paged search with a source filter and a total, the filter
// choices, the narrative series by day or week, and the other articles of a story. The search is the CLI's: the
// same FTS query builder (toFtsQuery), the same filter SQL (where), the same ranking and order as Store.search.
import type { ExportKind, Filters, Store } from '../store/index.js';
import { isBlankQuery, toFtsQuery, where } from '../store/index.js';
import type { Breadth } from '../types.js';
import { MARK_CLOSE, MARK_OPEN } from './html.js';
import { digest, type Digest } from '../cli/digest.js';

export interface PageFilters extends Filters {
  /** the article's feed name, else its source URI (the `source` column of search and export) */
  source?: string | undefined;
}

export interface PageHit {
  id: string;
  title: string;
  publishedAt: string | null;
  source: string;
  url: string | null;
  breadth: Breadth;
  tags: string[];
  tickers: string[];
  /** article text with MARK_OPEN/MARK_CLOSE around matched terms (none when there is no query) */
  snippet: string;
  /** how many stored articles tell this story (1 when it is told once, or the store keeps no stories) */
  storySize: number;
}

export const SOURCE_SQL = (alias = 'a') => `coalesce(${alias}.feed, ${alias}.source_uri)`;

function whereAll(f: PageFilters): { sql: string; params: unknown[] } {
  const w = where(f);
  if (!f.source) return w;
  return { sql: `${w.sql} AND ${SOURCE_SQL()} = ?`, params: [...w.params, f.source] };
}

// Invisible characters (zero-width, bidi controls) only disturb a page; removed from snippets as Store.search does.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** One page of results and the total count. Order: bm25 with the title weighing 5x when there is a query, else newest first. */
export function searchPage(store: Store, query: string | undefined, f: PageFilters, page: number, perPage: number): { total: number; hits: PageHit[] } {
  const db = store.db;
  const blank = isBlankQuery(query);
  const fts = blank ? null : toFtsQuery(query!);
  if (!blank && !fts) return { total: 0, hits: [] };
  const w = whereAll(f);
  const offset = (page - 1) * perPage;
  let total: number;
  let rows: Array<Record<string, unknown>>;
  // The snippet markers are control characters; an article whose text holds them (hostile or broken input) gets a
  // plain excerpt instead, so its content cannot open or close a <mark>.
  const hostile = `(instr(a.text, char(2)) > 0 OR instr(a.text, char(3)) > 0)`;
  const plain = `replace(replace(substr(a.text, 1, 220), char(2), ''), char(3), '')`;
  if (fts) {
    total = (db.prepare(`SELECT count(*) AS n FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND ${w.sql}`).get(fts, ...w.params) as { n: number }).n;
    rows = db
      .prepare(
        `SELECT a.id, a.title, a.published_at, ${SOURCE_SQL()} AS source, a.url, a.breadth,
                CASE WHEN ${hostile} THEN ${plain} ELSE snippet(articles_fts, 1, char(2), char(3), '…', 24) END AS snippet,
                bm25(articles_fts, 5.0, 1.0) AS rank
         FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
         WHERE articles_fts MATCH ? AND ${w.sql} ORDER BY rank LIMIT ? OFFSET ?`,
      )
      .all(fts, ...w.params, perPage, offset) as Array<Record<string, unknown>>;
  } else {
    total = (db.prepare(`SELECT count(*) AS n FROM articles a WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
    rows = db
      .prepare(
        `SELECT a.id, a.title, a.published_at, ${SOURCE_SQL()} AS source, a.url, a.breadth, ${plain} AS snippet
         FROM articles a WHERE ${w.sql} ORDER BY coalesce(a.published_at, a.ingested_at) DESC, a.rowid DESC LIMIT ? OFFSET ?`,
      )
      .all(...w.params, perPage, offset) as Array<Record<string, unknown>>;
  }
  const tagsOf = db.prepare('SELECT tag FROM tags WHERE article_id = ? ORDER BY score DESC');
  const tickersOf = db.prepare('SELECT symbol FROM tickers WHERE article_id = ? ORDER BY prominence DESC LIMIT 8');
  const stories = store.stories(rows.map((r) => String(r['id'])));
  const hits = rows.map((r) => ({
    id: String(r['id']),
    title: String(r['title']),
    publishedAt: (r['published_at'] as string | null) ?? null,
    source: String(r['source']),
    url: (r['url'] as string | null) ?? null,
    breadth: r['breadth'] as Breadth,
    tags: (tagsOf.all(r['id']) as { tag: string }[]).map((t) => t.tag),
    tickers: (tickersOf.all(r['id']) as { symbol: string }[]).map((t) => t.symbol),
    snippet: String(r['snippet'] ?? '')
      .replace(INVISIBLE, '')
      .replace(/\s+/g, ' ')
      .trim(),
    storySize: stories.get(String(r['id']))?.size ?? 1,
  }));
  return { total, hits };
}

/** The choices of the filter form: tags, sources and the most-mentioned tickers, with counts. */
export function filterChoices(store: Store): { tags: Array<{ k: string; n: number }>; sources: Array<{ k: string; n: number }>; tickers: Array<{ k: string; n: number }> } {
  const db = store.db;
  return {
    tags: db.prepare('SELECT tag AS k, count(*) AS n FROM tags GROUP BY tag ORDER BY k').all() as Array<{ k: string; n: number }>,
    sources: db.prepare(`SELECT ${SOURCE_SQL()} AS k, count(*) AS n FROM articles a GROUP BY k ORDER BY n DESC, k LIMIT 200`).all() as Array<{ k: string; n: number }>,
    tickers: db.prepare('SELECT symbol AS k, count(*) AS n FROM tickers GROUP BY symbol ORDER BY n DESC, k LIMIT 200').all() as Array<{ k: string; n: number }>,
  };
}

/** Export rows for the current filters: Store.exportRows, narrowed to one source when the page filters by source. */
export function* pageExportRows(store: Store, kind: ExportKind, f: PageFilters, query: string | undefined): Generator<Record<string, string | number | null>> {
  const { source, ...filters } = f;
  for (const row of store.exportRows(kind, filters, query)) if (!source || row['source'] === source) yield row;
}

export type Granularity = 'day' | 'week';

/** The narratives the chart follows: share of the bucket's articles carrying each tag. */
export const SERIES = [
  { tag: 'narrow-rally', label: 'narrow rally' },
  { tag: 'broadening-rally', label: 'broadening rally' },
  { tag: 'rate-cut-expectations', label: 'rate-cut expectations' },
] as const;

export interface Bucket {
  /** first day of the bucket, YYYY-MM-DD (a week starts on Monday) */
  start: string;
  /** last day of the bucket, YYYY-MM-DD */
  end: string;
  articles: number;
  /** articles carrying each SERIES tag, in SERIES order */
  counts: number[];
}

/** The chart's buckets from the digest's time series (one point per day or ISO week that has articles). */
export function bucketsOf(d: Digest): Bucket[] {
  const by = d.series?.by ?? 'week';
  return (d.series?.points ?? [])
    .filter((p) => p.period !== 'undated')
    .map((p) => ({
      start: p.period,
      end: by === 'day' ? p.period : addDays(p.period, 6),
      articles: p.articles,
      counts: SERIES.map((s) => p.tags[s.tag]?.articles ?? 0),
    }));
}

/** Articles per day or ISO week (Monday first) and how many carry each narrative; buckets without articles are left out. */
export function narrativeSeries(store: Store, range: { since?: string | undefined; until?: string | undefined }, by: Granularity): Bucket[] {
  return bucketsOf(digest(store, { since: range.since, until: range.until, by }));
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The other articles of a story cluster (when the store keeps stories: a `story_id` column on articles). */
export function storyMembers(store: Store, storyId: string, exceptId: string): Array<{ id: string; title: string; publishedAt: string | null; source: string }> {
  const cols = store.db.prepare(`SELECT name FROM pragma_table_info('articles')`).all() as { name: string }[];
  if (!cols.some((c) => c.name === 'story_id')) return [];
  return (
    store.db
      .prepare(`SELECT a.id, a.title, a.published_at, ${SOURCE_SQL()} AS source FROM articles a WHERE a.story_id = ? AND a.id != ? ORDER BY coalesce(a.published_at, a.ingested_at), a.rowid LIMIT 50`)
      .all(storyId, exceptId) as Array<{ id: string; title: string; published_at: string | null; source: string }>
  ).map((r) => ({ id: r.id, title: r.title, publishedAt: r.published_at, source: r.source }));
}
