// Replay of a real feed's history through `feed poll` (measurement, not part of npm test; needs ../shared and dist/).
//
// ../shared/corpora/reuters-fulltext-rss-2026/reuters_items_dedup.jsonl.gz holds the 2,083 distinct stories of 350
// versions of a Reuters full-text RSS feed (the latest 500 stories each time), with the commit that first showed
// each. A loopback server serves the feed as it stood after each of those commits (its 500 newest stories), with an
// ETag per version; the poller polls twice per version (the second poll must be a 304). Reported: articles stored,
// new per poll against stories first seen in that version, duplicates, FTS rows, story clusters, poll times.
//   npm run build && node test/feeds/replay.mjs [--versions N] [--db PATH]
import { createServer } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../reliability/harness.mjs';

const { values: o } = parseArgs({ options: { versions: { type: 'string', default: '0' }, db: { type: 'string', default: '/tmp/tapereader-replay.db' } } });
const SRC = join(ROOT, '..', 'shared', 'corpora', 'reuters-fulltext-rss-2026', 'reuters_items_dedup.jsonl.gz');
const { openStore } = await import(join(ROOT, 'dist', 'store', 'index.js'));
const { pollFeeds } = await import(join(ROOT, 'dist', 'feeds', 'poll.js'));
const { fetchResource, HostScheduler } = await import(join(ROOT, 'dist', 'net', 'index.js'));

const rows = gunzipSync(readFileSync(SRC))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const commits = [...new Map(rows.map((r) => [r.first_seen_commit, r.commit_date])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
const limit = Number(o.versions) || commits.length;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// the feed's newest 500 as of a version: by the version that first showed a story (commit dates are whole days, so
// the commit's position in the history), then by publication time
const position = new Map(commits.map(([c], i) => [c, i]));
const order = (a, b) => position.get(a.first_seen_commit) - position.get(b.first_seen_commit) || Date.parse(a.pubDate) - Date.parse(b.pubDate);

let current = { etag: '"none"', body: '' };
const server = createServer((req, res) => {
  if (req.headers['if-none-match'] === current.etag) {
    res.writeHead(304, { etag: current.etag });
    return res.end();
  }
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: current.etag });
  res.end(current.body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/reuters.xml`;

for (const s of ['', '-wal', '-shm']) rmSync(o.db + s, { force: true });
const store = openStore(o.db);
store.addFeed(url, 'reuters');
const deps = { fetch: fetchResource, scheduler: new HostScheduler() };
const seen = [];
const out = { versions: 0, polls: 0, notModified: 0, newTotal: 0, updatedTotal: 0, newMismatch: 0, pollMs: [], firstSeenStories: 0 };
for (const [commit, date] of commits.slice(0, limit)) {
  const fresh = rows.filter((r) => r.first_seen_commit === commit);
  seen.push(...fresh);
  out.firstSeenStories += fresh.length;
  const window = [...seen].sort(order).slice(-500).reverse();
  const items = window
    .map((r) => `<item><title>${esc(r.title)}</title><link>${esc(r.link)}</link><pubDate>${r.pubDate}</pubDate><description>${esc(r.description)}</description></item>`)
    .join('\n');
  current = { etag: `"${commit}"`, body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Reuters</title><link>https://www.reuters.com/</link>${items}</channel></rss>` };
  out.versions++;
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const [r] = await pollFeeds(store, store.listFeeds(), deps, { allowPrivate: true });
    const ms = performance.now() - t0;
    out.polls++;
    if (r.status === 'not-modified') out.notModified++;
    else if (r.status !== 'ok') throw new Error(`poll failed at ${commit}: ${r.reason}`);
    if (k === 0) {
      out.pollMs.push(ms);
      out.newTotal += r.new;
      out.updatedTotal += r.updated;
      if (r.new !== fresh.length) out.newMismatch++;
    }
  }
  if (out.versions % 20 === 0) process.stderr.write(`${out.versions}/${limit} versions, ${out.newTotal} new\n`);
}
const q = (sql) => store.db.prepare(sql).get();
const sorted = [...out.pollMs].sort((a, b) => a - b);
const pct = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
const clusters = store.db.prepare('SELECT story_id, count(*) AS n FROM articles GROUP BY story_id HAVING n > 1').all();
const summary = {
  versions: out.versions,
  polls: out.polls,
  notModified: out.notModified,
  storiesFirstSeen: out.firstSeenStories,
  articles: q('SELECT count(*) AS n FROM articles').n,
  distinctUrlKeys: q('SELECT count(DISTINCT url_key) AS n FROM articles').n,
  ftsRows: q('SELECT count(*) AS n FROM articles_fts').n,
  newTotal: out.newTotal,
  updatedTotal: out.updatedTotal,
  versionsWhereNewDiffersFromFirstSeen: out.newMismatch,
  storyClusters: clusters.length,
  articlesInClusters: clusters.reduce((a, c) => a + c.n, 0),
  largestCluster: Math.max(0, ...clusters.map((c) => c.n)),
  pollMs: { p50: pct(0.5), p95: pct(0.95), max: Math.round(sorted.at(-1) ?? 0) },
  integrity: store.db.pragma('integrity_check', { simple: true }),
};
store.db.exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')");
store.close();
server.close();
console.log(JSON.stringify(summary, null, 2));
