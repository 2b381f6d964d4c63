#!/usr/bin/env node
// npm run bench — what tapereader costs, measured in ONE run on the same input (run `npm run build` first).
//   1. analyze throughput against its floors: (a) analyze, (b) wink-nlp readDoc with no pipes (a tokenizer pass, the
//      floor), (c) compromise nlp() over whole articles; ratios a/b and c/a; per-article latency p50/p95.
//   2. ingest into SQLite + FTS5 through the CLI (`ingest --jobs 1` and `--jobs 2`), with the child's peak RSS.
//   3. search latency p50/p95 at BENCH_SCALE articles (synthetic: real analysed records whose text gets a paragraph
//      recombined from corpus sentences), and a CSV export of 100k+ rows with the exporting process's peak RSS.
// Input: the Reuters 2006-2013 sample and the 2026 full-text snapshot in ../shared/corpora, and ../shared/seeds
// (corpus/ alone when ../shared is absent).
// Env: BENCH_N articles for analyze and ingest (default 2000), BENCH_ROUNDS (default 3, medians reported),
//      BENCH_SCALE comma-separated store sizes for search (default 100000; 0 skips; 1000000 takes long to build),
//      BENCH_CACHE where synthetic stores and ingest inputs are kept between runs (default ~/.cache/tapereader-bench),
//      BENCH_SECTIONS which sections to run (default 1,2,3), BENCH_SHARED the shared folder (default ../shared),
//      BENCH_BUILD_ONLY=1 builds the synthetic stores of section 3 without measuring them.
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir, cpus, homedir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { analyze, openStore, writeCsv, articleFromText } from '../dist/index.js';
import { bandKeys, findStory, fingerprint, storyTime, urlKey, URL_KEY_VERSION } from '../dist/store/identity.js';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCALES = String(process.env.BENCH_SCALE ?? '100000').split(',').map(Number).filter((n) => n > 0);
const CACHE = process.env.BENCH_CACHE ?? join(homedir(), '.cache', 'tapereader-bench');
const BIN = new URL('../dist/cli/bin.js', import.meta.url).pathname;
const SHARED = process.env.BENCH_SHARED ? new URL(`file://${process.env.BENCH_SHARED.replace(/\/?$/, '/')}`) : new URL('../../shared/', import.meta.url);
const SECTIONS = new Set(String(process.env.BENCH_SECTIONS ?? '1,2,3').split(',').map(Number));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const jsonl = (rel) => gunzipSync(readFileSync(new URL(rel, SHARED))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const art = (uri, title, text) => ({ source: { kind: 'file', uri }, title: title ?? '', url: null, publishedAt: null, text: text ?? '' });

function loadInputs() {
  if (existsSync(new URL('corpora/reuters-financial-news-2006-2013/reuters_sample.jsonl.gz', SHARED))) {
    const reuters = jsonl('corpora/reuters-financial-news-2006-2013/reuters_sample.jsonl.gz').map((j) => art(j.id, j.title, j.body));
    const snap = jsonl('corpora/reuters-fulltext-rss-2026/reuters_items_dedup.jsonl.gz')
      .map((j, i) => art(`rss-2026-${i}`, j.title, j.content ?? j.description))
      .filter((a) => a.text.length > 200);
    const seedDir = new URL('seeds/', SHARED);
    const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).map((f) => articleFromText(readFileSync(new URL(f, seedDir), 'utf8'), { kind: 'file', uri: f }));
    return { name: 'Reuters 2006-2013 sample', main: reuters.slice(0, N), pool: reuters, extra: [['Reuters 2026 snapshot', snap], ['seeds', seeds]] };
  }
  const dir = new URL('../corpus/', import.meta.url);
  const arts = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => articleFromText(readFileSync(new URL(f, dir), 'utf8'), { kind: 'file', uri: f }));
  const main = Array.from({ length: N }, (_, i) => arts[i % arts.length]);
  return { name: 'corpus/ (../shared absent)', main, pool: arts, extra: [] };
}

function time(fn, rounds = ROUNDS) {
  const t = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const { name, main: articles, pool, extra } = loadInputs();
const bytes = articles.reduce((a, x) => a + Buffer.byteLength(x.text), 0);
const MB = bytes / 1e6;
let commit = '?';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('..', import.meta.url).pathname }).toString().trim();
} catch {}
console.log(`tapereader bench — ${new Date().toISOString().slice(0, 16)}Z, commit ${commit}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30)} GB`);
console.log(`input: ${articles.length} articles from ${name}, ${(bytes / 1024 / articles.length).toFixed(1)} KB mean, ${MB.toFixed(1)} MB; medians of ${ROUNDS} rounds\n`);

// ---- 1. analyze against its floors ---------------------------------------------------------------------------------
if (SECTIONS.has(1)) {
  for (const a of articles.slice(0, 50)) analyze(a); // warm-up
  const winkNLP = require('wink-nlp');
  const bare = winkNLP(require('wink-eng-lite-web-model'), []);
  const nlp = require('compromise');
  const row = (label, ms, n, mb) => console.log(`${label.padEnd(46)} ${fmt(n / (ms / 1000)).padStart(8)} articles/s ${(mb / (ms / 1000)).toFixed(2).padStart(7)} MB/s`);
  const tA = time(() => { for (const a of articles) analyze(a); });
  row('(a) analyze, whole pipeline', tA, articles.length, MB);
  const tB = time(() => { for (const a of articles) bare.readDoc(a.text); });
  row('(b) wink-nlp readDoc, no pipes (floor)', tB, articles.length, MB);
  const sample = articles.slice(0, Math.max(20, Math.floor(articles.length / 20)));
  const sampleMB = sample.reduce((x, a) => x + Buffer.byteLength(a.text), 0) / 1e6;
  const tCs = time(() => { for (const a of sample) nlp(a.text); });
  const tC = (tCs / sample.length) * articles.length;
  row(`(c) compromise nlp(), whole articles (${sample.length})`, tCs, sample.length, sampleMB);
  console.log(`ratios: a/b = ${(tA / tB).toFixed(2)} (analyze time over the tokenizer floor), c/a = ${(tC / tA).toFixed(1)}x (compromise over analyze)`);
  for (const [label, set] of extra) {
    const mb = set.reduce((x, a) => x + Buffer.byteLength(a.text), 0) / 1e6;
    row(`(a) analyze, ${label} (${set.length})`, time(() => { for (const a of set) analyze(a); }), set.length, mb);
}
const lat = articles.slice(0, 1000).map((a) => { const t0 = performance.now(); analyze(a); return performance.now() - t0; }).sort((x, y) => x - y);
console.log(`per-article latency (warm, one article in, record out): p50 ${pct(lat, 0.5).toFixed(2)} ms, p95 ${pct(lat, 0.95).toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(1)} ms\n`);
}

// ---- 2. ingest through the CLI ---------------------------------------------------------------------------------------
/** Run the CLI in a child under /usr/bin/time when present: wall ms, peak RSS MB, stdout. */
function cli(args) {
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = timed ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`tapereader ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const rss = timed ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
  return { ms, rss, out: r.stdout };
}

mkdirSync(CACHE, { recursive: true });
if (SECTIONS.has(2)) {
  const inputDir = join(CACHE, `articles-${articles.length}-${name.replace(/\W+/g, '-')}`);
  if (!existsSync(inputDir)) {
    const tmp = `${inputDir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    articles.forEach((a, i) => writeFileSync(join(tmp, `${String(i).padStart(6, '0')}.txt`), `${a.title}\n\n${a.text}\n`));
    renameSync(tmp, inputDir);
}
const work = mkdtempSync(join(tmpdir(), 'tapereader-bench-'));
try {
  for (const jobs of [1, 2]) {
    const r = cli(['ingest', inputDir, '--db', join(work, `ingest-${jobs}.db`), '--jobs', String(jobs)]);
    console.log(`ingest --jobs ${jobs}: ${fmt(articles.length / (r.ms / 1000)).padStart(6)} articles/s into SQLite + FTS5 (${articles.length} files, analysis included, process start included), peak RSS ${fmt(r.rss)} MB`);
  }
  const rerun = cli(['ingest', inputDir, '--db', join(work, 'ingest-2.db'), '--jobs', '2']);
  console.log(`  second run: ${rerun.out.trim()}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
}

// ---- 3. search and export at scale -----------------------------------------------------------------------------------
const sentences = [];
for (const a of pool.slice(0, 3000)) for (const s of a.text.split(/(?<=[.!?])\s+/)) if (s.length > 40 && s.length < 400) sentences.push(s);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

/**
 * The synthetic store of `scale` articles, built once and cached. Row i is base article i mod B (B = 2,000 real
 * Reuters articles, analysed) with its title numbered, a date spread over 2006-2025 that grows with i (as a live
 * ingest's does), and a paragraph of 4 corpus sentences appended to its text (so texts differ; the base's spans still
 * index into it). The B base rows go through Store.upsert, the normal write path. The others are replicated in SQL,
 * 20,000 a statement, into the same tables: the articles row (its record JSON the base's with the new id, hash,
 * title, date and text; the FTS trigger indexes it) and the extraction rows copied from the base row's under the new
 * id. One difference from an ingest: a replica carries no simhash and no story bands, and is its own story (what
 * the write path gives a text under 40 words). Fingerprinting 1M texts costs the write path, search never reads it,
 * and copies of one base article are dated 14+ days apart, beyond the 3-day story window, so they would be their
 * own stories anyway. Then: PRAGMA integrity_check, the FTS integrity-check, and a search that must find the last row.
 */
function buildStore(scale) {
  const path = join(CACHE, `search-${scale}.db`);
  if (existsSync(path)) return { path, built: false };
  const B = Math.min(2000, articles.length, scale);
  const tmp = `${path}.tmp`;
  const t0 = performance.now();
  const START = Date.UTC(2006, 0, 1) / 1000;
  const SPAN = 20 * 365 * 86_400;
  const S = sentences.length;
  // sentence j of row i's paragraph (the same formula in SQL below)
  const pick = (i, j) => (i * 7919 + j * 104_729 + ((i * j) % 9973)) % S;
  const paraOf = (i) => [0, 1, 2, 3].map((j) => sentences[pick(i, j)]).join(' ');
  let base = [];
  const rowOf = (i) => {
    const b = base[i % B];
    const publishedAt = new Date((START + Math.floor((i * SPAN) / scale)) * 1000).toISOString();
    return { ...b, id: i.toString(16).padStart(16, '0'), contentHash: ((i * 2654435761) % 2 ** 32).toString(16).padStart(16, '0'), title: `${b.title} (${i})`, publishedAt, text: `${b.text}\n\n${paraOf(i)}` };
  };
  // A build cut short (every 20,000 replicas are one transaction) resumes where it stopped.
  let resume = false;
  if (existsSync(tmp)) {
    const old = new Database(tmp, { readonly: true });
    resume = old.pragma('user_version', { simple: true }) > 0 && old.prepare('SELECT count(*) FROM articles').pluck().get() >= B;
    old.close();
  }
  if (!resume) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
    base = articles.slice(0, B).map((a) => analyze(a));
    const store = openStore(tmp);
    store.upsert(Array.from({ length: B }, (_, i) => rowOf(i)));
    store.close();
  }
  // the replicas: one writer, no fsync while building (a build cut short by anything but the process dying is thrown
  // away), a rollback journal on disk so a killed build resumes, WAL at the end
  const db = new Database(tmp);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // the base records back from their rows (row k holds base k with its number and paragraph added)
  base = db.prepare(`SELECT rowid - 1 AS k, title, text, record FROM articles WHERE rowid <= ${B} ORDER BY rowid`).all().map(({ k, title, text, record }) => {
    const tail = `\n\n${paraOf(k)}`;
    if (!title.endsWith(` (${k})`) || !text.endsWith(tail)) throw new Error(`synthetic store: row ${k + 1} of ${tmp} is not base article ${k}; delete the file`);
    return { ...JSON.parse(record), title: title.slice(0, -` (${k})`.length), text: text.slice(0, -tail.length) };
  });
  const { n: done, last } = db.prepare('SELECT count(*) AS n, max(rowid) AS last FROM articles').get();
  if (base.length !== B || done !== last) throw new Error(`synthetic store: ${tmp} holds ${done} rows up to rowid ${last}, ${base.length} of ${B} base rows; delete the file`);
  if (resume) process.stderr.write(`  resuming ${tmp} at ${fmt(done)} articles\n`);
  db.exec('CREATE TEMP TABLE sentence (k INTEGER PRIMARY KEY, s TEXT NOT NULL); CREATE TEMP TABLE base (k INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL)');
  const putS = db.prepare('INSERT INTO temp.sentence VALUES (?, ?)');
  sentences.forEach((x, k) => putS.run(k, x));
  // base article k is stored as row k (id k in hex)
  const putB = db.prepare('INSERT INTO temp.base VALUES (?, ?, ?, ?)');
  base.forEach((b, k) => putB.run(k, k.toString(16).padStart(16, '0'), b.title, b.text));
  db.exec('CREATE TEMP TABLE n (i INTEGER PRIMARY KEY, id TEXT NOT NULL, base_id TEXT NOT NULL, hash TEXT, title TEXT, published_at TEXT, text TEXT)');
  const sent = (j) => `(SELECT s FROM temp.sentence WHERE k = (s.i * 7919 + ${j} * 104729 + ((s.i * ${j}) % 9973)) % ${S})`;
  const fill = db.prepare(`
    WITH RECURSIVE s(i) AS (SELECT CAST(:from AS INTEGER) UNION ALL SELECT i + 1 FROM s WHERE i + 1 < :to)
    INSERT INTO temp.n SELECT s.i, printf('%016x', s.i), b.id, printf('%016x', (s.i * 2654435761) % 4294967296),
      b.title || ' (' || s.i || ')', strftime('%Y-%m-%dT%H:%M:%fZ', ${START} + (s.i * ${SPAN}) / CAST(:scale AS INTEGER), 'unixepoch'),
      b.text || char(10) || char(10) || ${sent(0)} || ' ' || ${sent(1)} || ' ' || ${sent(2)} || ' ' || ${sent(3)}
    FROM s JOIN temp.base b ON b.k = s.i % ${B}`);
  const put = db.prepare(`
    INSERT INTO articles (id, content_hash, schema_version, source_kind, source_uri, feed, title, url, published_at, ingested_at, updated_at, breadth, text, record, url_key, key_version, simhash, story_id)
    SELECT n.id, n.hash, a.schema_version, a.source_kind, a.source_uri, a.feed, n.title, a.url, n.published_at, :now, :now, a.breadth, n.text,
      json_set(a.record, '$.id', n.id, '$.contentHash', n.hash, '$.title', n.title, '$.publishedAt', n.published_at, '$.text', n.text),
      a.url_key, a.key_version, NULL, n.id
    FROM temp.n n JOIN articles a ON a.id = n.base_id ORDER BY n.i`);
  // extraction rows, per table in the order Store.write inserts them (article by article, item by item)
  const copies = Object.entries({
    tickers: 'symbol, name, kind, in_title, mentions, prominence',
    indices: 'index_id, name, mentions',
    levels: 'seq, index_name, value, kind, start, end, evidence, rule',
    moves: 'seq, subject, symbol, percent, direction, period, realized, start, end, evidence, rule',
    money: 'seq, amount, currency, metric, subject, start, end, evidence, rule',
    quotes: 'seq, text, speaker, title, organization, start, end, rule',
    tags: 'tag, score, rule, evidence_count',
  }).map(([table, cols]) => db.prepare(`INSERT INTO ${table} (article_id, ${cols}) SELECT n.id, ${cols.replace(/(^|, )/g, '$1x.')} FROM temp.n n JOIN ${table} x ON x.article_id = n.base_id ORDER BY n.i, x.rowid`));
  const now = new Date().toISOString();
  const stage = { text: 0, articles: 0, extractions: 0 };
  const timed = (k, fn) => {
    const t = performance.now();
    fn();
    stage[k] += performance.now() - t;
  };
  const chunk = db.transaction((from, to) => {
    timed('text', () => fill.run({ from, to, scale }));
    timed('articles', () => put.run({ now }));
    timed('extractions', () => copies.forEach((c) => c.run()));
    db.exec('DELETE FROM temp.n');
  });
  const STEP = 20_000;
  const t1 = performance.now();
  for (let i = done; i < scale; i += STEP) {
    const to = Math.min(scale, i + STEP);
    chunk(i, to);
    if (to % 100_000 < STEP || to === scale) process.stderr.write(`  built ${fmt(to)} of ${fmt(scale)} (replicas ${fmt((to - done) / ((performance.now() - t1) / 1000))}/s; s in ${Object.entries(stage).map(([k, v]) => `${k} ${fmt(v / 1000)}`).join(', ')})\n`);
  }
  // no FTS 'optimize' and no ANALYZE: the index stays as incremental ingest leaves it (automerged segments)
  const ok = db.prepare('PRAGMA integrity_check').pluck().all();
  if (ok.join() !== 'ok') throw new Error(`synthetic store: integrity_check says ${ok.slice(0, 5).join('; ')}`);
  db.exec(`INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`);
  db.pragma('journal_mode = WAL');
  db.close();
  const check = openStore(tmp);
  const want = rowOf(scale - 1);
  const found = check.search(`"(${scale - 1})"`, {}, 5).some((h) => h.id === want.id);
  const { story, ...rec } = check.get(want.id) ?? {};
  check.close();
  if (!found) throw new Error(`synthetic store: a search for the last row's title (${scale - 1}) did not find it`);
  if (JSON.stringify(rec) !== JSON.stringify(want) || story?.id !== want.id) throw new Error('synthetic store: the last row\'s record is not the one the JS formula makes');
  renameSync(tmp, path);
  for (const f of ['-wal', '-shm']) rmSync(`${tmp}${f}`, { force: true });
  return { path, built: true, ms: performance.now() - t0 };
}

const QUERIES = [
  ['ticker filter (AAPL)', undefined, { ticker: 'AAPL' }],
  ['tag + phrase', '"rate cut"', { tag: 'rate-cut-expectations' }],
  ['rare term', 'Kerkorian', {}],
  ['literal S&P 500', 'S&P 500', {}],
  ['most common word', 'said', {}],
  // a common word with a filter that few of its matches pass: the window is filled by reading matches newest first
  ['common word + ticker', 'said', { ticker: 'AAPL' }],
];
for (const scale of SECTIONS.has(3) ? SCALES : []) {
  const { path, built, ms } = buildStore(scale);
  if (built) console.log(`built ${fmt(scale)} synthetic articles in ${(ms / 1000).toFixed(0)} s (${fmt(scale / (ms / 1000))}/s), ${fmt(statSync(path).size / 1e9, 1)} GB, cached at ${path}`);
  if (process.env.BENCH_BUILD_ONLY) continue;
  const store = openStore(path);
  for (const [label, q, f] of QUERIES) {
    const ts = [];
    let hits = 0;
    for (let r = 0; r < 21; r++) {
      const t1 = performance.now();
      hits = store.search(q, f, 20).length;
      ts.push(performance.now() - t1);
    }
    ts.sort((x, y) => x - y);
    console.log(`search at ${fmt(scale)}: ${label.padEnd(22)} p50 ${ts[10].toFixed(1).padStart(6)} ms  p95 ${ts[19].toFixed(1).padStart(6)} ms  (${hits} hits, limit 20)`);
  }
  const sink = new Writable({ write(_c, _e, cb) { cb(); } });
  const t2 = performance.now();
  const n = await writeCsv(store.exportRows('moves'), sink);
  const tEx = performance.now() - t2;
  store.close();
  const ex = cli(['export', '--kind', 'moves', '--db', path, '--out', '/dev/null']);
  console.log(`export at ${fmt(scale)}: ${fmt(n)} move rows as CSV, ${fmt(n / (tEx / 1000))} rows/s in process; CLI export to a file: ${(ex.ms / 1000).toFixed(1)} s, peak RSS ${fmt(ex.rss)} MB\n`);
}
console.log(`bench process peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB`);
