// Identity keys and story clusters in the store.
//
// - url_key: the article's canonical URL (src/identity/url.ts; tracking parameters, fragments, trailing slashes,
//   http/https and `www.` normalised), with key_version, the version of those rules, so a later change of the rules
//   can tell old keys from new ones.
// - simhash: a 64-bit fingerprint of the text's word shingles (src/identity/simhash.ts). Articles whose fingerprints
//   differ in at most NEAR_DUPLICATE_MAX_BITS bits are the same story (a wire story republished under another
//   headline, with other boilerplate): they share a story_id. Clustering never deletes or merges articles.
// - story_bands: the fingerprint cut into bands; two fingerprints within the threshold usually share a band, so
//   candidates are found by index lookup instead of a scan of every article.
import type Database from 'better-sqlite3';
import type { StoryInfo } from '../types.js';
import { stmt } from './stmt.js';
import { canonicalUrl, URL_KEY_VERSION } from '../identity/url.js';
import { hammingHex, NEAR_DUPLICATE_MAX_BITS, simhash } from '../identity/simhash.js';

/** Texts shorter than this many words get no fingerprint (too few shingles to tell stories apart): own story. */
export const STORY_MIN_WORDS = 40;
/** Candidates examined per lookup: a band shared by very many articles (boilerplate) cannot make a lookup slow. */
const MAX_CANDIDATES = 5000;

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

/**
 * Lookup bands: the 64-bit fingerprint cut into STORY_BANDS bands of 8 bits, each key carrying its position. Two
 * fingerprints at most STORY_BANDS - 1 bits apart always share a band (pigeonhole), so every near-duplicate within
 * 7 bits is found; from 8 bits up to the threshold, only when the differing bits happen to bunch. Smaller bands find
 * more but return more candidates: 8-bit bands return about 1/32 of the stored articles, newest first, capped.
 */
export const STORY_BANDS = 8;
const bandKeys = (hash: string): string[] => Array.from({ length: STORY_BANDS }, (_, i) => `${i}:${hash.slice(i * 2, i * 2 + 2)}`);

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
 * The story an article with this fingerprint belongs to: that of the nearest stored article within the threshold
 * (ties: the earliest stored), else a new story named after the article itself.
 */
export function findStory(db: Database.Database, articleId: string, hash: string | null): string {
  if (!hash) return articleId;
  const bands = bandKeys(hash);
  const placeholders = bands.map(() => '?').join(',');
  // from the band index to the articles (not a scan of articles in rowid order), newest first, capped
  const sql = `SELECT a.id, a.simhash, a.story_id FROM (SELECT DISTINCT article_id FROM story_bands WHERE band IN (${placeholders}) AND article_id != ?) c
     JOIN articles a ON a.id = c.article_id WHERE a.simhash IS NOT NULL ORDER BY a.rowid DESC LIMIT ${MAX_CANDIDATES}`;
  const rows = stmt(db, sql).all(...bands, articleId) as Array<{ id: string; simhash: string; story_id: string | null }>;
  let best: { d: number; story: string } | null = null;
  for (const r of rows) {
    const d = hammingHex(hash, r.simhash);
    // newest first: on a tie the older article wins
    if (d <= NEAR_DUPLICATE_MAX_BITS && (!best || d <= best.d)) best = { d, story: r.story_id ?? r.id };
  }
  return best ? best.story : articleId;
}

/**
 * Keys, fingerprint, bands and story for one stored article row (inside the caller's transaction). An article
 * keeps its story once that story has other articles; alone (new, or edited while alone) it looks for one.
 */
export function indexIdentity(db: Database.Database, id: string, url: string | null, text: string): void {
  const hash = fingerprint(text);
  const prev = stmt(db, 'SELECT story_id FROM articles WHERE id = ?').get(id) as { story_id: string | null } | undefined;
  let story = prev?.story_id ?? null;
  const others = story ? (stmt(db, 'SELECT count(*) AS n FROM articles WHERE story_id = ? AND id != ?').get(story, id) as { n: number }).n : 0;
  if (!others) story = findStory(db, id, hash);
  stmt(db, 'DELETE FROM story_bands WHERE article_id = ?').run(id);
  stmt(db, 'UPDATE articles SET url_key = ?, key_version = ?, simhash = ?, story_id = ? WHERE id = ?').run(urlKey(url), URL_KEY_VERSION, hash, story, id);
  if (hash) {
    const ins = stmt(db, 'INSERT OR IGNORE INTO story_bands (band, article_id) VALUES (?, ?)');
    for (const b of bandKeys(hash)) ins.run(b, id);
  }
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
  const rows = stmt(db, 'SELECT id, url, text FROM articles ORDER BY rowid').all() as Array<{ id: string; url: string | null; text: string }>;
  for (const r of rows) indexIdentity(db, r.id, r.url, r.text);
}
