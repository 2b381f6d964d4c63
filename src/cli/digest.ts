import type { Writable } from 'node:stream';
import { Option } from 'commander';
import { where, type Store } from '../store/index.js';
import { writeCsv } from '../store/csv.js';
import { TAGS } from '../types.js';
import { IsoDay, dbOption, parseWith, withStore, type CommandContext } from './common.js';
import { println, table } from './io.js';

export type Period = 'day' | 'week';

/** One period of the time series: how many articles, their breadth labels, and the share carrying each tag. */
export interface DigestPoint {
  /** the day (YYYY-MM-DD), or the Monday that starts the ISO week */
  period: string;
  articles: number;
  breadth: { narrow: number; broadening: number; mixed: number; none: number };
  tags: Record<string, { articles: number; share: number; ids: string[] }>;
  ids: string[];
}

export interface Digest {
  range: { since: string | null; until: string | null };
  articles: number;
  breadth: Record<string, number>;
  tags: Array<{ tag: string; articles: number; share: number; ids: string[] }>;
  movers: Array<{ subject: string; symbol: string | null; mentions: number; avgPercent: number; ids: string[] }>;
  tickers: Array<{ symbol: string; articles: number; ids: string[] }>;
  quoted: Array<{ speaker: string; organization: string | null; quotes: number; ids: string[] }>;
  /** organisations whose people are quoted most */
  firms: Array<{ organization: string; quotes: number; speakers: number; ids: string[] }>;
  /** present with `by`: one point per period that has articles, oldest first */
  series?: { by: Period; points: DigestPoint[] };
}

const TOP = 10;

/** What the stored articles say, with the article ids behind every line. */
export function digest(store: Store, range: { since?: string | undefined; until?: string | undefined; by?: Period | undefined } = {}): Digest {
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
  const firms = (
    db
      .prepare(
        `SELECT q.organization AS org, count(*) AS n, count(DISTINCT q.speaker) AS speakers, group_concat(DISTINCT a.id) AS ids FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE ${w} AND q.organization IS NOT NULL GROUP BY q.organization ORDER BY n DESC, q.organization LIMIT ${TOP}`,
      )
      .all(...params) as { org: string; n: number; speakers: number; ids: string | null }[]
  ).map((r) => ({ organization: r.org, quotes: r.n, speakers: r.speakers, ids: ids(r.ids) }));
  const out: Digest = { range: { since: range.since ?? null, until: range.until ?? null }, articles, breadth, tags, movers, tickers, quoted, firms };
  if (range.by) out.series = { by: range.by, points: series(store, w, params, range.by) };
  return out;
}

/** The SQL for an article's period: its publication (else ingestion) day, or the Monday of that ISO week. */
function periodSql(by: Period): string {
  const at = 'coalesce(a.published_at, a.ingested_at)';
  return by === 'day' ? `date(${at})` : `date(${at}, 'weekday 0', '-6 days')`;
}

function series(store: Store, w: string, params: unknown[], by: Period): DigestPoint[] {
  const p = periodSql(by);
  const points = new Map<string, DigestPoint>();
  const rows = store.db.prepare(`SELECT ${p} AS period, a.id, a.breadth FROM articles a WHERE ${w} ORDER BY period, a.id`).all(...params) as { period: string | null; id: string; breadth: keyof DigestPoint['breadth'] }[];
  for (const r of rows) {
    const key = r.period ?? 'undated';
    let pt = points.get(key);
    if (!pt) points.set(key, (pt = { period: key, articles: 0, breadth: { narrow: 0, broadening: 0, mixed: 0, none: 0 }, tags: {}, ids: [] }));
    pt.articles++;
    pt.breadth[r.breadth]++;
    pt.ids.push(r.id);
  }
  const tagRows = store.db
    .prepare(`SELECT ${p} AS period, t.tag, a.id FROM tags t JOIN articles a ON a.id = t.article_id WHERE ${w} ORDER BY period, t.tag, a.id`)
    .all(...params) as { period: string | null; tag: string; id: string }[];
  for (const r of tagRows) {
    const pt = points.get(r.period ?? 'undated')!;
    const t = (pt.tags[r.tag] ??= { articles: 0, share: 0, ids: [] });
    t.articles++;
    t.ids.push(r.id);
  }
  for (const pt of points.values()) for (const t of Object.values(pt.tags)) t.share = t.articles / pt.articles;
  return [...points.values()];
}

/** The time series as CSV rows: one per period; a column of counts and of shares per breadth label and per tag. */
export function* seriesRows(d: Digest): Generator<Record<string, string | number>> {
  const points = d.series?.points ?? [];
  const tags = [...new Set([...TAGS, ...points.flatMap((p) => Object.keys(p.tags))])];
  const round = (x: number) => Math.round(x * 10000) / 10000;
  for (const p of points) {
    const row: Record<string, string | number> = { period: p.period, by: d.series!.by, articles: p.articles };
    for (const [label, n] of Object.entries(p.breadth)) {
      row[`breadth_${label}`] = n;
      row[`breadth_${label}_share`] = round(n / p.articles);
    }
    for (const t of tags) {
      row[`${t}`] = p.tags[t]?.articles ?? 0;
      row[`${t}_share`] = round(p.tags[t]?.share ?? 0);
    }
    row['article_ids'] = p.ids.join(' ');
    yield row;
  }
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
  if (d.firms.length) println(out, `${table(d.firms.map((f) => [f.organization, f.quotes, f.speakers, short(f.ids)]), ['most quoted firms', 'quotes', 'people', 'articles (ids)'])}\n`);
  if (d.series?.points.length) {
    const pctOf = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '-');
    const rows = d.series.points.map((p) => [
      p.period,
      p.articles,
      pctOf(p.breadth.narrow, p.articles),
      pctOf(p.breadth.broadening, p.articles),
      pctOf(p.tags['rate-cut-expectations']?.articles ?? 0, p.articles),
      Object.entries(p.tags)
        .filter(([t]) => !['narrow-rally', 'broadening-rally', 'rate-cut-expectations'].includes(t))
        .sort((a, b) => b[1].articles - a[1].articles)
        .slice(0, 3)
        .map(([t, v]) => `${t} ${v.articles}`)
        .join(', '),
      short(p.ids),
    ]);
    println(out, `${table(rows, [d.series.by === 'day' ? 'day' : 'week of', 'articles', 'narrow', 'broadening', 'rate cuts', 'other narratives', 'articles (ids)'])}\n`);
  }
}

export function register({ program, io }: CommandContext): void {
  dbOption(
    program
      .command('digest')
      .description('what the stored articles say: narratives (over time with --by), breadth, top movers, most-quoted people and firms')
      .option('--since <date>', 'from (YYYY-MM-DD)', parseWith(IsoDay, '--since'))
      .option('--until <date>', 'to (YYYY-MM-DD)', parseWith(IsoDay, '--until'))
      .addOption(new Option('--by <period>', 'a time series of narrative shares by day or week').choices(['day', 'week']))
      .addOption(new Option('--format <format>', 'text, json, or csv (the time series; --by defaults to day)').choices(['text', 'json', 'csv']).default('text'))
      .option('--json', 'same as --format json'),
    io,
  ).action(async (o: { db: string; since?: string; until?: string; by?: Period; format: string; json?: boolean }) => {
    const format = o.json ? 'json' : o.format;
    const by = o.by ?? (format === 'csv' ? 'day' : undefined);
    const d = withStore(io, o.db, (s) => digest(s, { since: o.since, until: o.until, by }));
    if (format === 'json') println(io.stdout, JSON.stringify(d, null, 2));
    else if (format === 'csv') await writeCsv(seriesRows(d), io.stdout);
    else printDigest(d, io.stdout);
  });
}
