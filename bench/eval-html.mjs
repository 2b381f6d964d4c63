#!/usr/bin/env node
// npm run eval:html — main-text extraction quality and speed of extractHtmlBody (src/ingest/html.ts).
//
//   node bench/eval-html.mjs [PRED.json] [--detail N] [--no-traf]
//
// 1. The article-extraction benchmark (../shared/corpora/article-extraction-benchmark, 181 pages): writes the
//    predictions as { "<page id>": { "articleBody": "..." } } to PRED.json (default: a fresh temp dir, never the repo)
//    and prints the score from ../shared/eval/html-f1.mjs, the benchmark's own metric. Prints ms/page (median; each
//    page timed EVAL_ROUNDS times, default 3, keeping its fastest run).
//    --detail N lists the N worst pages (per-page precision/recall, same shingle metric) to help find errors.
// 2. The trafilatura English eval set (../shared/corpora/trafilatura-eval-en, 178 pages): "with" snippets must be in
//    the text, "without" snippets must not; prints precision/recall/F1/accuracy over snippets.
//
// Runs on dist/ (rebuilt with `npm run build` first when src/ingest/html*.ts is newer than dist/ingest/html.js).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared');
const args = process.argv.slice(2);
const flag = (n) => args.includes(n);
const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--detail'));
const detail = Number(opt('--detail') ?? 0);

function ensureBuilt() {
  const srcDir = join(root, 'src', 'ingest');
  const stale = readdirSync(srcDir)
    .filter((f) => /^(html.*|clean)\.ts$/.test(f))
    .some((f) => {
      const js = join(root, 'dist', 'ingest', f.replace(/\.ts$/, '.js'));
      return !existsSync(js) || statSync(js).mtimeMs < statSync(join(srcDir, f)).mtimeMs;
    });
  if (!stale) return;
  console.error('building dist/ (npm run build) ...');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.error('warning: the build reported errors; dist/ may be stale');
}

ensureBuilt();
const { extractHtmlBody } = await import(pathToFileURL(join(root, 'dist', 'ingest', 'html.js')).href);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// ---------------------------------------------------------------- article-extraction benchmark
const bench = join(shared, 'corpora', 'article-extraction-benchmark');
const htmlDir = join(bench, 'html');
const ids = readdirSync(htmlDir).filter((f) => f.endsWith('.html.gz')).map((f) => f.slice(0, -'.html.gz'.length)).sort();
const pages = ids.map((id) => [id, gunzipSync(readFileSync(join(htmlDir, `${id}.html.gz`))).toString('utf8')]);

// warm-up, so the JIT does not count against the first pages
for (const [, html] of pages.slice(0, 20)) extractHtmlBody(html);

// each page is timed ROUNDS times and keeps its fastest run: other processes on a shared machine only add time
const ROUNDS = Number(process.env.EVAL_ROUNDS ?? 3);
const pred = {};
const times = pages.map(() => Infinity);
for (let r = 0; r < ROUNDS; r++) {
  pages.forEach(([id, html], i) => {
    const t0 = performance.now();
    const { text } = extractHtmlBody(html);
    times[i] = Math.min(times[i], performance.now() - t0);
    pred[id] = { articleBody: text };
  });
}
const outPath = positional[0] ?? join(mkdtempSync(join(tmpdir(), 'tapereader-eval-html-')), 'pred.json');
writeFileSync(outPath, JSON.stringify(pred, null, 1));

const scorer = join(shared, 'eval', 'html-f1.mjs');
const run = spawnSync(process.execPath, [scorer, '--pred', outPath], { encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const kb = pages.reduce((a, [, h]) => a + h.length, 0) / pages.length / 1024;
console.log(`article-extraction-benchmark: ${run.stdout.trim()}`);
console.log(`  predictions: ${outPath}`);
console.log(`  speed: median ${median(times).toFixed(2)} ms/page, mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)}, max ${Math.max(...times).toFixed(1)} (pages average ${kb.toFixed(0)} KB; best of ${ROUNDS} runs per page, parse included)`);

if (detail > 0) {
  // per-page view of the same metric (html-f1.mjs only prints the averages)
  const truth = JSON.parse(readFileSync(join(bench, 'ground-truth.json'), 'utf8'));
  const shingles = (text) => {
    const toks = String(text ?? '').match(/[\p{L}\p{N}_]+/gu) ?? [];
    const m = new Map();
    for (let i = 0; i < Math.max(1, toks.length - 3); i++) {
      const s = toks.slice(i, i + 4).join(' ');
      if (s) m.set(s, (m.get(s) ?? 0) + 1);
    }
    return m;
  };
  const rows = ids.map((id) => {
    const a = shingles(truth[id]?.articleBody);
    const b = shingles(pred[id]?.articleBody);
    let tp = 0, fp = 0, fn = 0;
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(k) ?? 0, y = b.get(k) ?? 0;
      tp += Math.min(x, y);
      fp += Math.max(0, y - x);
      fn += Math.max(0, x - y);
    }
    const p = tp + fp ? tp / (tp + fp) : fp + fn ? 0 : 1;
    const r = tp + fn ? tp / (tp + fn) : 1;
    return { id, p, r, f: p + r ? (2 * p * r) / (p + r) : 0, url: truth[id]?.url };
  });
  rows.sort((x, y) => x.f - y.f);
  for (const row of rows.slice(0, detail)) console.log(`  ${row.f.toFixed(3)}  P ${row.p.toFixed(3)} R ${row.r.toFixed(3)}  ${row.id.slice(0, 12)}  ${row.url}`);
}

// ---------------------------------------------------------------- trafilatura English eval set
const traf = join(shared, 'corpora', 'trafilatura-eval-en');
if (!flag('--no-traf') && existsSync(traf)) {
  const data = JSON.parse(readFileSync(join(traf, 'evaldata_en.json'), 'utf8'));
  const norm = (s) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  let tp = 0, fn = 0, fp = 0, tn = 0;
  const misses = [];
  for (const [url, doc] of Object.entries(data)) {
    const file = join(traf, 'html', `${doc.file}.gz`);
    if (!existsSync(file)) continue;
    let text = '';
    try {
      text = norm(extractHtmlBody(gunzipSync(readFileSync(file)).toString('utf8')).text);
    } catch {
      text = ''; // a crash counts as all missed
    }
    for (const s of doc.with ?? []) {
      if (text.includes(norm(s))) tp++;
      else {
        fn++;
        misses.push(`  missing  ${url}  ${s.slice(0, 60)}`);
      }
    }
    for (const s of doc.without ?? []) {
      if (text.includes(norm(s))) {
        fp++;
        misses.push(`  kept     ${url}  ${s.slice(0, 60)}`);
      } else tn++;
    }
  }
  const P = tp / (tp + fp), R = tp / (tp + fn);
  console.log(`trafilatura-eval-en: precision ${P.toFixed(3)}  recall ${R.toFixed(3)}  F1 ${((2 * P * R) / (P + R)).toFixed(3)}  accuracy ${((tp + tn) / (tp + tn + fp + fn)).toFixed(3)}  (${tp + fn} with, ${fp + tn} without)`);
  if (detail > 0) for (const m of misses.slice(0, detail)) console.log(m);
}
