// Read-only SQL the page needs beyond the Store's API: the filter choices, the narrative series by day or week, and
// the other articles of a story. Its search is Store.searchPage, the CLI's search: one ranking for both.
import type { ExportKind, Filters, SnippetStyle, Store } from '../store/index.js';
import type { Breadth } from '../types.js';
import { MARK_CLOSE, MARK_OPEN } from './html.js';
import { digest, type Digest } from '../cli/digest.js';

/** The page's filters: the CLI's, with `source` (the article's feed name, else its source URI). */
export type PageFilters = Filters;

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

/**
 * The page's snippets: control-character markers (html.ts turns them into <mark>), reserved, so an article whose
 * text holds them (hostile or broken input) gets a plain excerpt and its content cannot open or close a <mark>.
 */
export const PAGE_SNIPPET: SnippetStyle = { open: MARK_OPEN, close: MARK_CLOSE, tokens: 24, excerpt: 220, reserved: true };

/**
 * One page of results and the total (Store.searchPage: bm25 with the title weighing 5x over the RANK_WINDOW most
 * recently stored matches when there is a query, else newest first). `total` counts at most RANK_WINDOW results;
 * `more` says more articles match.
 */
export function searchPage(store: Store, query: string | undefined, f: PageFilters, page: number, perPage: number): { total: number; more: boolean; hits: PageHit[] } {
  const r = store.searchPage(query, f, { limit: perPage, offset: (page - 1) * perPage, snippet: PAGE_SNIPPET, total: true });
  const hits = r.hits.map((h) => ({
    id: h.id,
    title: h.title,
    publishedAt: h.publishedAt,
    source: h.source,
    url: h.url,
    breadth: h.breadth,
    tags: h.tags,
    tickers: h.tickers,
    snippet: h.snippet,
    storySize: h.story?.size ?? 1,
  }));
  return { total: r.total ?? 0, more: r.more, hits };
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

/** Export rows for the current filters (the source filter included): Store.exportRows. */
export function pageExportRows(store: Store, kind: ExportKind, f: PageFilters, query: string | undefined): Generator<Record<string, string | number | null>> {
  return store.exportRows(kind, f, query);
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
