// Polling subscribed feeds: fetch (conditional GET), parse, analyse what is new or changed, commit.
//
// Per feed, one poll is: a fetch through src/net (validators sent, per-host limit and backoff), a parse, the items
// whose feed-side content differs from the cursor analysed (optionally after fetching the linked page), and ONE
// store transaction with the items, search rows, cursor and validators. A failed fetch, an empty body, an HTML
// page or an unreadable document writes nothing but the failure and the time of the next attempt: every stored item
// stays, and the validators stay where they were.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { analyze, type AnalyzeOptions } from '../pipeline.js';
import { decodeText } from '../ingest/decode.js';
import { articleFromHtml } from '../ingest/html.js';
import type { Store, FeedRow, PolledItem } from '../store/index.js';
import { urlKey } from '../store/identity.js';
import type { Article } from '../types.js';
import { backoffDelayMs, FetchError, MAX_RETRY_AFTER_MS, type FetchOptions, type FetchResult, type HostScheduler } from '../net/index.js';
import { NotAFeed, parseFeedDocument } from './parse.js';

/** Feeds fetched at once (the scheduler also limits requests per host). */
export const FEED_CONCURRENCY = 4;
/** First retry after a failure waits up to this long; it doubles with each failure in a row, up to 6 hours. */
export const FEED_BACKOFF_BASE_MS = 5 * 60 * 1000;
/** With --fetch-articles, items with less text than this are fetched from their link. */
export const FULL_TEXT_MIN_CHARS = 400;
/** Linked pages fetched at once per feed. */
const ARTICLE_CONCURRENCY = 4;
const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export type FeedStatus = 'ok' | 'not-modified' | 'failed' | 'skipped';

export interface FeedPollResult {
  feed: Pick<FeedRow, 'id' | 'url' | 'name' | 'title'>;
  status: FeedStatus;
  new: number;
  updated: number;
  unchanged: number;
  /** items in the document */
  items: number;
  /** the lenient parser's reason, when the document was malformed but items were recovered */
  bozo: string | null;
  /** why the feed failed or was skipped */
  reason: string | null;
  /** when a failed or skipped feed will next be tried (ISO) */
  nextAttemptAt: string | null;
  /** linked pages fetched (--fetch-articles), and how many of those failed */
  pagesFetched: number;
  pagesFailed: number;
  ms: number;
}

export type PollPhase = 'fetching' | 'fetched' | 'parsed' | 'committed';

export interface PollDeps {
  fetch: (url: string, opts?: FetchOptions) => Promise<FetchResult>;
  scheduler: HostScheduler;
}

export interface PollOptions extends AnalyzeOptions {
  allowPrivate?: boolean;
  fetchArticles?: boolean;
  /** poll feeds that are backing off after failures too */
  force?: boolean;
  concurrency?: number;
  signal?: AbortSignal;
  now?: () => number;
  random?: () => number;
  /** each feed's result as soon as it is known (progress display) */
  onResult?: (r: FeedPollResult) => void;
  /** where a feed's poll is: for progress, and for tests that stop a process at a chosen moment */
  onPhase?: (feed: FeedRow, phase: PollPhase) => void;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const isHttp = (u: string) => /^https?:\/\//i.test(u);

/** Display name of a feed: the name given at `feed add`, else the feed's own title, else its URL. */
export const feedLabel = (f: Pick<FeedRow, 'url' | 'name' | 'title'>): string => f.name ?? f.title ?? f.url;

/** What the feed said about an item: a change here means the item must be analysed again. */
export const itemHash = (a: Article): string => sha(`${a.title}\u0000${a.text}\u0000${a.url ?? ''}\u0000${a.publishedAt ?? ''}`);

/** An item's key within its feed: its GUID, else its canonical link, else a hash of its title and date. */
export function itemKey(a: Article): string {
  const guid = a.guid?.trim();
  if (guid) return `g:${guid}`;
  const u = urlKey(a.url);
  if (u) return `u:${u}`;
  return `h:${sha(`${a.title}\u0000${a.publishedAt ?? ''}`)}`;
}

/** Run fn over items with at most n at once. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

const describe = (e: unknown): string => {
  if (e instanceof FetchError) {
    // the URL is already the feed's: say what happened
    const detail = e.message.startsWith(`${e.url}: `) ? e.message.slice(e.url.length + 2) : e.message;
    return `${e.code}: ${detail}`;
  }
  return e instanceof Error ? e.message : String(e);
};

interface Fetched {
  body: string;
  etag: string | null;
  lastModified: string | null;
}

/** A local file as a feed (tests, offline use): its size and modification time play the ETag. */
function readLocal(feed: FeedRow): Fetched | 'not-modified' {
  let st;
  try {
    st = statSync(feed.url);
  } catch {
    throw new NotAFeed('no such file');
  }
  if (!st.isFile()) throw new NotAFeed('not a regular file');
  const etag = `"file-${st.size}-${Math.floor(st.mtimeMs)}"`;
  if (feed.etag === etag) return 'not-modified';
  return { body: decodeText(readFileSync(feed.url), feed.url), etag, lastModified: st.mtime.toUTCString() };
}

async function pollOne(store: Store, feed: FeedRow, deps: PollDeps, o: PollOptions): Promise<FeedPollResult> {
  const now = o.now ?? Date.now;
  const t0 = now();
  const res: FeedPollResult = {
    feed: { id: feed.id, url: feed.url, name: feed.name, title: feed.title },
    status: 'ok',
    new: 0,
    updated: 0,
    unchanged: 0,
    items: 0,
    bozo: null,
    reason: null,
    nextAttemptAt: null,
    pagesFetched: 0,
    pagesFailed: 0,
    ms: 0,
  };
  const done = (r: FeedPollResult) => ((r.ms = now() - t0), r);
  if (!o.force && feed.nextAttemptAt && Date.parse(feed.nextAttemptAt) > t0) {
    return done({ ...res, status: 'skipped', reason: `backing off after ${feed.failures} failure(s)${feed.lastError ? ` (${feed.lastError})` : ''}`, nextAttemptAt: feed.nextAttemptAt });
  }
  const fail = (e: unknown): FeedPollResult => {
    const reason = describe(e);
    const failures = feed.failures + 1;
    const wait =
      e instanceof FetchError && e.retryAfterMs !== undefined
        ? Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS)
        : Math.max(1000, backoffDelayMs(failures, { baseDelayMs: FEED_BACKOFF_BASE_MS, maxDelayMs: MAX_RETRY_AFTER_MS, random: o.random ?? Math.random }));
    const next = new Date(now() + wait).toISOString();
    store.feedFailed(feed.id, reason, next, new Date(now()).toISOString());
    return done({ ...res, status: 'failed', reason, nextAttemptAt: next });
  };

  // 1. fetch
  o.onPhase?.(feed, 'fetching');
  let got: Fetched | 'not-modified';
  try {
    if (isHttp(feed.url)) {
      const r = await deps.scheduler.run(feed.url, () =>
        deps.fetch(feed.url, { etag: feed.etag, lastModified: feed.lastModified, allowPrivate: !!o.allowPrivate, accept: FEED_ACCEPT, ...(o.signal ? { signal: o.signal } : {}) }),
      );
      got = r.status === 'not-modified' ? 'not-modified' : { body: r.body, etag: r.etag, lastModified: r.lastModified };
    } else got = readLocal(feed);
  } catch (e) {
    // the host is backing off (Retry-After or failures of another feed on it): not this feed's failure
    if (e instanceof FetchError && e.code === 'aborted') return done({ ...res, status: 'skipped', reason: 'aborted (stopping)' });
    if (e instanceof FetchError && e.code === 'backoff') {
      const next = new Date(now() + (e.retryAfterMs ?? 0)).toISOString();
      return done({ ...res, status: 'skipped', reason: `the host is backing off (${describe(e)})`, nextAttemptAt: next });
    }
    return fail(e);
  }
  o.onPhase?.(feed, 'fetched');
  if (got === 'not-modified') {
    store.feedNotModified(feed.id, new Date(now()).toISOString());
    return done({ ...res, status: 'not-modified' });
  }

  // 2. parse: an empty body, an HTML page or an unreadable document fails the feed and keeps what is stored
  let parsed;
  try {
    parsed = await parseFeedDocument(got.body, feed.url);
  } catch (e) {
    return fail(e);
  }
  res.items = parsed.items.length;
  res.feed.title = parsed.title ?? feed.title;
  res.bozo = parsed.bozo?.reason ?? null;
  o.onPhase?.(feed, 'parsed');

  // 3. what changed since the last poll (by the cursor), analysed
  const seen = new Set<string>();
  const keyed: Array<{ key: string; article: Article }> = [];
  for (const a of parsed.items) {
    let key = itemKey(a);
    // a GUID used twice in one document (D3): the second item is told apart by its link or title and date
    if (seen.has(key)) key = `${key}\u0000${urlKey(a.url) ?? sha(`${a.title}\u0000${a.publishedAt ?? ''}`)}`;
    if (seen.has(key)) {
      res.unchanged++;
      continue;
    }
    seen.add(key);
    keyed.push({ key, article: a });
  }
  const cursor = store.feedCursor(feed.id, seen);
  const todo: Array<{ key: string; hash: string; article: Article }> = [];
  for (const { key, article: a } of keyed) {
    const hash = itemHash(a);
    if (cursor.get(key) === hash) {
      res.unchanged++;
      continue;
    }
    todo.push({ key, hash, article: a });
  }
  if (o.fetchArticles) {
    const thin = todo.filter((t) => t.article.text.length < FULL_TEXT_MIN_CHARS && t.article.url && isHttp(t.article.url));
    await pool(thin, ARTICLE_CONCURRENCY, async (t) => {
      const link = t.article.url!;
      try {
        const r = await deps.scheduler.run(link, () => deps.fetch(link, { allowPrivate: !!o.allowPrivate, accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5', ...(o.signal ? { signal: o.signal } : {}) }));
        if (r.status !== 'ok') return;
        res.pagesFetched++;
        const page = articleFromHtml(r.body, { kind: 'url', uri: r.finalUrl });
        if (page.text.length > t.article.text.length) {
          t.article = { ...t.article, text: page.text, diagnostics: [...(t.article.diagnostics ?? []), ...(page.diagnostics ?? []), { rule: 'feeds/fetched-article', message: `text from the linked page ${r.finalUrl}`, severity: 'info' }] };
        }
      } catch (e) {
        if (!(e instanceof FetchError)) throw e;
        res.pagesFailed++;
        t.article = { ...t.article, diagnostics: [...(t.article.diagnostics ?? []), { rule: 'feeds/fetch-article-failed', message: `could not fetch ${link}: ${describe(e)}`, severity: 'warning' }] };
        // the next poll tries the page again: the cursor must not match
        t.hash = `retry-${t.hash}`;
      }
    });
  }
  const items: PolledItem[] = todo.map((t) => ({ key: t.key, itemHash: t.hash, record: analyze(t.article, o) }));

  // 4. one transaction: items, search rows, cursor, validators (kept as they were when the parse was lenient, so
  // the next poll fetches the whole document again)
  const outcomes = store.commitPoll(feed.id, {
    feedUrl: feed.url,
    items,
    title: parsed.title,
    validators: parsed.bozo ? null : { etag: got.etag, lastModified: got.lastModified },
    status: parsed.bozo ? `bozo: ${parsed.bozo.reason}` : 'ok',
    now: new Date(now()).toISOString(),
  });
  for (const x of outcomes) res[x]++;
  o.onPhase?.(feed, 'committed');
  return done(res);
}

/** Poll these feeds (several at once); one result per feed, in the order given. */
export async function pollFeeds(store: Store, feeds: FeedRow[], deps: PollDeps, o: PollOptions = {}): Promise<FeedPollResult[]> {
  const results: FeedPollResult[] = new Array(feeds.length);
  const order = feeds.map((f, i) => ({ f, i }));
  await pool(order, o.concurrency ?? FEED_CONCURRENCY, async ({ f, i }) => {
    let r: FeedPollResult;
    try {
      r = await pollOne(store, f, deps, o);
    } catch (e) {
      // analysis or storage failed for this feed: its transaction rolled back, the other feeds go on
      const reason = `internal error: ${e instanceof Error ? e.message : String(e)}`;
      try {
        store.feedFailed(f.id, reason, null);
      } catch {
        /* the store itself is failing: the result below still reports it */
      }
      r = { feed: { id: f.id, url: f.url, name: f.name, title: f.title }, status: 'failed', new: 0, updated: 0, unchanged: 0, items: 0, bozo: null, reason, nextAttemptAt: null, pagesFetched: 0, pagesFailed: 0, ms: 0 };
    }
    results[i] = r;
    o.onResult?.(r);
  });
  return results;
}

/** One line per feed, for people. */
export function summaryLine(r: FeedPollResult): string {
  const name = feedLabel(r.feed);
  switch (r.status) {
    case 'ok':
      return `${name}: ${r.new} new, ${r.updated} updated, ${r.unchanged} unchanged${r.bozo ? ` (malformed feed, recovered: ${r.bozo})` : ''}${r.pagesFailed ? `; ${r.pagesFailed} linked page(s) failed` : ''}`;
    case 'not-modified':
      return `${name}: not modified`;
    case 'skipped':
      return `${name}: skipped until ${r.nextAttemptAt}: ${r.reason}`;
    case 'failed':
      return `${name}: failed: ${r.reason}; stored items kept, next try after ${r.nextAttemptAt}`;
  }
}
