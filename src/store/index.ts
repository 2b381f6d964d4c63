import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ArticleRecord, Breadth } from '../types.js';
import { LATEST_VERSION, migrate } from './migrations.js';
import { isBlankQuery, toFtsQuery } from './query.js';
import { fingerprint, indexIdentity, insertBands, newIdentity, storiesOf, type StoryRef } from './identity.js';
import { stmt } from './stmt.js';
import type { PreparedRecord } from './prepared.js';
import { addFeed, commitPoll, feedCursor, feedFailed, feedNotModified, findFeed, getFeed, listFeeds, removeFeed, type FeedRow, type ItemOutcome, type PollCommit } from './feeds.js';

export { isBlankQuery, toFtsQuery } from './query.js';
export { FeedExists, type FeedRow, type ItemOutcome, type PolledItem, type PollCommit } from './feeds.js';
export { STORY_MIN_WORDS, type StoryRef } from './identity.js';
export { prepareRecord, type PreparedRecord } from './prepared.js';

export class StoreError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'StoreError';
  }
}

export const DEFAULT_DB = 'tapereader.db';
const OPEN_ATTEMPTS = 20;
const OPEN_RETRY_MS = 25;

class BusyOnOpen extends Error {}
// SQLite files begin with this header; anything else is not ours to open (and never to overwrite).
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const BUSY_TIMEOUT_MS = 10_000;
// search results: 20 unless asked, never more than 1000 (better-sqlite3 cannot interrupt a long query)
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
/** an integer in [lo, hi] whatever the caller passes (NaN or 2.5 would make SQLite's LIMIT throw) */
function clampInt(x: number | undefined, lo: number, hi: number, fallback: number): number {
  const whole = Math.floor(x ?? fallback);
  return Number.isNaN(whole) ? fallback : Math.max(lo, Math.min(whole, hi));
}
// invisible characters (zero-width, bidi controls) carried by feed text only disturb a terminal or a page
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export interface Filters {
  tag?: string | undefined;
  ticker?: string | undefined;
  breadth?: Breadth | undefined;
  /** ISO date or datetime, inclusive */
  since?: string | undefined;
  /** ISO date or datetime, inclusive (a bare date covers the whole day) */
  until?: string | undefined;
  /** the article's feed name, else its source URI (the `source` column of search and export) */
  source?: string | undefined;
}

export interface SearchHit {
  id: string;
  title: string;
  publishedAt: string | null;
  source: string;
  breadth: Breadth;
  tags: string[];
  tickers: string[];
  url: string | null;
  snippet: string;
  rank: number | null;
  /** the story cluster: {id, firstSeen, size}; size > 1 when other articles tell the same story */
  story: StoryRef | null;
}

/** How snippets look: the markers around matched terms, their length, the excerpt shown when there is no query. */
export interface SnippetStyle {
  open: string;
  close: string;
  /** tokens of text in a snippet (FTS5 snippet(), 1 to 64) */
  tokens: number;
  /** characters of the text's start shown when there is no query (or, for `reserved`, when the text holds a marker) */
  excerpt: number;
  /**
   * The markers are reserved characters (the web page's control characters): a text that holds either gets the plain
   * excerpt with them removed instead of a snippet, so its content can never open or close a mark.
   */
  reserved: boolean;
}

/** The CLI's snippets: [matched terms], 14 tokens, 160 characters of text when there is no query. */
export const TEXT_SNIPPET: SnippetStyle = { open: '[', close: ']', tokens: 14, excerpt: 160, reserved: false };

export interface SearchOptions {
  /** results per page: 20 unless asked, never more than 1000 */
  limit?: number | undefined;
  /** results to skip (paging), within the ranked results */
  offset?: number | undefined;
  snippet?: SnippetStyle | undefined;
  /** count the results (up to the window) into `total` */
  total?: boolean | undefined;
  /** the ranking window (see RANK_WINDOW), 1 to RANK_WINDOW; smaller only to test or to answer faster */
  window?: number | undefined;
}

export interface SearchPage {
  hits: SearchHit[];
  /** with `total: true`: how many results there are to page through (at most the window), else null */
  total: number | null;
  /** with `total: true`: more articles match than `total` counts (beyond the ranking window) */
  more: boolean;
}

/**
 * Ranking window. A query with at most RANK_WINDOW matches (that pass the filters) is ranked by bm25 over all of them,
 * the title weighing 5x, ties newest first: a rare term's best match comes first. A query with more matches than
 * that is not ranked by bm25: its results are the RANK_WINDOW most recently stored matches, those whose title
 * matches the whole query first, each group newest first (rank null). Why: FTS5's bm25() first counts, for each
 * phrase of the query, every article in the store that contains it (its IDF), whatever LIMIT or rowid range the query
 * has: measured at 100k articles, `said` took 276 ms to rank 20 matches and 309 ms to rank 2,000, against 1 ms to
 * read its 2,000 newest matches; at 1M that count alone takes seconds. Reading a bounded window is what keeps a
 * common word's cost from growing with the store.
 */
export const RANK_WINDOW = 2_000;

/** What a search reads first: the FTS index (a query), a tag's or ticker's index, or the date index (filters only). */
export type Driver = 'text' | 'date' | { kind: 'tag' | 'ticker'; value: string };
const DRIVER_TABLE = { tag: 'tags WHERE tag', ticker: 'tickers WHERE symbol' } as const;

/**
 * The statements of one search (exported for the query-plan tests). Parameters, in order: with a query, the FTS
 * query, then the filters', then (for `ranked`) limit and offset; filters only, the driver's value (driverParams),
 * the filters', limit and offset.
 *   window: with a query, the rowids of its newest matches that pass the filters, newest first, at most window + 1;
 *           filters only, {n}: the results counted up to window + 1;
 *   titles: with a query (the title-only form of it: `{title} : (...)`), rowids of title matches, newest first (read
 *           until the window's floor; FTS5 seeks well only in this direction);
 *   ranked: with a query whose matches all fit the window, {rowid, rank} by bm25 over them;
 *   page:   filters only, {rowid, rank: null} newest first.
 */
export function searchSql(f: Filters, driver: Driver, window: number): { window: string; titles: string; ranked: string; page: string; driverParams: unknown[] } {
  const w = where(f);
  if (driver === 'text') {
    // with no filters the window is read from the FTS index alone; with filters each match is joined to its row
    const from = w.sql === '1' ? 'articles_fts' : 'articles_fts JOIN articles a ON a.rowid = articles_fts.rowid';
    return {
      window: `SELECT articles_fts.rowid AS rowid FROM ${from} WHERE articles_fts MATCH ? AND ${w.sql} ORDER BY articles_fts.rowid DESC LIMIT ${window + 1}`,
      titles: 'SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC',
      ranked: `SELECT articles_fts.rowid AS rowid, bm25(articles_fts, 5.0, 1.0) AS rank FROM ${from}
               WHERE articles_fts MATCH ? AND ${w.sql} ORDER BY rank, articles_fts.rowid DESC LIMIT ? OFFSET ?`,
      page: '',
      driverParams: [],
    };
  }
  const order = 'ORDER BY coalesce(a.published_at, a.ingested_at) DESC, a.rowid DESC';
  // CROSS JOIN keeps the tag's or ticker's index as the outer loop: SQLite never reorders it
  const from =
    driver === 'date'
      ? 'articles a'
      : `(SELECT article_id FROM ${DRIVER_TABLE[driver.kind]} = ?) d CROSS JOIN articles a ON a.id = d.article_id`;
  return {
    window: `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${w.sql} LIMIT ${window + 1})`,
    titles: '',
    ranked: '',
    page: `SELECT a.rowid AS rowid, NULL AS rank FROM ${from} WHERE ${w.sql} ${order} LIMIT ? OFFSET ?`,
    driverParams: driver === 'date' ? [] : [driver.value],
  };
}

export type UpsertOutcome = 'new' | 'updated' | 'unchanged';

export const EXPORT_KINDS = ['articles', 'tickers', 'levels', 'moves', 'money', 'quotes', 'tags'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const SQLITE_HEADER_BYTES = 100;

/**
 * Refuse, before SQLite touches it, a file that is not an SQLite database or is visibly damaged: a directory, a
 * foreign header, a header cut short, a bad page size, or a file shorter than its header says (a truncated copy
 * would otherwise open, and the next write would extend the damage). Reads only the 100-byte header.
 */
function assertSqliteFile(path: string): void {
  if (path === ':memory:' || !existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) throw new StoreError(path, 'is a directory, not a database file');
  if (st.size === 0) return;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(SQLITE_HEADER_BYTES);
  let got: number;
  try {
    got = readSync(fd, head, 0, SQLITE_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) throw new StoreError(path, 'is not a tapereader database (not an SQLite file); it was left untouched');
  if (got < SQLITE_HEADER_BYTES) throw new StoreError(path, 'is truncated (its SQLite header is cut short); it was left untouched');
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new StoreError(path, 'is corrupt (invalid page size in its header); it was left untouched');
  // With a non-empty write-ahead log or hot journal beside it, the file may be mid-transaction on disk: SQLite's
  // recovery decides.
  for (const side of [`${path}-wal`, `${path}-journal`]) if (existsSync(side) && statSync(side).size > 0) return;
  // The in-header page count is valid when the change counter matches "version-valid-for" (SQLite >= 3.7.0).
  const pages = head.readUInt32BE(28);
  const counted = pages > 0 && head.readUInt32BE(24) === head.readUInt32BE(92);
  if (st.size % pageSize !== 0 || (counted && pages * pageSize > st.size)) {
    throw new StoreError(path, `is truncated (${st.size} bytes${counted ? `, its header says ${pages * pageSize}` : ''}); it was left untouched`);
  }
}

/** Dates: a bare day as `until` means the end of that day. */
function bound(d: string, end: boolean): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && end ? `${d}T23:59:59.999Z` : d;
}

const tickerKey = (t: string): string => t.replace(/^\$/, '').toUpperCase();

/** The SQL condition (on articles aliased `alias`) for a set of filters; shared by search, export and the digest. */
export function where(f: Filters, alias = 'a'): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.tag) {
    parts.push(`EXISTS (SELECT 1 FROM tags t WHERE t.article_id = ${alias}.id AND t.tag = ?)`);
    params.push(f.tag);
  }
  if (f.ticker) {
    parts.push(`EXISTS (SELECT 1 FROM tickers k WHERE k.article_id = ${alias}.id AND k.symbol = ?)`);
    params.push(tickerKey(f.ticker));
  }
  if (f.breadth) {
    parts.push(`${alias}.breadth = ?`);
    params.push(f.breadth);
  }
  if (f.since) {
    parts.push(`coalesce(${alias}.published_at, ${alias}.ingested_at) >= ?`);
    params.push(bound(f.since, false));
  }
  if (f.until) {
    parts.push(`coalesce(${alias}.published_at, ${alias}.ingested_at) <= ?`);
    params.push(bound(f.until, true));
  }
  if (f.source) {
    parts.push(`coalesce(${alias}.feed, ${alias}.source_uri) = ?`);
    params.push(f.source);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/**
 * Before anything is written: a database some other program made (no user_version, but tables) or a newer
 * tapereader's (a schema this version does not know) is refused rather than migrated. One statement, so the two
 * values come from one snapshot even while another process is creating the file.
 */
function assertOurs(db: Database.Database, path: string): void {
  const { v, n } = db.prepare('SELECT (SELECT user_version FROM pragma_user_version) AS v, (SELECT count(*) FROM sqlite_master) AS n').get() as { v: number; n: number };
  if (v > LATEST_VERSION) throw new StoreError(path, `was written by a newer tapereader (schema ${v}; this one knows up to ${LATEST_VERSION}); it was left untouched`);
  if (v === 0 && n > 0) throw new StoreError(path, 'is an SQLite database but not a tapereader one; it was left untouched');
}

export class Store {
  readonly db!: Database.Database;

  constructor(readonly path: string) {
    assertSqliteFile(path);
    // Two processes creating the same new file race on the switch to WAL, which can fail with SQLITE_BUSY without
    // waiting on the busy timeout: open again after a short, jittered pause.
    for (let attempt = 1; ; attempt++) {
      try {
        this.db = this.open();
        return;
      } catch (e) {
        const busy = e instanceof BusyOnOpen;
        if (!busy) throw e;
        if (attempt >= OPEN_ATTEMPTS) throw new StoreError(path, `cannot open database: ${e.message}`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, OPEN_RETRY_MS * attempt + Math.floor(Math.random() * OPEN_RETRY_MS));
      }
    }
  }

  private open(): Database.Database {
    const path = this.path;
    let db: Database.Database | null = null;
    try {
      db = new Database(path);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      assertOurs(db, path);
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a committed batch survives a crash of this process; only an OS crash or power loss can
      // take back the last transactions, never corrupt the file. Set on every connection, since the default varies.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return db;
    } catch (e) {
      // close what we opened, so a refused file keeps no handle and no -wal/-shm litter behind
      try {
        db?.close();
      } catch {
        /* already failing: the first error is the one to report */
      }
      if (e instanceof StoreError) throw e;
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new BusyOnOpen((e as Error).message);
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new StoreError(path, 'is corrupt or not a database; it was left untouched');
      throw new StoreError(path, `cannot open database: ${(e as Error).message}`);
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Store a batch in ONE immediate transaction: all of it lands, or none of it.
   *
   * The same article (same id) may come from several sources (the same page saved in two directories, a file and a
   * feed). As for feeds (./feeds.ts), a version from another source replaces the stored one only when it has more
   * text; with the same text it refreshes the stored record's analysis but keeps its source. So ingesting the same
   * inputs again reports nothing new or updated, whichever source was read first.
   */
  upsert(records: readonly ArticleRecord[]): UpsertOutcome[] {
    return this.upsertPrepared(records.map((record) => ({ record })));
  }

  /**
   * upsert, for records that come with their JSON and fingerprint already made (by an ingest worker, see
   * prepareRecord): the writer then only writes. What is missing is computed here.
   */
  upsertPrepared(items: readonly PreparedRecord[]): UpsertOutcome[] {
    const db = this.db;
    const existing = stmt(db, 'SELECT content_hash, length(text) AS len, source_kind, source_uri, record FROM articles WHERE id = ?');
    const now = new Date().toISOString();
    const run = db.transaction((batch: readonly PreparedRecord[]) =>
      batch.map((p): UpsertOutcome => {
        const r = p.record;
        const prev = existing.get(r.id) as { content_hash: string; len: number; source_kind: string; source_uri: string; record: string } | undefined;
        if (!prev) {
          this.write(r, false, now, p);
          return 'new';
        }
        let rec = r;
        if (prev.source_kind !== r.source.kind || prev.source_uri !== r.source.uri) {
          if (prev.content_hash !== r.contentHash) {
            if (r.text.length <= prev.len) return 'unchanged';
          } else rec = { ...r, source: (JSON.parse(prev.record) as ArticleRecord).source };
        }
        const json = rec === r ? (p.json ?? JSON.stringify(r)) : JSON.stringify(rec);
        if (prev.record === json) return 'unchanged';
        this.write(rec, true, now, rec === r ? { ...p, json } : { record: rec, json, fingerprint: p.fingerprint });
        return 'updated';
      }),
    );
    return run.immediate(items);
  }

  /**
   * Insert a record, or update the stored one in place (its first-seen time, ingested_at, stays), with its
   * extraction rows, identity keys and story. Call inside a write transaction. `prepared` may carry the record's
   * JSON and fingerprint, made elsewhere (they are of `r`: the same text, the same JSON.stringify).
   */
  private write(r: ArticleRecord, existed: boolean, now: string, prepared?: Omit<PreparedRecord, 'record'>): void {
    const db = this.db;
    const json = prepared?.json ?? JSON.stringify(r);
    const hash = prepared?.fingerprint !== undefined ? prepared.fingerprint : fingerprint(r.text);
    if (existed) {
      const firstSeen = (stmt(db, 'SELECT ingested_at FROM articles WHERE id = ?').get(r.id) as { ingested_at: string } | undefined)?.ingested_at ?? now;
      for (const t of ['tickers', 'indices', 'levels', 'moves', 'money', 'quotes', 'tags']) stmt(db, `DELETE FROM ${t} WHERE article_id = ?`).run(r.id);
      stmt(
        db,
        `UPDATE articles SET content_hash=?, schema_version=?, source_kind=?, source_uri=?, feed=?, title=?, url=?, published_at=?, updated_at=?, breadth=?, text=?, record=? WHERE id=?`,
      ).run(r.contentHash, r.schemaVersion, r.source.kind, r.source.uri, r.source.feed ?? null, r.title, r.url, r.publishedAt, now, r.breadth, r.text, json, r.id);
      this.insertChildren(r);
      indexIdentity(db, r.id, r.url, r.text, r.publishedAt ?? firstSeen, hash);
      return;
    }
    // a new row is written once, identity columns included (its story is looked up before it exists)
    const k = newIdentity(db, r.id, r.url, r.text, r.publishedAt ?? now, hash);
    stmt(
      db,
      `INSERT INTO articles (id, content_hash, schema_version, source_kind, source_uri, feed, title, url, published_at, ingested_at, updated_at, breadth, text, record,
                             url_key, key_version, simhash, story_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ).run(r.id, r.contentHash, r.schemaVersion, r.source.kind, r.source.uri, r.source.feed ?? null, r.title, r.url, r.publishedAt, now, now, r.breadth, r.text, json, k.urlKey, k.keyVersion, k.simhash, k.storyId);
    this.insertChildren(r);
    insertBands(db, r.id, k.simhash, k.t);
  }

  // ---- feeds (see ./feeds.ts) ----

  addFeed(url: string, name: string | null = null): FeedRow {
    return addFeed(this.db, url, name, new Date().toISOString());
  }

  listFeeds(): FeedRow[] {
    return listFeeds(this.db);
  }

  findFeed(urlOrName: string): FeedRow | null {
    return findFeed(this.db, urlOrName);
  }

  getFeed(id: number): FeedRow | null {
    return getFeed(this.db, id);
  }

  removeFeed(id: number): void {
    removeFeed(this.db, id);
  }

  /** The cursor's item hashes for these keys of one feed (one indexed lookup each: the cursor only grows). */
  feedCursor(feedId: number, keys: Iterable<string>): Map<string, string> {
    return feedCursor(this.db, feedId, keys);
  }

  feedNotModified(feedId: number, now = new Date().toISOString()): void {
    feedNotModified(this.db, feedId, now);
  }

  feedFailed(feedId: number, reason: string, nextAttemptAt: string | null, now = new Date().toISOString()): void {
    feedFailed(this.db, feedId, now, reason, nextAttemptAt);
  }

  /** One poll of one feed, in ONE transaction: items, search rows, cursor and validators (see ./feeds.ts). */
  commitPoll(feedId: number, c: PollCommit): ItemOutcome[] {
    return commitPoll(this.db, feedId, c, { write: (r, existed, now) => this.write(r, existed, now) });
  }

  /** The story clusters of these articles. */
  stories(ids: string[]): Map<string, StoryRef> {
    return storiesOf(this.db, ids);
  }

  private insertChildren(r: ArticleRecord): void {
    const db = this.db;
    const tk = stmt(db, 'INSERT INTO tickers VALUES (?,?,?,?,?,?,?)');
    for (const t of r.tickers) tk.run(r.id, t.symbol, t.name, t.kind, t.inTitle ? 1 : 0, t.mentions.length, t.prominence);
    const ix = stmt(db, 'INSERT INTO indices VALUES (?,?,?,?)');
    for (const i of r.indices) ix.run(r.id, i.id, i.name, i.mentions.length);
    const lv = stmt(db, 'INSERT INTO levels VALUES (?,?,?,?,?,?,?,?,?)');
    r.levels.forEach((l, k) => lv.run(r.id, k, l.index, l.value, l.kind, l.span.start, l.span.end, l.span.text, l.rule));
    const mv = stmt(db, 'INSERT INTO moves VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
    r.moves.forEach((m, k) => mv.run(r.id, k, m.subject, m.symbol, m.percent, m.direction, m.period, m.realized ? 1 : 0, m.span.start, m.span.end, m.span.text, m.rule));
    const mo = stmt(db, 'INSERT INTO money VALUES (?,?,?,?,?,?,?,?,?,?)');
    r.money.forEach((m, k) => mo.run(r.id, k, m.amount, m.currency, m.metric, m.subject, m.span.start, m.span.end, m.span.text, m.rule));
    const qu = stmt(db, 'INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?)');
    r.quotes.forEach((q, k) => qu.run(r.id, k, q.text, q.speaker, q.title, q.organization, q.span.start, q.span.end, q.rule));
    const tg = stmt(db, 'INSERT INTO tags VALUES (?,?,?,?,?)');
    for (const t of r.tags) tg.run(r.id, t.tag, t.score, t.rule, t.evidence.length);
  }

  /** One record by id (or unique id prefix). */
  get(id: string): ArticleRecord | null {
    const rows = this.db.prepare(`SELECT record FROM articles WHERE id = ? OR (length(?) >= 6 AND id LIKE ? || '%') LIMIT 2`).all(id, id, id.replace(/[%_]/g, '')) as { record: string }[];
    if (rows.length !== 1) return null;
    const r = JSON.parse(rows[0]!.record) as ArticleRecord;
    const story = storiesOf(this.db, [r.id]).get(r.id);
    return story ? { ...r, story } : r;
  }

  /**
   * Full-text search with filters: with a query, ranked by bm25 (title 5x) when its matches fit RANK_WINDOW, else
   * its RANK_WINDOW newest matches, title matches first (see RANK_WINDOW); without, newest first. searchPage's first
   * page.
   */
  search(query: string | undefined, f: Filters = {}, limit = DEFAULT_LIMIT): SearchHit[] {
    return this.searchPage(query, f, { limit }).hits;
  }

  /**
   * One page of search results (the CLI's `search` and the web page both read this, so they rank alike).
   * A blank query means "filters only" (newest first); one with words that can match nothing ("(((", "***") finds
   * nothing. With a query, the plan is bounded by RANK_WINDOW:
   *   1. the window: up to RANK_WINDOW + 1 of the most recently stored matches that pass the filters (FTS5 reads its
   *      matches in descending rowid order and stops there);
   *   2. if they fit the window, bm25 over them; else the RANK_WINDOW newest, title matches first (the title-only
   *      query read newest first down to the window's floor);
   *   3. for this page's rows only: the columns, the snippet, tags, tickers and story.
   */
  searchPage(query: string | undefined, f: Filters = {}, o: SearchOptions = {}): SearchPage {
    const limit = clampInt(o.limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
    const offset = clampInt(o.offset, 0, Number.MAX_SAFE_INTEGER, 0);
    const window = clampInt(o.window, 1, RANK_WINDOW, RANK_WINDOW);
    const style = o.snippet ?? TEXT_SNIPPET;
    const blank = isBlankQuery(query);
    const fts = blank ? null : toFtsQuery(query!);
    const none = { hits: [], total: o.total ? 0 : null, more: false };
    if (!blank && !fts) return none;
    const db = this.db;
    const sql = searchSql(f, fts ? 'text' : this.filterDriver(f, limit + offset), window);
    const w = where(f);
    let ranked: Array<{ rowid: number; rank: number | null }>;
    let total = 0;
    let more = false;
    if (fts) {
      const newest = stmt(db, sql.window).pluck().all(fts, ...w.params) as number[];
      if (!newest.length) return none;
      more = newest.length > window;
      total = Math.min(newest.length, window);
      // all its matches are in the window: bm25 over them (its IDF count reads no more than the window did)
      if (!more) ranked = stmt(db, sql.ranked).all(fts, ...w.params, limit, offset) as Array<{ rowid: number; rank: number }>;
      else {
        // the window's newest matches, those whose title matches the whole query first
        const inWindow = newest.slice(0, window);
        const floor = inWindow[inWindow.length - 1]!;
        const titled = new Set<number>();
        for (const rowid of stmt(db, sql.titles).pluck().iterate(`{title} : (${fts})`) as IterableIterator<number>) {
          if (rowid < floor) break;
          titled.add(rowid);
        }
        const order = [...inWindow.filter((r) => titled.has(r)), ...inWindow.filter((r) => !titled.has(r))];
        ranked = order.slice(offset, offset + limit).map((rowid) => ({ rowid, rank: null }));
      }
    } else {
      ranked = stmt(db, sql.page).all(...sql.driverParams, ...w.params, limit, offset) as Array<{ rowid: number; rank: null }>;
      if (o.total) {
        total = (stmt(db, sql.window).get(...sql.driverParams, ...w.params) as { n: number }).n;
        more = total > window;
        total = Math.min(total, window);
      }
    }
    return { hits: this.hitsOf(ranked, fts, style), total: o.total ? total : null, more };
  }

  /**
   * For a filters-only search with a tag or ticker filter: whether to read that filter's index first (then sort its
   * articles by date) or to walk the date index newest first, testing the filter on each article until the page is
   * full. The first reads c rows (the filter's count); the second about want x articles / c (want = offset + limit).
   * The first wins when c x c <= want x articles, so c is counted (from the index) only up to that bound.
   */
  private filterDriver(f: Filters, want: number): Driver {
    const db = this.db;
    const options: Array<{ kind: 'tag' | 'ticker'; value: string }> = [];
    if (f.tag) options.push({ kind: 'tag', value: f.tag });
    if (f.ticker) options.push({ kind: 'ticker', value: tickerKey(f.ticker) });
    if (!options.length) return 'date';
    const articles = (stmt(db, 'SELECT coalesce(max(rowid), 0) AS n FROM articles').get() as { n: number }).n;
    const bound = Math.ceil(Math.sqrt(want * articles));
    let best: { kind: 'tag' | 'ticker'; value: string; n: number } | null = null;
    for (const o of options) {
      const n = (stmt(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${DRIVER_TABLE[o.kind]} = ? LIMIT ?)`).get(o.value, bound + 1) as { n: number }).n;
      if (n <= bound && (!best || n < best.n)) best = { ...o, n };
    }
    return best ? { kind: best.kind, value: best.value } : 'date';
  }

  /** The page's rows, in the order given: columns, snippet (or excerpt), tags, tickers, story. */
  private hitsOf(ranked: Array<{ rowid: number; rank: number | null }>, fts: string | null, style: SnippetStyle): SearchHit[] {
    const db = this.db;
    // with reserved markers: a text holding either is flagged, and its excerpt is cut without them (CASE, so that
    // without them the whole text, most of it in overflow pages, is not read)
    const row = stmt(
      db,
      `SELECT id, title, published_at, coalesce(feed, source_uri) AS source, url, breadth,
              CASE WHEN @reserved THEN instr(text, @open) > 0 OR instr(text, @close) > 0 ELSE 0 END AS flagged,
              CASE WHEN @reserved THEN replace(replace(substr(text, 1, @excerpt), @open, ''), @close, '') ELSE substr(text, 1, @excerpt) END AS excerpt
       FROM articles WHERE rowid = @rowid`,
    );
    const snip = stmt(db, `SELECT snippet(articles_fts, 1, ?, ?, '…', ?) AS s FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?`);
    const tagsOf = stmt(db, 'SELECT tag FROM tags WHERE article_id = ? ORDER BY score DESC');
    const tickersOf = stmt(db, 'SELECT symbol FROM tickers WHERE article_id = ? ORDER BY prominence DESC LIMIT 8');
    const tokens = clampInt(style.tokens, 1, 64, TEXT_SNIPPET.tokens);
    const rows = ranked.map(({ rowid, rank }) => {
      const r = row.get({ reserved: style.reserved ? 1 : 0, open: style.open, close: style.close, excerpt: style.excerpt, rowid }) as { id: string; title: string; published_at: string | null; source: string; url: string | null; breadth: Breadth; flagged: number; excerpt: string };
      const snippet = fts && !r.flagged ? ((snip.get(style.open, style.close, tokens, fts, rowid) as { s: string } | undefined)?.s ?? r.excerpt) : r.excerpt;
      return { r, rank, snippet };
    });
    const stories = storiesOf(db, rows.map(({ r }) => r.id));
    return rows.map(({ r, rank, snippet }) => ({
      id: r.id,
      title: r.title,
      publishedAt: r.published_at ?? null,
      source: r.source,
      breadth: r.breadth,
      tags: (tagsOf.all(r.id) as { tag: string }[]).map((t) => t.tag),
      tickers: (tickersOf.all(r.id) as { symbol: string }[]).map((t) => t.symbol),
      url: r.url ?? null,
      snippet: snippet.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim(),
      rank,
      story: stories.get(r.id) ?? null,
    }));
  }

  /** Stream rows of one kind (one row per item) with the article's id, title, date and source. */
  *exportRows(kind: ExportKind, f: Filters = {}, query?: string): Generator<Record<string, string | number | null>> {
    const w = where(f);
    const blank = isBlankQuery(query);
    const fts = blank ? null : toFtsQuery(query!);
    if (!blank && !fts) return;
    const match = fts ? `AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)` : '';
    const base = `a.id AS article_id, a.title AS article_title, coalesce(a.published_at, '') AS published_at, coalesce(a.feed, a.source_uri) AS source`;
    const sql: Record<ExportKind, string> = {
      articles: `SELECT ${base}, a.url, a.breadth, (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM tags t WHERE t.article_id = a.id ORDER BY tag)) AS tags,
                 (SELECT group_concat(symbol, ' ') FROM (SELECT symbol FROM tickers k WHERE k.article_id = a.id ORDER BY prominence DESC)) AS tickers,
                 coalesce(a.story_id, a.id) AS story_id FROM articles a`,
      tickers: `SELECT ${base}, x.symbol, x.name, x.kind, x.in_title, x.mentions, x.prominence FROM tickers x JOIN articles a ON a.id = x.article_id`,
      levels: `SELECT ${base}, x.index_name AS "index", x.value, x.kind, x.start, x.end, x.evidence, x.rule FROM levels x JOIN articles a ON a.id = x.article_id`,
      moves: `SELECT ${base}, x.subject, x.symbol, x.percent, x.direction, x.period, x.realized, x.start, x.end, x.evidence, x.rule FROM moves x JOIN articles a ON a.id = x.article_id`,
      money: `SELECT ${base}, x.amount, x.currency, x.metric, x.subject, x.start, x.end, x.evidence, x.rule FROM money x JOIN articles a ON a.id = x.article_id`,
      quotes: `SELECT ${base}, x.text AS quote, x.speaker, x.title, x.organization, x.start, x.end, x.rule FROM quotes x JOIN articles a ON a.id = x.article_id`,
      tags: `SELECT ${base}, x.tag, x.score, x.rule, x.evidence_count FROM tags x JOIN articles a ON a.id = x.article_id`,
    };
    const order = kind === 'articles' ? 'ORDER BY published_at, a.rowid' : 'ORDER BY published_at, a.rowid, x.rowid';
    const stmt = this.db.prepare(`${sql[kind]} WHERE ${w.sql} ${match} ${order}`);
    yield* stmt.iterate(...w.params, ...(fts ? [fts] : [])) as IterableIterator<Record<string, string | number | null>>;
  }

  stats(): { articles: number; byTag: Record<string, number>; byTicker: Record<string, number>; bySource: Record<string, number>; byDay: Record<string, number>; byBreadth: Record<string, number> } {
    const pairs = (sql: string) => Object.fromEntries((this.db.prepare(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    return {
      articles: (this.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n,
      byTag: pairs('SELECT tag AS k, count(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, k'),
      byBreadth: pairs('SELECT breadth AS k, count(*) AS n FROM articles GROUP BY breadth ORDER BY n DESC, k'),
      byTicker: pairs('SELECT symbol AS k, count(*) AS n FROM tickers GROUP BY symbol ORDER BY n DESC, k LIMIT 25'),
      bySource: pairs('SELECT coalesce(feed, source_kind) AS k, count(*) AS n FROM articles GROUP BY k ORDER BY n DESC, k LIMIT 25'),
      byDay: pairs(`SELECT substr(coalesce(published_at, ingested_at), 1, 10) AS k, count(*) AS n FROM articles GROUP BY k ORDER BY k DESC LIMIT 31`),
    };
  }
}

export function openStore(path: string = process.env['TAPEREADER_DB'] ?? DEFAULT_DB): Store {
  return new Store(path);
}
