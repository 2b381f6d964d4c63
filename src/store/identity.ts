// Identity keys and story clusters in the store.
//
// - url_key: the article's canonical URL (src/identity/url.ts; tracking parameters, fragments, trailing slashes,
//   http/https and `www.` normalised), with key_version, the version of those rules, so a later change of the rules
//   can tell old keys from new ones.
// - simhash: a 64-bit fingerprint of the text's word shingles (src/identity/simhash.ts). Articles whose fingerprints
//   differ in at most NEAR_DUPLICATE_MAX_BITS bits are the same story (a wire story republished under another
//   headline, with other boilerplate): they share a story_id. Clustering never deletes or merges articles.
// - story_bands: the fingerprint cut into 4 bands of 16 bits, one row per band with the article's date (t, epoch
//   seconds of its publication, else ingest, time) and its fingerprint, keyed (band, t, article_id): a covering index,
//   so candidates are read without touching the articles table (whose rows hold the whole text and record).
//
// Bounded cost (issue 7). Every insert looks up its candidates with a fixed number of index range scans, each capped,
// so its cost does not grow with the store:
//   - multi-probe: each band is looked up as it is and with each of its 16 bits flipped (17 probes a band, 68 in all).
//     Two fingerprints at most 7 bits apart have a band in which they differ in at most one bit (pigeonhole over 4
//     bands), so every near-duplicate within 7 bits is a candidate, as with the 8 exact 8-bit bands used before;
//     8 to NEAR_DUPLICATE_MAX_BITS bits apart, only when the differing bits bunch. A probe matches about 1/65,536 of
//     the articles in the window (the 8-bit bands matched 1/256 each, 1/32 of the whole store per insert).
//   - a time window: only articles dated within STORY_WINDOW_DAYS of this one (wire republications arrive within
//     hours or days). A copy dated further away starts its own story: the recall given up for the bound.
//   - a cap: each probe reads at most STORY_PROBE_LIMIT rows, the nearest in time first (ORDER BY t DESC served by the
//     index, no sort): a window holding more than ~65,536 x that many articles (a million-article day) loses the oldest.
import type Database from 'better-sqlite3';
import type { StoryInfo } from '../types.js';
import { stmt } from './stmt.js';
import { canonicalUrl, URL_KEY_VERSION } from '../identity/url.js';
import { hammingHex, NEAR_DUPLICATE_MAX_BITS, simhash } from '../identity/simhash.js';

/** Texts shorter than this many words get no fingerprint (too few shingles to tell stories apart): own story. */
export const STORY_MIN_WORDS = 40;
/** Days either side of an article's date in which its near-duplicates are looked for. */
export const STORY_WINDOW_DAYS = 3;
/** Rows read per probe (per band variant), nearest in time first. */
export const STORY_PROBE_LIMIT = 16;
const BAND_BITS = 16;
const BANDS = 4;

/** {id: the article that started the cluster, firstSeen: earliest publication (or ingest) time, size} */
export type StoryRef = StoryInfo;

export function urlKey(url: string | null): string | null {
  if (!url) return null;
  try {
    return canonicalUrl(url);
  } catch {
    return null;
  }
}

export { URL_KEY_VERSION };

/** The 4 band keys of a fingerprint: (position << 16) | 16-bit value. */
export function bandKeys(hash: string): number[] {
  return Array.from({ length: BANDS }, (_, i) => (i << BAND_BITS) | parseInt(hash.slice(i * 4, i * 4 + 4), 16));
}

/** Every probe of a fingerprint: each band key as it is, then with each of its bits flipped. */
export function probeKeys(hash: string): number[] {
  const out: number[] = [];
  for (const k of bandKeys(hash)) {
    out.push(k);
    for (let bit = 0; bit < BAND_BITS; bit++) out.push(k ^ (1 << bit));
  }
  return out;
}

const PROBES = BANDS * (BAND_BITS + 1);
// One statement for all probes: a UNION ALL of per-probe range scans of the (band, t, article_id) key, each ordered
// by t and capped, so SQLite reads at most PROBES x STORY_PROBE_LIMIT index rows and sorts nothing.
const LOOKUP_SQL = Array.from(
  { length: PROBES },
  () => `SELECT * FROM (SELECT article_id, simhash, t FROM story_bands WHERE band = ? AND t BETWEEN ? AND ? ORDER BY t DESC LIMIT ${STORY_PROBE_LIMIT})`,
).join(' UNION ALL ');

/** Lookups made and candidates examined since the process started (for benchmarks and tests). */
export const lookupStats = { lookups: 0, candidates: 0 };

/** The band table's time key: epoch seconds of an ISO date (publication, else ingest time); `fallback` if unreadable. */
export function storyTime(date: string | null, fallback: string): number {
  const ms = Date.parse(date ?? fallback);
  return Math.floor((Number.isNaN(ms) ? Date.parse(fallback) : ms) / 1000) || 0;
}

export function fingerprint(text: string): string | null {
  // a cheap count of whitespace-separated words: only the threshold matters here
  let words = 0;
  for (let i = 0, inWord = false; i < text.length && words < STORY_MIN_WORDS; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  if (words < STORY_MIN_WORDS) return null;
  return simhash(text);
}

/**
 * The story an article with this fingerprint and date belongs to: that of the nearest candidate (see the top of this
 * file) within NEAR_DUPLICATE_MAX_BITS (ties: the earliest dated), else a new story named after the article itself.
 */
export function findStory(db: Database.Database, articleId: string, hash: string | null, t: number): string {
  if (!hash) return articleId;
  const w = STORY_WINDOW_DAYS * 86_400;
  const args: number[] = [];
  for (const k of probeKeys(hash)) args.push(k, t - w, t + w);
  const rows = stmt(db, LOOKUP_SQL).raw().all(...args) as Array<[string, string, number]>;
  lookupStats.lookups++;
  lookupStats.candidates += rows.length;
  let best: { d: number; t: number; id: string } | null = null;
  for (const [id, h, ct] of rows) {
    if (id === articleId) continue;
    const d = hammingHex(hash, h);
    if (d <= NEAR_DUPLICATE_MAX_BITS && (!best || d < best.d || (d === best.d && (ct < best.t || (ct === best.t && id < best.id))))) best = { d, t: ct, id };
  }
  if (!best) return articleId;
  const r = stmt(db, 'SELECT story_id FROM articles WHERE id = ?').get(best.id) as { story_id: string | null } | undefined;
  return r?.story_id ?? best.id;
}

/** The identity columns of an article row (url_key, key_version, simhash, story_id) and its band table time key. */
export interface Identity {
  urlKey: string | null;
  keyVersion: number;
  simhash: string | null;
  storyId: string;
  t: number;
}

/**
 * Keys, fingerprint and story of an article that is not stored yet, so that its row is written once, with them
 * (rewriting a row that holds the whole text and record costs as much as writing it). Insert the row, then call
 * insertBands. `hash` is fingerprint(text) when the caller computed it already (an ingest worker).
 */
export function newIdentity(db: Database.Database, id: string, url: string | null, text: string, date: string, hash: string | null = fingerprint(text)): Identity {
  const t = storyTime(date, new Date().toISOString());
  return { urlKey: urlKey(url), keyVersion: URL_KEY_VERSION, simhash: hash, storyId: findStory(db, id, hash, t), t };
}

/** The band rows of a stored article's fingerprint (none without one). */
export function insertBands(db: Database.Database, id: string, hash: string | null, t: number): void {
  if (!hash) return;
  const ins = stmt(db, 'INSERT OR IGNORE INTO story_bands (band, t, article_id, simhash) VALUES (?, ?, ?, ?)');
  for (const b of bandKeys(hash)) ins.run(b, t, id, hash);
}

/**
 * Keys, fingerprint, bands and story for one stored article row (inside the caller's transaction). An article
 * keeps its story once that story has other articles; alone (edited while alone) it looks for one.
 * `date` is its publication time, else its ingest time (the band table's time key). `hash` as for newIdentity.
 */
export function indexIdentity(db: Database.Database, id: string, url: string | null, text: string, date: string, hash: string | null = fingerprint(text)): void {
  const t = storyTime(date, new Date().toISOString());
  const prev = stmt(db, 'SELECT story_id FROM articles WHERE id = ?').get(id) as { story_id: string | null } | undefined;
  let story = prev?.story_id ?? null;
  const others = story ? (stmt(db, 'SELECT count(*) AS n FROM articles WHERE story_id = ? AND id != ?').get(story, id) as { n: number }).n : 0;
  if (!others) story = findStory(db, id, hash, t);
  stmt(db, 'DELETE FROM story_bands WHERE article_id = ?').run(id);
  stmt(db, 'UPDATE articles SET url_key = ?, key_version = ?, simhash = ?, story_id = ? WHERE id = ?').run(urlKey(url), URL_KEY_VERSION, hash, story, id);
  insertBands(db, id, hash, t);
}

/** The story of each of these articles, as records carry it. */
export function storiesOf(db: Database.Database, ids: string[]): Map<string, StoryRef> {
  const out = new Map<string, StoryRef>();
  const q = stmt(db, 
    `SELECT s.story_id AS id, count(*) AS size, min(coalesce(m.published_at, m.ingested_at)) AS first_seen
     FROM articles s JOIN articles m ON m.story_id = s.story_id WHERE s.id = ? GROUP BY s.story_id`,
  );
  for (const id of ids) {
    const r = q.get(id) as { id: string; size: number; first_seen: string } | undefined;
    if (r) out.set(id, { id: r.id, firstSeen: r.first_seen, size: r.size });
  }
  return out;
}

/** Migration 2: articles stored before it get keys, fingerprints and stories, in storage order. */
export function backfillIdentity(db: Database.Database): void {
  const rows = stmt(db, 'SELECT id, url, text, coalesce(published_at, ingested_at) AS date FROM articles ORDER BY rowid').all() as Array<{ id: string; url: string | null; text: string; date: string }>;
  for (const r of rows) indexIdentity(db, r.id, r.url, r.text, r.date);
}

/**
 * Migration 3, for databases made by the development version of migration 2 (8 text bands of 8 bits, fingerprints
 * of the first simhash): fingerprints computed again and bands rebuilt in the dated layout. Stories are kept as they
 * are (a story id stays valid whatever the fingerprint); later articles are matched against the new fingerprints.
 */
export function rebuildBands(db: Database.Database): void {
  const cols = (db.prepare("SELECT name FROM pragma_table_info('story_bands')").all() as Array<{ name: string }>).map((c) => c.name);
  if (cols.includes('t')) return;
  db.exec(`DROP TABLE story_bands; ${STORY_BANDS_SQL}`);
  const rows = db.prepare('SELECT id, text, coalesce(published_at, ingested_at) AS date FROM articles ORDER BY rowid').all() as Array<{ id: string; text: string; date: string }>;
  const put = db.prepare('UPDATE articles SET simhash = ? WHERE id = ?');
  const ins = db.prepare('INSERT OR IGNORE INTO story_bands (band, t, article_id, simhash) VALUES (?, ?, ?, ?)');
  const now = new Date().toISOString();
  for (const r of rows) {
    const hash = fingerprint(r.text);
    put.run(hash, r.id);
    if (hash) for (const b of bandKeys(hash)) ins.run(b, storyTime(r.date, now), r.id, hash);
  }
}

/** The band table (created by migration 2; rebuilt in this layout by migration 3 where an older layout exists). */
export const STORY_BANDS_SQL = `
  CREATE TABLE story_bands (
    band INTEGER NOT NULL,
    t INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    simhash TEXT NOT NULL,
    PRIMARY KEY (band, t, article_id)
  ) WITHOUT ROWID;
  CREATE INDEX story_bands_article ON story_bands(article_id);`;
