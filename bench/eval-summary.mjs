#!/usr/bin/env node
// ROUGE of tapereader's extractive summaries against reference summaries, with Lead-3 computed in the same run by
// ../shared/eval/rouge.mjs (the shared scorer; read at run time, never copied).
//
//   npm run eval:summary                       # SummEval (100 CNN/DM) and ECTSum (test split, all 495)
//   node bench/eval-summary.mjs --dataset ectsum --limit 50 [--sentences N] [--keep DIR]
//
// How it runs, per dataset:
//   1. rouge.mjs --write-inputs DIR writes every article as DIR/<id>.txt;
//   2. each file goes through the product path: analyzePaths() (ingest of plain text: cleaning, headline split,
//      then segment, extract, tag, summarize), with one fixed summary length for the whole dataset;
//   3. the records go to rouge.mjs --pred, which scores them and Lead-3 against the same references.
// The summary length is one number per dataset, derived from the reference set (never from an article's own
// reference): the fewest sentences that reach the reference set's mean length in words, i.e.
// ceil(mean reference words / mean words of a chosen sentence), measured in a first pass; printed with the table.
// The same summaries at 3 sentences (Lead-3's own length) are scored too, so the comparison at equal length is in
// the table as well. --sentences N fixes the length instead.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const rouge = path.join(shared, 'eval/rouge.mjs');
if (!fs.existsSync(rouge)) {
  console.error(`eval:summary needs ${rouge} (the ../shared checkout beside the project); not found`);
  process.exit(2);
}
const dist = path.join(root, 'dist/pipeline.js');
if (!fs.existsSync(dist)) {
  console.error(`eval:summary imports ${dist}; run npm run build first`);
  process.exit(2);
}
const { analyzePaths } = await import(dist);

const args = process.argv.slice(2);
const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const which = opt('--dataset') ?? 'all';
const limit = opt('--limit');
const fixedN = opt('--sentences') ? Number(opt('--sentences')) : null;
if (fixedN !== null && !(Number.isInteger(fixedN) && fixedN > 0)) {
  console.error(`--sentences: expected a positive integer, got ${opt('--sentences')}`);
  process.exit(2);
}
const datasets = which === 'all' ? ['summeval', 'ectsum'] : [which];
for (const d of datasets) {
  if (!['summeval', 'ectsum'].includes(d)) {
    console.error(`--dataset: expected summeval, ectsum or all, got ${d}`);
    process.exit(2);
  }
}

const words = (s) => String(s).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The reference set's mean length in words (the same tokens rouge.mjs scores), over all references. */
function referenceWords(dataset) {
  if (dataset === 'summeval') {
    const d = JSON.parse(fs.readFileSync(path.join(shared, 'corpora/summarization-cnndm-summeval/summeval_cnndm100_refs_hypos_scores.json'), 'utf8'));
    const refs = Object.values(d).flatMap((x) => x.refs);
    return { refs: refs.length, meanWords: refs.reduce((a, r) => a + words(r).length, 0) / refs.length };
  }
  const raw = zlib.gunzipSync(fs.readFileSync(path.join(shared, 'corpora/ectsum-earnings-call-summaries/ectsum_test.jsonl.gz'))).toString('utf8');
  const refs = raw.trim().split('\n').map((l) => JSON.parse(l).summary_bullets.join('\n'));
  return { refs: refs.length, meanWords: refs.reduce((a, r) => a + words(r).length, 0) / refs.length };
}

async function run(dataset) {
  const tmp = opt('--keep') ? path.resolve(opt('--keep'), dataset) : fs.mkdtempSync(path.join(os.tmpdir(), `tapereader-rouge-${dataset}-`));
  const inputs = path.join(tmp, 'inputs');
  const lim = limit ? ['--limit', limit] : [];
  execFileSync(process.execPath, [rouge, '--dataset', dataset, '--write-inputs', inputs, ...lim], { stdio: ['ignore', 'ignore', 'inherit'] });
  const files = fs.readdirSync(inputs).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(inputs, f));

  /** analyze every input with one summary length; write the records rouge.mjs reads; score them */
  async function score(n) {
    const pred = path.join(tmp, `pred-${n}.jsonl`);
    const out = fs.openSync(pred, 'w');
    let errors = 0;
    let total = 0;
    let count = 0;
    const t0 = performance.now();
    for await (const res of analyzePaths(files, { summarySentences: n })) {
      if (res.error) {
        errors++;
        console.error(`eval:summary: ${res.error.message}`);
      }
      for (const r of res.records) {
        fs.writeSync(out, `${JSON.stringify({ source: r.source, summary: r.summary })}\n`);
        for (const s of r.summary) (total += words(s).length), count++;
      }
    }
    fs.closeSync(out);
    const seconds = (performance.now() - t0) / 1000;
    const json = execFileSync(process.execPath, [rouge, '--dataset', dataset, '--pred', pred, '--json', ...lim], { encoding: 'utf8' });
    return { ...JSON.parse(json), n, errors, seconds, sentenceWords: total / Math.max(count, 1) };
  }

  // Lead-3's length first; then the length the reference set implies, from the mean words of the sentences chosen
  // in that first pass (one number for the whole dataset).
  const ref = referenceWords(dataset);
  const at3 = await score(3);
  const n = fixedN ?? Math.max(1, Math.ceil(ref.meanWords / at3.sentenceWords));
  const implied = n === 3 ? at3 : await score(n);
  if (!opt('--keep')) fs.rmSync(tmp, { recursive: true, force: true });
  return { dataset, implied, at3, how: fixedN ? 'fixed by --sentences' : `ceil(reference mean ${ref.meanWords.toFixed(1)} words / ${at3.sentenceWords.toFixed(1)} words a chosen sentence)` };
}

const p = (x) => (100 * x).toFixed(2);
const row = (name, r) => `  ${name.padEnd(26)} ${p(r.r1).padStart(6)} ${p(r.r2).padStart(6)} ${p(r.rl).padStart(6)}`;
const results = [];
for (const d of datasets) {
  const r = await run(d);
  results.push(r);
  const { implied, at3 } = r;
  console.log(`\n${d}: ${implied.articles} articles (${implied.missing} without a summary, ${implied.errors} input errors); summary length ${implied.n} = ${r.how}`);
  console.log(`  ${'system'.padEnd(26)} ${'R1'.padStart(6)} ${'R2'.padStart(6)} ${'RL'.padStart(6)}   words  analyze s`);
  console.log(`${row(`tapereader, ${implied.n} sentences`, implied.system)}   ${implied.avgSummaryWords.toFixed(0).padStart(5)}  ${implied.seconds.toFixed(1)}`);
  if (implied !== at3) console.log(`${row('tapereader, 3 sentences', at3.system)}   ${at3.avgSummaryWords.toFixed(0).padStart(5)}  ${at3.seconds.toFixed(1)}`);
  console.log(row('lead-3', implied.lead3));
}

// The bars of issue 4: SummEval ROUGE-2 >= Lead-3's; ECTSum ROUGE-2 >= 2x Lead-3's (at the implied length).
console.log('\n| dataset | articles | sentences | tapereader R1 / R2 / RL | Lead-3 R1 / R2 / RL | R2 vs Lead-3 | bar |');
console.log('|---|---|---|---|---|---|---|');
let failed = false;
for (const r of results) {
  const need = r.dataset === 'ectsum' ? 2 : 1;
  for (const x of r.implied === r.at3 ? [r.implied] : [r.implied, r.at3]) {
    const ratio = x.system.r2 / x.lead3.r2;
    const ok = ratio >= need;
    const judged = x === r.implied;
    if (judged && !ok && !limit) failed = true;
    const bar = judged ? `R2 >= ${need}x Lead-3: ${ok ? 'met' : 'NOT met'}` : 'same length as Lead-3';
    console.log(`| ${r.dataset} | ${x.articles} | ${x.n} | ${p(x.system.r1)} / ${p(x.system.r2)} / ${p(x.system.rl)} | ${p(x.lead3.r1)} / ${p(x.lead3.r2)} / ${p(x.lead3.rl)} | ${ratio.toFixed(3)}x | ${bar} |`);
  }
}
process.exit(failed ? 1 : 0);
