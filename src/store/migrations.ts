import type Database from 'better-sqlite3';
import { backfillIdentity, rebuildBands, STORY_BANDS_SQL } from './identity.js';

/**
 * Numbered migrations. Each runs in its own IMMEDIATE transaction together with the user_version bump, so a
 * crash mid-migration leaves the previous version intact and the next open simply runs it again.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string; run?: (db: Database.Database) => void }> = [
  {
    version: 1,
    name: 'articles, extractions, full-text index',
    sql: `
      CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        source_kind TEXT NOT NULL,
        source_uri TEXT NOT NULL,
        feed TEXT,
        title TEXT NOT NULL,
        url TEXT,
        published_at TEXT,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        breadth TEXT NOT NULL,
        text TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX articles_date ON articles(coalesce(published_at, ingested_at));
      CREATE TABLE tickers (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        symbol TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        in_title INTEGER NOT NULL, mentions INTEGER NOT NULL, prominence REAL NOT NULL,
        PRIMARY KEY (article_id, symbol)
      );
      CREATE INDEX tickers_symbol ON tickers(symbol);
      CREATE TABLE indices (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        index_id TEXT NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, index_id)
      );
      CREATE TABLE levels (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        index_name TEXT NOT NULL, value REAL NOT NULL, kind TEXT NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL, evidence TEXT NOT NULL, rule TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
      );
      CREATE TABLE moves (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        subject TEXT NOT NULL, symbol TEXT, percent REAL NOT NULL, direction TEXT NOT NULL, period TEXT,
        realized INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, evidence TEXT NOT NULL, rule TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
      );
      CREATE INDEX moves_symbol ON moves(symbol);
      CREATE TABLE money (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        amount REAL NOT NULL, currency TEXT NOT NULL, metric TEXT, subject TEXT,
        start INTEGER NOT NULL, end INTEGER NOT NULL, evidence TEXT NOT NULL, rule TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
      );
      CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
        text TEXT NOT NULL, speaker TEXT, title TEXT, organization TEXT,
        start INTEGER NOT NULL, end INTEGER NOT NULL, rule TEXT NOT NULL,
        PRIMARY KEY (article_id, seq)
      );
      CREATE INDEX quotes_speaker ON quotes(speaker);
      CREATE TABLE tags (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag TEXT NOT NULL, score REAL NOT NULL, rule TEXT NOT NULL, evidence_count INTEGER NOT NULL,
        PRIMARY KEY (article_id, tag)
      );
      CREATE INDEX tags_tag ON tags(tag);
      CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
      CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
      END;
      CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
      END;
      CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
      END;
    `,
  },
  {
    version: 2,
    name: 'feeds, per-feed item cursor, identity keys, story clusters',
    // feeds: subscriptions with their HTTP validators and failure state. feed_items: the cursor, one row per item
    // key a feed has shown ((feed, guid | canonical link | hash(title, date)) -> article), which is also the list of
    // an article's feed sources. articles gain the canonical-URL key (and the version of the rules that made it), a
    // simhash of the text and the story cluster they belong to; story_bands is the locality-sensitive lookup.
    sql: `
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT UNIQUE,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_checked TEXT,
        last_status TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE feed_items (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id),
        item_hash TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (feed_id, item_key)
      ) WITHOUT ROWID;
      CREATE INDEX feed_items_article ON feed_items(article_id);
      ALTER TABLE articles ADD COLUMN url_key TEXT;
      ALTER TABLE articles ADD COLUMN key_version INTEGER;
      ALTER TABLE articles ADD COLUMN simhash TEXT;
      ALTER TABLE articles ADD COLUMN story_id TEXT;
      CREATE INDEX articles_url_key ON articles(url_key);
      CREATE INDEX articles_story ON articles(story_id);
      ${STORY_BANDS_SQL}
    `,
    // articles stored before this version get their keys, simhash and story here, in the migration's transaction
    run: (db) => backfillIdentity(db),
  },
  {
    version: 3,
    name: 'story bands keyed by date, with the fingerprint (bounded-cost story lookup)',
    // a no-op where migration 2 already made this layout; rebuilds the bands of databases made before it changed
    sql: '',
    run: (db) => rebuildBands(db),
  },
];

/** The schema version this code writes: a file with a higher user_version came from a newer tapereader. */
export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    db.transaction(() => {
      // re-read inside the write lock: another process may have migrated meanwhile
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= m.version) return;
      db.exec(m.sql);
      m.run?.(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: db.pragma('user_version', { simple: true }) as number };
}
