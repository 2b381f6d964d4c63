// Time per pipeline stage (ms per article) against the wink-nlp tokenizer floor, on the first N (env, default 1000)
// Reuters 2006-2013 articles. Needs `npm run build` and ../shared (or SHARED=dir).
//   node bench/lib-stages.mjs                     two passes, the second reported
//   BASE=/path/to/other/checkout ROUNDS=7 node bench/lib-stages.mjs
//                                                 A/B: that checkout's dist (A) and this one's (B), interleaved round
//                                                 by round (A first, then B first) in one process; medians per stage
//                                                 and the ratio B/A
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const N = Number(process.env.N ?? 1000);
// SHARED=/work/shared when the checkout does not sit next to shared/
const shared = process.env.SHARED ? new URL(`file://${process.env.SHARED.replace(/\/?$/, '/')}`) : new URL('../../shared/', import.meta.url);
const lines = gunzipSync(readFileSync(new URL('corpora/reuters-financial-news-2006-2013/reuters_sample.jsonl.gz', shared))).toString('utf8').split('\n').filter(Boolean);
const arts = lines.slice(0, N).map((l) => { const j = JSON.parse(l); return { title: j.title, text: j.body }; });
// CLOCK=cpu reads the process's CPU time (process.cpuUsage) instead of the wall clock: on a machine shared with
// other work, waiting for a core then counts for nothing
const now = process.env.CLOCK === 'cpu' ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const require = createRequire(import.meta.url);
const bare = require('wink-nlp')(require('wink-eng-lite-web-model'), []);

async function load(root) {
  const dist = new URL('dist/', root);
  return {
    segment: (await import(new URL('segment/index.js', dist))).segment,
    EXTRACTORS: (await import(new URL('extract/index.js', dist))).EXTRACTORS,
    tagDoc: (await import(new URL('tag/index.js', dist))).tagDoc,
    summarize: (await import(new URL('summarize/index.js', dist))).summarize,
  };
}

/** One pass over the articles: ms per article for each stage (and the floor, when asked). */
function pass(lib, floor) {
  const T = {};
  const add = (k, t) => (T[k] = (T[k] ?? 0) + t);
  for (const a of arts) {
    let t = now();
    let t2;
    if (floor) { bare.readDoc(a.text); t2 = now(); add('floor', t2 - t); t = t2; }
    const doc = lib.segment(a.text, a.title); t2 = now(); add('segment', t2 - t); t = t2;
    const ctx = { results: {}, entities: [] };
    for (const ex of lib.EXTRACTORS) { ctx.results[ex.kind] = ex.extract(doc, ctx); t2 = now(); add(ex.kind, t2 - t); t = t2; }
    lib.tagDoc(doc, ctx.results); t2 = now(); add('tag', t2 - t); t = t2;
    lib.summarize(doc, 3); t2 = now(); add('summarize', t2 - t); t = t2;
  }
  for (const k in T) T[k] /= arts.length;
  return T;
}
function floorPass() {
  const t = now();
  for (const a of arts) bare.readDoc(a.text);
  return (now() - t) / arts.length;
}
const stagesTotal = (T) => Object.entries(T).filter(([k]) => k !== 'floor').reduce((s, [, v]) => s + v, 0);

const here = await load(new URL('../', import.meta.url));
if (!process.env.BASE) {
  pass(here, true);
  const T = pass(here, true);
  const tot = stagesTotal(T);
  for (const [k, v] of Object.entries(T)) console.log(k.padEnd(10), v.toFixed(3), 'ms/article', ((100 * v) / tot).toFixed(1) + '%');
  console.log('total', tot.toFixed(3), 'ms ->', ((1 / tot) * 1000).toFixed(0), '/s; floor ratio', (tot / T.floor).toFixed(2));
} else {
  const base = await load(new URL(`file://${process.env.BASE.replace(/\/?$/, '/')}`));
  const rounds = Number(process.env.ROUNDS ?? 5);
  pass(base, false);
  pass(here, false);
  const A = [];
  const B = [];
  const F = [];
  // the order alternates: the second pass of a round pays for the first one's garbage
  for (let r = 0; r < rounds; r++) {
    if (r % 2) B.push(pass(here, false));
    A.push(pass(base, false));
    if (!(r % 2)) B.push(pass(here, false));
    F.push(floorPass());
  }
  const med = (xs) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
  const five = ['indices', 'tickers', 'levels', 'moves', 'money'];
  for (const T of [...A, ...B]) {
    T['5 extractors'] = five.reduce((s, k) => s + T[k], 0);
    T.total = stagesTotal(T) - T['5 extractors'];
  }
  console.log(`A = ${process.env.BASE}, B = this checkout; ${rounds} interleaved rounds over ${N} articles, medians (ms/article, ${process.env.CLOCK === 'cpu' ? 'CPU time' : 'wall clock'})`);
  for (const k of Object.keys(A[0])) {
    const a = med(A.map((T) => T[k]));
    const b = med(B.map((T) => T[k]));
    console.log(k.padEnd(13), 'A', a.toFixed(3), ' B', b.toFixed(3), ' B/A', (b / a).toFixed(3));
  }
  console.log('floor (wink-nlp readDoc, no pipes)', med(F).toFixed(3), 'ms/article');
}
