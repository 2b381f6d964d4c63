// `tapereader feed add | list | remove | poll`: feed subscriptions and polling (src/feeds/poll.ts does the work).
// The HTTP layer and the analysis (src/feeds/poll.ts loads the whole pipeline) are imported by the actions that use
// them, so that the other commands, and `--help`, start without them.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { FeedExists, openStore, type FeedRow, type Store } from '../store/index.js';
import type { FeedPollResult } from '../feeds/poll.js';
import { EXIT, println, table } from './io.js';
import { UsageError, dbOption, parseWith, type CommandContext } from './common.js';

/** Durations like 30s, 15m, 1h (1 second to 24 hours). */
export const Interval = z
  .string()
  .regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'expected a duration like 30s, 15m or 1h')
  .transform((s) => {
    const [, n, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s)!;
    return Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  })
  .refine((ms) => ms >= 1000 && ms <= 86_400_000, 'the interval must be between 1s and 24h');

/**
 * A feed address as given to `feed add`: an http(s) URL (normalised by the URL parser: lower-case scheme and host,
 * default port dropped), or a local file path (for tests and offline use), stored absolute.
 */
export function feedAddress(raw: string, cwd: string): string {
  const s = raw.trim();
  if (!s) throw new UsageError('feed address is empty');
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new UsageError(`${raw}: not a valid URL`);
    }
    if (u.protocol === 'file:') return feedAddress(decodeURIComponent(u.pathname), cwd);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${raw}: only http and https feeds can be polled (or a local file path)`);
    if (!u.hostname) throw new UsageError(`${raw}: the URL has no host`);
    if (u.username || u.password) throw new UsageError(`${raw}: URLs with a user name or password are not accepted (they would be stored and shown in clear)`);
    return u.href;
  }
  const p = resolve(cwd, s);
  if (!existsSync(p)) throw new UsageError(`${raw}: no such file (a feed is an http(s) URL or a local file path)`);
  if (!statSync(p).isFile()) throw new UsageError(`${raw}: not a regular file`);
  return p;
}

function findOrFail(store: Store, what: string, cwd: string): FeedRow {
  let f = store.findFeed(what);
  if (!f) {
    try {
      f = store.findFeed(feedAddress(what, cwd));
    } catch {
      /* not an address either */
    }
  }
  if (!f) throw new UsageError(`no feed with URL or name ${JSON.stringify(what)} (see tapereader feed list)`);
  return f;
}

const ago = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 19) : 'never');

export function register({ program, io, setExit }: CommandContext): void {
  const feed = program.command('feed').description('feed subscriptions: add, list, remove, poll');
  const withDb = <T>(dbPath: string, fn: (s: Store) => T): T => {
    const store = openStore(resolve(io.cwd, dbPath));
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };

  dbOption(
    feed
      .command('add')
      .description('subscribe to a feed (RSS, Atom or JSON Feed): an http(s) URL, or a local file path')
      .argument('<url>', 'feed URL (or file path)')
      .option('--name <name>', 'a short name to show and to refer to the feed by'),
    io,
  ).action((url: string, o: { db: string; name?: string }) => {
    const address = feedAddress(url, io.cwd);
    const name = o.name?.trim() || null;
    if (o.name !== undefined && !name) throw new UsageError('--name: the name is empty');
    const row = withDb(o.db, (s) => {
      try {
        return s.addFeed(address, name);
      } catch (e) {
        if (e instanceof FeedExists) throw new UsageError(e.message);
        throw e;
      }
    });
    println(io.stdout, `added feed ${row.id}: ${address}${name ? ` as ${JSON.stringify(name)}` : ''}`);
  });

  dbOption(feed.command('list').description('subscribed feeds with their last poll').option('--json', 'JSON Lines output'), io).action((o: { db: string; json?: boolean }) => {
    const feeds = withDb(o.db, (s) => s.listFeeds());
    if (o.json) return feeds.forEach((f) => println(io.stdout, JSON.stringify(f)));
    if (!feeds.length) return println(io.stdout, 'no feeds: add one with `tapereader feed add URL`');
    // the URL goes last and whole (table() shortens long cells): it is what `feed remove` takes
    const lines = table(
      feeds.map((f) => [
        f.id,
        f.name ?? f.title ?? '',
        f.articles,
        ago(f.lastChecked),
        f.lastStatus === 'failed' ? `failed x${f.failures}: ${f.lastError ?? ''}` : (f.lastStatus ?? ''),
        f.nextAttemptAt ? ago(f.nextAttemptAt) : '',
      ]),
      ['id', 'name', 'articles', 'last checked (UTC)', 'status', 'next try'],
    ).split('\n');
    const widths = lines.map((l) => l.length);
    const w = Math.max(...widths);
    const urls = ['url', '---', ...feeds.map((f) => f.url)];
    println(io.stdout, lines.map((l, i) => `${l.padEnd(w)}  ${urls[i]}`).join('\n'));
  });

  dbOption(feed.command('remove').description('unsubscribe (the articles it brought stay stored)').argument('<feed>', 'feed URL or name'), io).action(async (what: string, o: { db: string }) => {
    const { feedLabel } = await import('../feeds/poll.js');
    const f = withDb(o.db, (s) => {
      const row = findOrFail(s, what, io.cwd);
      s.removeFeed(row.id);
      return row;
    });
    println(io.stdout, `removed feed ${feedLabel(f)}${f.name ? ` (${f.url})` : ''}; its ${f.articles} article(s) stay stored`);
  });

  dbOption(
    feed
      .command('poll')
      .description('fetch subscribed feeds and store what is new or changed (conditional GET; one transaction per feed)')
      .argument('[feeds...]', 'only these feeds (URL or name); default all')
      .option('--watch', 'poll again every --interval until SIGINT/SIGTERM (the poll under way is finished first)')
      .option('--interval <duration>', 'time between polls with --watch (30s, 15m, 1h)', parseWith(Interval, '--interval'), 15 * 60_000)
      .option('--fetch-articles', 'for items without full text, fetch the linked page and extract its article text')
      .option('--allow-private', 'allow feeds on private, loopback and link-local addresses (local servers)')
      .option('--force', 'also poll feeds that are backing off after failures (ignores Retry-After)')
      .option('--json', 'one JSON line per feed result'),
    io,
  ).action(async (names: string[], o: { db: string; watch?: boolean; interval: number; fetchArticles?: boolean; allowPrivate?: boolean; force?: boolean; json?: boolean }) => {
    const [{ feedLabel, pollFeeds, summaryLine }, { fetchResource, HostScheduler }, { progress }] = await Promise.all([
      import('../feeds/poll.js'),
      import('../net/index.js'),
      import('./progress.js'),
    ]);
    const store = openStore(resolve(io.cwd, o.db));
    const scheduler = new HostScheduler();
    const abort = new AbortController();
    let stopping = false;
    let wake: (() => void) | null = null;
    const onSignal = () => {
      if (stopping) abort.abort(); // a second signal: stop the requests under way too
      stopping = true;
      println(io.stderr, abort.signal.aborted ? 'tapereader: stopping now' : 'tapereader: stopping after the poll under way (signal again to stop at once)');
      wake?.();
    };
    if (o.watch) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    try {
      for (;;) {
        const all = store.listFeeds();
        const feeds = names.length ? names.map((n) => findOrFail(store, n, io.cwd)) : all;
        if (!feeds.length) {
          println(io.stdout, 'no feeds: add one with `tapereader feed add URL`');
          setExit(EXIT.ok);
        } else {
          const bar = progress(io, feeds.length, 'poll');
          const results = await pollFeeds(
            store,
            feeds,
            { fetch: fetchResource, scheduler },
            { allowPrivate: !!o.allowPrivate, fetchArticles: !!o.fetchArticles, force: !!o.force, signal: abort.signal, onResult: (r) => bar.tick(feedLabel(r.feed)) },
          );
          bar.stop();
          report(results);
        }
        if (!o.watch || stopping) break;
        await new Promise<void>((done) => {
          const t = setTimeout(done, o.interval);
          wake = () => {
            clearTimeout(t);
            done();
          };
        });
        wake = null;
        if (stopping) break;
      }
    } finally {
      if (o.watch) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      scheduler.close();
      store.close();
    }

    function report(results: FeedPollResult[]): void {
      for (const r of results) {
        if (o.json) println(io.stdout, JSON.stringify(r));
        else println(io.stdout, summaryLine(r));
      }
      const n = (s: FeedPollResult['status']) => results.filter((r) => r.status === s).length;
      const sum = (k: 'new' | 'updated' | 'unchanged') => results.reduce((a, r) => a + r[k], 0);
      if (!o.json)
        println(
          io.stdout,
          `polled ${results.length} feed(s)${o.watch ? ` at ${new Date().toISOString()}` : ''}: ${sum('new')} new, ${sum('updated')} updated, ${sum('unchanged')} unchanged; ` +
            `${n('ok')} ok, ${n('not-modified')} not modified, ${n('failed')} failed, ${n('skipped')} skipped`,
        );
      const failed = n('failed');
      setExit(failed === 0 ? EXIT.ok : failed === results.length ? EXIT.usage : EXIT.partial);
    }
  });
}
