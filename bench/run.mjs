#!/usr/bin/env node
// npm run bench — throughput of the pipeline against its floors, measured in ONE run on the same input.
// Input: the Reuters 2006-2013 sample in ../shared/corpora (or corpus/ when ../shared is absent).
// Env: BENCH_N (articles, default 2000), BENCH_ROUNDS (default 5; medians reported).
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { analyze, openStore, writeCsv, articleFromText } from '../dist/index.js';

const require = createRequire(import.meta.url);
const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function loadArticles() {
  const reuters = new URL('../../shared/corpora/reuters-financial-news-2006-2013/reuters_sample.jsonl.gz', import.meta.url);
  if (existsSync(reuters)) {
    const lines = gunzipSync(readFileSync(reuters)).toString('utf8').split('\n').filter(Boolean);
    return {
      name: 'Reuters 2006-2013 sample',
      articles: lines.slice(0, N).map((l) => {
        const j = JSON.parse(l);
        return { source: { kind: 'file', uri: j.id }, title: j.title, url: null, publishedAt: null, text: j.body };
      }),
    };
  }
  const dir = new URL('../corpus/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  const arts = files.map((f) => articleFromText(readFileSync(new URL(f, dir), 'utf8'), { kind: 'file', uri: f }));
  return { name: 'corpus/ (../shared absent)', articles: Array.from({ length: N }, (_, i) => arts[i % arts.length]) };
}

function time(fn) {
  const t = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const { name, articles } = loadArticles();
const bytes = articles.reduce((a, x) => a + Buffer.byteLength(x.text), 0);
const MB = bytes / 1e6;
console.log(`tapereader bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
console.log(`input: ${articles.length} articles from ${name}, ${(bytes / 1024 / articles.length).toFixed(1)} KB median-ish each, ${MB.toFixed(1)} MB; medians of ${ROUNDS} rounds\n`);

// warm-up
for (const a of articles.slice(0, 50)) analyze(a);

const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');
const bare = winkNLP(model, []);
const nlp = require('compromise');

const rows = [];
const report = (label, ms, n = articles.length, mb = MB) => {
  rows.push({ label, ms });
  console.log(`${label.padEnd(44)} ${(n / (ms / 1000)).toFixed(0).padStart(8)} articles/s ${(mb / (ms / 1000)).toFixed(2).padStart(8)} MB/s`);
  return ms;
};
const tA = report('(a) analyze, whole pipeline', time(() => { for (const a of articles) analyze(a); }));
const tB = report('(b) wink-nlp readDoc, no pipes (floor)', time(() => { for (const a of articles) bare.readDoc(a.text); }));
const sample = articles.slice(0, Math.max(20, Math.floor(articles.length / 20)));
const sampleMB = sample.reduce((x, a) => x + Buffer.byteLength(a.text), 0) / 1e6;
const tCs = time(() => { for (const a of sample) nlp(a.text); });
const tC = (tCs / sample.length) * articles.length;
report(`(c) compromise nlp() on whole articles (${sample.length})`, tCs, sample.length, sampleMB);
console.log(`ratios: a/b = ${(tA / tB).toFixed(2)} (time vs tokenizer floor), c/a = ${(tC / tA).toFixed(1)}x (compromise vs pipeline)\n`);

// per-article latency, warm
const lat = articles.slice(0, 500).map((a) => { const t0 = performance.now(); analyze(a); return performance.now() - t0; }).sort((x, y) => x - y);
console.log(`per-article latency: p50 ${lat[Math.floor(lat.length * 0.5)].toFixed(2)} ms, p95 ${lat[Math.floor(lat.length * 0.95)].toFixed(2)} ms\n`);

// ingest into SQLite with FTS (one core, batches of 200)
const dir = mkdtempSync(join(tmpdir(), 'tapereader-bench-'));
try {
  const records = articles.map((a, i) => analyze({ ...a, source: { kind: 'file', uri: `${a.source.uri}#${i}` }, title: `${a.title} #${i}` }));
  const store = openStore(join(dir, 'bench.db'));
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += 200) store.upsert(records.slice(i, i + 200));
  const tIngest = performance.now() - t0;
  console.log(`store: ${(records.length / (tIngest / 1000)).toFixed(0)} articles/s into SQLite + FTS5 (analysis excluded)`);
  const queries = [['ticker filter', undefined, { ticker: 'AAPL' }], ['tag + phrase', 'rate cut', { tag: 'rate-cut-expectations' }], ['common word', 'stocks', {}], ['rare term', 'Bernanke', {}], ['literal', 'S&P 500', {}]];
  for (const [label, q, f] of queries) {
    const ts = [];
    for (let r = 0; r < 21; r++) { const t1 = performance.now(); store.search(q, f, 20); ts.push(performance.now() - t1); }
    ts.sort((x, y) => x - y);
    console.log(`  search ${label.padEnd(14)} p50 ${ts[10].toFixed(2)} ms  p95 ${ts[19].toFixed(2)} ms  (${records.length} articles)`);
  }
  const sink = new Writable({ write(_c, _e, cb) { cb(); } });
  const t2 = performance.now();
  const n = await writeCsv(store.exportRows('moves'), sink);
  console.log(`export: ${n} move rows as CSV in ${(performance.now() - t2).toFixed(0)} ms`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
