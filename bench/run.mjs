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
//      BENCH_CACHE where synthetic stores and ingest inputs are kept between runs (default ~/.cache/tapereader-bench).
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir, cpus, homedir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { analyze, openStore, writeCsv, articleFromText } from '../dist/index.js';

const require = createRequire(import.meta.url);
const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCALES = String(process.env.BENCH_SCALE ?? '100000').split(',').map(Number).filter((n) => n > 0);
const CACHE = process.env.BENCH_CACHE ?? join(homedir(), '.cache', 'tapereader-bench');
const BIN = new URL('../dist/cli/bin.js', import.meta.url).pathname;
const SHARED = new URL('../../shared/', import.meta.url);
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

// ---- 3. search and export at scale -----------------------------------------------------------------------------------
const sentences = [];
for (const a of pool.slice(0, 3000)) for (const s of a.text.split(/(?<=[.!?])\s+/)) if (s.length > 40 && s.length < 400) sentences.push(s);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

function buildStore(scale) {
  const path = join(CACHE, `search-${scale}.db`);
  if (existsSync(path)) return { path, built: false };
  const base = articles.slice(0, 2000).map((a) => analyze(a));
  const tmp = `${path}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const store = openStore(tmp);
  const t0 = performance.now();
  let batch = [];
  for (let i = 0; i < scale; i++) {
    const b = base[i % base.length];
    const para = Array.from({ length: 4 }, () => sentences[Math.floor(rand() * sentences.length)]).join(' ');
    const day = new Date(Date.UTC(2006, 0, 1) + (i % 3000) * 86400000).toISOString();
    batch.push({ ...b, id: i.toString(16).padStart(16, '0'), contentHash: (i * 2654435761 % 2 ** 32).toString(16).padStart(16, '0'), title: `${b.title} (${i})`, publishedAt: day, text: `${b.text}\n\n${para}` });
    if (batch.length === 1000) {
      store.upsert(batch);
      batch = [];
      if (i % 50000 === 49999) process.stderr.write(`  built ${i + 1} of ${scale} (${fmt((i + 1) / ((performance.now() - t0) / 1000))}/s)\n`);
    }
  }
  if (batch.length) store.upsert(batch);
  store.close();
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
];
for (const scale of SCALES) {
  const { path, built, ms } = buildStore(scale);
  if (built) console.log(`built ${fmt(scale)} synthetic articles in ${(ms / 1000).toFixed(0)} s (${fmt(scale / (ms / 1000))}/s), cached at ${path}`);
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
