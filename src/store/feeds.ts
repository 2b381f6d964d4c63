// Feed subscriptions and the per-feed item cursor.
//
// One poll of one feed is committed in ONE immediate transaction: the items' articles (with their extraction rows,
// search rows by trigger, identity keys and stories), the cursor rows, and the feed's HTTP validators. Validators are
// written only together with the items they describe, so a process that dies between fetching and committing
// leaves the old validators behind and the next poll fetches the feed in full (RELIABILITY.md D6, finding 5).
import type Database from 'better-sqlite3';
import type { ArticleRecord } from '../types.js';
import { urlKey } from './identity.js';

export interface FeedRow {
  id: number;
  url: string;
  name: string | null;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  lastChecked: string | null;
  lastStatus: string | null;
  lastError: string | null;
  failures: number;
  nextAttemptAt: string | null;
  createdAt: string;
  /** distinct articles this feed has brought */
  articles: number;
}

/** One item of a polled feed, analysed: its key within the feed, the hash of what the feed said, the record. */
export interface PolledItem {
  key: string;
  itemHash: string;
  record: ArticleRecord;
}

export type ItemOutcome = 'new' | 'updated' | 'unchanged';

export interface PollCommit {
  /** the feed's address, with which its items' sources begin */
  feedUrl: string;
  items: PolledItem[];
  /** the feed's title as the document gives it */
  title: string | null;
  /** validators of the fetched document; null keeps the stored ones (a lenient parse must be fetched again) */
  validators: { etag: string | null; lastModified: string | null } | null;
  /** 'ok', or 'bozo: <reason>' when the items came from a lenient recovery */
  status: string;
  now: string;
}

const FEED_COLUMNS = `f.id, f.url, f.name, f.title, f.etag, f.last_modified AS lastModified, f.last_checked AS lastChecked,
  f.last_status AS lastStatus, f.last_error AS lastError, f.failures, f.next_attempt_at AS nextAttemptAt, f.created_at AS createdAt,
  (SELECT count(DISTINCT article_id) FROM feed_items i WHERE i.feed_id = f.id) AS articles`;

export class FeedExists extends Error {}

export function addFeed(db: Database.Database, url: string, name: string | null, now: string): FeedRow {
  return db
    .transaction(() => {
      const dup = db.prepare('SELECT url, name FROM feeds WHERE url = ? OR (? IS NOT NULL AND name = ?)').get(url, name, name) as { url: string; name: string | null } | undefined;
      if (dup) throw new FeedExists(dup.url === url ? `already subscribed to ${url}${dup.name ? ` (as ${JSON.stringify(dup.name)})` : ''}` : `the name ${JSON.stringify(name)} is taken by ${dup.url}`);
      const id = Number(db.prepare('INSERT INTO feeds (url, name, created_at) VALUES (?, ?, ?)').run(url, name, now).lastInsertRowid);
      return getFeed(db, id)!;
    })
    .immediate();
}

export function getFeed(db: Database.Database, id: number): FeedRow | null {
  return (db.prepare(`SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.id = ?`).get(id) as FeedRow | undefined) ?? null;
}

export function listFeeds(db: Database.Database): FeedRow[] {
  return db.prepare(`SELECT ${FEED_COLUMNS} FROM feeds f ORDER BY f.id`).all() as FeedRow[];
}

/** A feed by its exact URL or name. */
export function findFeed(db: Database.Database, urlOrName: string): FeedRow | null {
  return (db.prepare(`SELECT ${FEED_COLUMNS} FROM feeds f WHERE f.url = ? OR f.name = ? ORDER BY f.url = ? DESC LIMIT 1`).get(urlOrName, urlOrName, urlOrName) as FeedRow | undefined) ?? null;
}

/** Unsubscribe. The articles the feed brought stay stored; only its cursor goes. */
export function removeFeed(db: Database.Database, id: number): void {
  db.transaction(() => db.prepare('DELETE FROM feeds WHERE id = ?').run(id)).immediate();
}

/** What the cursor of one feed says about these item keys: key -> hash of what the feed said last time. */
export function feedCursor(db: Database.Database, feedId: number, keys: Iterable<string>): Map<string, string> {
  const q = db.prepare('SELECT item_hash FROM feed_items WHERE feed_id = ? AND item_key = ?');
  const out = new Map<string, string>();
  for (const k of keys) {
    const r = q.get(feedId, k) as { item_hash: string } | undefined;
    if (r) out.set(k, r.item_hash);
  }
  return out;
}

/** A 304: nothing is written but the time of the check (and the end of a failure streak). */
export function feedNotModified(db: Database.Database, feedId: number, now: string): void {
  db.transaction(() =>
    db.prepare(`UPDATE feeds SET last_checked = ?, last_status = 'not-modified', last_error = NULL, failures = 0, next_attempt_at = NULL WHERE id = ?`).run(now, feedId),
  ).immediate();
}

/** A failed fetch or an unreadable document: stored items and validators stay as they were. */
export function feedFailed(db: Database.Database, feedId: number, now: string, reason: string, nextAttemptAt: string | null): void {
  db.transaction(() =>
    db.prepare(`UPDATE feeds SET last_checked = ?, last_status = 'failed', last_error = ?, failures = failures + 1, next_attempt_at = ? WHERE id = ?`).run(now, reason, nextAttemptAt, feedId),
  ).immediate();
}

export interface ArticleWriter {
  /** insert (prev undefined) or update in place (keeps the first-seen time), with child rows and identity */
  write(r: ArticleRecord, existed: boolean, now: string): void;
}

/**
 * Which stored article an item is, in key order: this feed's cursor for the item key (guid, else canonical link,
 * else hash of title and date), then the record's id (canonical URL, else feed + guid, else content), then the
 * canonical URL of any stored article. Then whether to write it:
 * - same content hash as stored: unchanged;
 * - the stored version is this feed's own: an edit (also under a new GUID), updated in place;
 * - the stored version came from elsewhere (another feed, a file): the item's version replaces it only when it has
 *   more text (a full-text feed beats a summary feed), so two feeds never take turns rewriting an article, and a
 *   summary feed's edit never replaces another feed's full text.
 */
export function commitPoll(db: Database.Database, feedId: number, c: PollCommit, writer: ArticleWriter): ItemOutcome[] {
  const cursorOf = db.prepare('SELECT article_id FROM feed_items WHERE feed_id = ? AND item_key = ?');
  const byId = db.prepare('SELECT id, content_hash, length(text) AS len, source_uri FROM articles WHERE id = ?');
  const byUrl = db.prepare('SELECT id FROM articles WHERE url_key = ? ORDER BY rowid LIMIT 1');
  const putCursor = db.prepare(
    `INSERT INTO feed_items (feed_id, item_key, article_id, item_hash, first_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (feed_id, item_key) DO UPDATE SET article_id = excluded.article_id, item_hash = excluded.item_hash`,
  );
  return db
    .transaction((): ItemOutcome[] => {
      const outcomes = c.items.map(({ key, itemHash, record }): ItemOutcome => {
        const cursor = cursorOf.get(feedId, key) as { article_id: string } | undefined;
        const key2 = urlKey(record.url);
        const targetId =
          cursor?.article_id ?? (byId.get(record.id) as { id: string } | undefined)?.id ?? (key2 ? (byUrl.get(key2) as { id: string } | undefined)?.id : undefined);
        const prev = targetId ? (byId.get(targetId) as { id: string; content_hash: string; len: number; source_uri: string } | undefined) : undefined;
        let outcome: ItemOutcome;
        if (!prev) {
          writer.write(record, false, c.now);
          outcome = 'new';
        } else {
          const r = prev.id === record.id ? record : { ...record, id: prev.id };
          // the stored version is this feed's own (its items' sources are "<feed url>#<guid or link>")
          const own = prev.source_uri.startsWith(`${c.feedUrl}#`);
          if (prev.content_hash === r.contentHash || (!own && r.text.length <= prev.len)) outcome = 'unchanged';
          else {
            writer.write(r, true, c.now);
            outcome = 'updated';
          }
        }
        putCursor.run(feedId, key, prev?.id ?? record.id, itemHash, c.now);
        return outcome;
      });
      if (c.validators)
        db.prepare('UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?').run(c.validators.etag, c.validators.lastModified, feedId);
      db.prepare(
        `UPDATE feeds SET title = coalesce(?, title), last_checked = ?, last_status = ?, last_error = NULL, failures = 0, next_attempt_at = NULL WHERE id = ?`,
      ).run(c.title, c.now, c.status, feedId);
      return outcomes;
    })
    .immediate();
}
