// Time per pipeline stage (ms per article) against the wink-nlp tokenizer floor, on the first N (env, default 1000)
// Reuters 2006-2013 articles; two passes, the second reported. Needs `npm run build` and ../shared.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
const { segment } = await import('../dist/segment/index.js');
const { EXTRACTORS } = await import('../dist/extract/index.js');
const { tagDoc } = await import('../dist/tag/index.js');
const { summarize } = await import('../dist/summarize/index.js');
const N = Number(process.env.N ?? 1000);
const lines = gunzipSync(readFileSync(new URL('../../shared/corpora/reuters-financial-news-2006-2013/reuters_sample.jsonl.gz', import.meta.url))).toString('utf8').split('\n').filter(Boolean);
const arts = lines.slice(0, N).map((l) => { const j = JSON.parse(l); return { title: j.title, text: j.body }; });
const winkNLP = (await import('node:module')).createRequire(import.meta.url)('wink-nlp');
const model = (await import('node:module')).createRequire(import.meta.url)('wink-eng-lite-web-model');
const bare = winkNLP(model, []);
const T = {};
const add = (k, t) => (T[k] = (T[k] ?? 0) + t);
for (let round = 0; round < 2; round++) {
  for (const k in T) T[k] = 0;
  for (const a of arts) {
    let t = performance.now();
    bare.readDoc(a.text); let t2 = performance.now(); add('floor', t2 - t); t = t2;
    const doc = segment(a.text, a.title); t2 = performance.now(); add('segment', t2 - t); t = t2;
    const ctx = { results: {}, entities: [] };
    for (const ex of EXTRACTORS) { ctx.results[ex.kind] = ex.extract(doc, ctx); t2 = performance.now(); add(ex.kind, t2 - t); t = t2; }
    tagDoc(doc, ctx.results); t2 = performance.now(); add('tag', t2 - t); t = t2;
    summarize(doc, 3); t2 = performance.now(); add('summarize', t2 - t); t = t2;
  }
}
const tot = Object.entries(T).filter(([k]) => k !== 'floor').reduce((s, [, v]) => s + v, 0);
for (const [k, v] of Object.entries(T)) console.log(k.padEnd(10), (v / N).toFixed(3), 'ms/article', (100 * v / tot).toFixed(1) + '%');
console.log('total', (tot / N).toFixed(3), 'ms ->', (N / tot * 1000).toFixed(0), '/s; floor ratio', (tot / T.floor).toFixed(2));
