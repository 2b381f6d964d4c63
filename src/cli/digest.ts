import type { Writable } from 'node:stream';
import { where, type Store } from '../store/index.js';
import { println, table } from './io.js';

export interface Digest {
  range: { since: string | null; until: string | null };
  articles: number;
  breadth: Record<string, number>;
  tags: Array<{ tag: string; articles: number; share: number; ids: string[] }>;
  movers: Array<{ subject: string; symbol: string | null; mentions: number; avgPercent: number; ids: string[] }>;
  tickers: Array<{ symbol: string; articles: number; ids: string[] }>;
  quoted: Array<{ speaker: string; organization: string | null; quotes: number; ids: string[] }>;
}

const TOP = 10;

/** What the stored articles say, with the article ids behind every line. */
export function digest(store: Store, range: { since?: string | undefined; until?: string | undefined } = {}): Digest {
  const db = store.db;
  const { sql: w, params } = where({ since: range.since, until: range.until });
  const ids = (s: string | null) => (s ? s.split(',').slice(0, 20) : []);
  const articles = (db.prepare(`SELECT count(*) AS n FROM articles a WHERE ${w}`).get(...params) as { n: number }).n;
  const breadth = Object.fromEntries(
    (db.prepare(`SELECT breadth AS k, count(*) AS n FROM articles a WHERE ${w} GROUP BY breadth ORDER BY n DESC`).all(...params) as { k: string; n: number }[]).map((r) => [r.k, r.n]),
  );
  const tags = (
    db.prepare(`SELECT t.tag, count(*) AS n, group_concat(a.id) AS ids FROM tags t JOIN articles a ON a.id = t.article_id WHERE ${w} GROUP BY t.tag ORDER BY n DESC, t.tag`).all(...params) as {
      tag: string;
      n: number;
      ids: string | null;
    }[]
  ).map((r) => ({ tag: r.tag, articles: r.n, share: articles ? r.n / articles : 0, ids: ids(r.ids) }));
  const movers = (
    db
      .prepare(
        `SELECT m.subject, m.symbol, count(*) AS n, avg(m.percent) AS avg, group_concat(DISTINCT a.id) AS ids FROM moves m JOIN articles a ON a.id = m.article_id
         WHERE ${w} AND m.realized = 1 GROUP BY m.subject, m.symbol ORDER BY n DESC, m.subject LIMIT ${TOP}`,
      )
      .all(...params) as { subject: string; symbol: string | null; n: number; avg: number; ids: string | null }[]
  ).map((r) => ({ subject: r.subject, symbol: r.symbol, mentions: r.n, avgPercent: Math.round(r.avg * 100) / 100, ids: ids(r.ids) }));
  const tickers = (
    db
      .prepare(`SELECT k.symbol, count(*) AS n, group_concat(a.id) AS ids FROM tickers k JOIN articles a ON a.id = k.article_id WHERE ${w} GROUP BY k.symbol ORDER BY n DESC, k.symbol LIMIT ${TOP}`)
      .all(...params) as { symbol: string; n: number; ids: string | null }[]
  ).map((r) => ({ symbol: r.symbol, articles: r.n, ids: ids(r.ids) }));
  const quoted = (
    db
      .prepare(
        `SELECT q.speaker, max(q.organization) AS org, count(*) AS n, group_concat(DISTINCT a.id) AS ids FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE ${w} AND q.speaker IS NOT NULL GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT ${TOP}`,
      )
      .all(...params) as { speaker: string; org: string | null; n: number; ids: string | null }[]
  ).map((r) => ({ speaker: r.speaker, organization: r.org, quotes: r.n, ids: ids(r.ids) }));
  return { range: { since: range.since ?? null, until: range.until ?? null }, articles, breadth, tags, movers, tickers, quoted };
}

export function printDigest(d: Digest, out: Writable): void {
  const short = (ids: string[]) => ids.slice(0, 3).map((i) => i.slice(0, 8)).join(' ') + (ids.length > 3 ? ` +${ids.length - 3}` : '');
  println(out, `Digest: ${d.articles} article(s)${d.range.since ? ` since ${d.range.since}` : ''}${d.range.until ? ` until ${d.range.until}` : ''}`);
  println(out, `Breadth: ${Object.entries(d.breadth).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}\n`);
  if (d.tags.length) println(out, `${table(d.tags.map((t) => [t.tag, t.articles, `${Math.round(t.share * 100)}%`, short(t.ids)]), ['narrative', 'articles', 'share', 'articles (ids)'])}\n`);
  if (d.movers.length)
    println(out, `${table(d.movers.map((m) => [m.symbol ?? m.subject, m.mentions, `${m.avgPercent > 0 ? '+' : ''}${m.avgPercent}%`, short(m.ids)]), ['top movers', 'moves', 'avg move', 'articles (ids)'])}\n`);
  if (d.tickers.length) println(out, `${table(d.tickers.map((t) => [t.symbol, t.articles, short(t.ids)]), ['most-mentioned', 'articles', 'articles (ids)'])}\n`);
  if (d.quoted.length) println(out, `${table(d.quoted.map((q) => [q.speaker, q.organization ?? '', q.quotes, short(q.ids)]), ['most quoted', 'organization', 'quotes', 'articles (ids)'])}\n`);
}
