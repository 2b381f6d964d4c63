#!/usr/bin/env node
// How far src/segment/split.ts (rules, linear time) is from wink-nlp's sentence-boundary model (its predecessor) on
// real wire copy: sentences of each article as [start, end) pairs, compared exactly. Needs `npm run build` and
// ../shared. Usage: node bench/lib-segment-compare.mjs [N articles, default all] [SHOW=k prints k differences]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { segment } from '../dist/segment/index.js';

const require = createRequire(import.meta.url);
const winkNLP = require('wink-nlp');
const nlp = winkNLP(require('wink-eng-lite-web-model'), ['sbd']);
const its = nlp.its;

/** wink-nlp's sentences of one paragraph, with the old rule that a period glued to the next token ends nothing. */
function winkSentences(block, offset) {
  const d = nlp.readDoc(block);
  const values = d.tokens().out(its.value);
  const spaces = d.tokens().out(its.precedingSpaces);
  const starts = [];
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    pos += spaces[i].length;
    const found = block.startsWith(values[i], pos) ? pos : block.indexOf(values[i], pos);
    starts[i] = found >= 0 ? found : pos;
    pos = starts[i] + values[i].length;
  }
  const ranges = [];
  d.sentences().each((s) => {
    const [a, b] = s.out(its.span);
    const prev = ranges[ranges.length - 1];
    if (prev && values[prev[1]] === '.' && starts[a] === starts[prev[1]] + 1) prev[1] = b;
    else ranges.push([a, b]);
  });
  return ranges.map(([a, b]) => `${offset + starts[a]}:${offset + starts[b] + values[b].length}`);
}

const file = new URL('../../shared/corpora/reuters-financial-news-2006-2013/reuters_sample.jsonl.gz', import.meta.url);
const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
const n = Number(process.argv[2] ?? lines.length);
let show = Number(process.env.SHOW ?? 0);
let total = 0;
let missing = 0;
let extra = 0;
for (const line of lines.slice(0, n)) {
  const { body } = JSON.parse(line);
  const doc = segment(body);
  const ours = new Set(doc.sentences.map((s) => `${s.start}:${s.end}`));
  const theirs = new Set();
  for (const m of doc.norm.matchAll(/[^\n]+/g)) if (m[0].trim()) for (const r of winkSentences(m[0], m.index)) theirs.add(r);
  total += theirs.size;
  const miss = [...theirs].filter((r) => !ours.has(r));
  missing += miss.length;
  extra += [...ours].filter((r) => !theirs.has(r)).length;
  if (miss.length && show-- > 0) for (const r of miss) console.log('wink:', JSON.stringify(doc.norm.slice(...r.split(':').map(Number)).slice(0, 160)));
}
console.log(`${Math.min(n, lines.length)} articles: ${total} wink sentences, ${missing} not found as-is by split.ts (${((100 * missing) / total).toFixed(2)}%), ${extra} split.ts sentences not in wink`);
