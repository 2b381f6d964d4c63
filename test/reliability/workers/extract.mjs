// R2/R4 worker: runs adversarial inputs through segment, each extractor, the tagger and analyze(), printing one
// JSON line before and after every stage (written synchronously), so the parent's watchdog can name a stage that
// hangs. Jobs arrive as JSON on stdin: [{input, size, stages, skip?, reps?}]. Uses the built library (dist/).
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ADVERSARIAL, ROOT } from '../harness.mjs';

const dist = join(ROOT, 'dist');
const lib = await import(join(dist, 'index.js'));
const { normalize } = await import(join(dist, 'segment', 'normalize.js'));
const REPEAT_BELOW_MS = 1000;
const say = (m) => writeSync(1, `${JSON.stringify(m)}\n`);

/**
 * A Doc built without wink-nlp: sentences end at [.!?] runs followed by a space, and at line breaks; tokens are
 * letter/digit runs or single other characters. Linear, so an extractor measured on it is measured alone.
 */
function plainDoc(text, title = '') {
  const { norm, toOrig } = normalize(text);
  const sentences = [];
  const tokens = [];
  let start = 0;
  const push = (end) => {
    const a = start;
    start = end;
    let s = a;
    while (s < end && /\s/.test(norm[s])) s++;
    if (s >= end) return;
    const index = sentences.length;
    sentences.push({ index, start: s, end, text: norm.slice(s, end) });
    const re = /[\p{L}\p{N}]+|\S/gu;
    const body = norm.slice(s, end);
    for (let m = re.exec(body); m; m = re.exec(body)) tokens.push({ start: s + m.index, end: s + m.index + m[0].length, value: m[0], lower: m[0].toLowerCase(), sentence: index });
  };
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i];
    if (c === '\n') push(i);
    else if ((c === '.' || c === '!' || c === '?') && (i + 1 === norm.length || norm[i + 1] === ' ' || norm[i + 1] === '\n')) push(i + 1);
  }
  push(norm.length);
  const span = (a, b) => {
    const s = toOrig[a];
    const e = b > a ? toOrig[b - 1] + 1 : s;
    return { start: s, end: e, text: text.slice(s, e) };
  };
  const sentenceAt = (pos) => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pos < sentences[mid].start) hi = mid - 1;
      else if (pos >= sentences[mid].end) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
  return { text, norm, title, normTitle: normalize(title).norm, sentences, tokens, span, sentenceAt };
}

// Warm up (lexicons loaded, regexes compiled, code JIT-compiled) on a short article, so the first measured stage
// is not charged for start-up and ratios between sizes compare like with like.
{
  const warm = 'The S&P 500 rose 1.2% to 4,839.81 as Nvidia (NVDA.O) jumped 4.1% and revenue hit $2 billion. "Fine," said Jo Roe, analyst at X.';
  lib.analyze({ source: { kind: 'file', uri: 'warm-up.txt' }, title: 'Warm-up', url: null, publishedAt: null, text: warm });
  const doc = plainDoc(warm);
  const ctx = { results: {}, entities: [] };
  for (const ex of lib.EXTRACTORS) ctx.results[ex.kind] = ex.extract(doc, ctx);
}

const jobs = JSON.parse(readFileSync(0, 'utf8'));
for (const job of jobs) {
  const text = ADVERSARIAL[job.input](job.size);
  let doc = null;
  let ctx = { results: {}, entities: [] };
  for (const kind of job.skip ?? []) if (kind.startsWith('extract:')) ctx.results[kind.slice(8)] = [];
  for (const stage of job.stages) {
    say({ event: 'start', input: job.input, size: job.size, stage });
    // segment and analyze run once: wink-nlp caches tokens it has seen, so a repeat would flatter them
    const reps = stage === 'segment' || stage === 'analyze' ? 1 : (job.reps ?? 1);
    let best = Infinity;
    let items = null;
    const base = ctx; // each repeat starts from what the earlier stages found
    let error = null;
    // repeats only tame noise in short timings: a stage that already took over a second is not run again
    for (let r = 0; r < reps && !error && (r === 0 || best <= REPEAT_BELOW_MS); r++) {
      try {
        if (stage.startsWith('extract:')) {
          doc ??= plainDoc(text);
          const ex = lib.EXTRACTORS.find((e) => e.kind === stage.slice(8));
          const c = { results: { ...base.results }, entities: [...base.entities] };
          const t0 = performance.now();
          const out = ex.extract(doc, c);
          best = Math.min(best, performance.now() - t0);
          c.results[ex.kind] = out;
          items = out.length;
          ctx = c;
        } else if (stage === 'tag') {
          doc ??= plainDoc(text);
          const r0 = ctx.results;
          const ex = { tickers: r0.tickers ?? [], indices: r0.indices ?? [], levels: r0.levels ?? [], moves: r0.moves ?? [], money: r0.money ?? [], quotes: r0.quotes ?? [] };
          const t0 = performance.now();
          const out = lib.tagDoc(doc, ex);
          best = Math.min(best, performance.now() - t0);
          items = out.tags.length;
        } else if (stage === 'segment') {
          const t0 = performance.now();
          const d = lib.segment(text, '');
          best = Math.min(best, performance.now() - t0);
          items = d.sentences.length;
        } else if (stage === 'analyze') {
          const t0 = performance.now();
          const rec = lib.analyze({ source: { kind: 'file', uri: 'adversarial.txt' }, title: 'Adversarial', url: null, publishedAt: null, text });
          best = Math.min(best, performance.now() - t0);
          items = rec.tickers.length + rec.indices.length + rec.levels.length + rec.moves.length + rec.money.length + rec.quotes.length;
        } else throw new Error(`unknown stage ${stage}`);
      } catch (e) {
        error = String(e && e.stack ? e.stack : e).slice(0, 2000);
      }
    }
    say({ event: 'done', input: job.input, size: job.size, stage, ms: error ? null : best, items, status: error ? 'error' : 'ok', error, skip: job.skip ?? [] });
  }
  say({ event: 'job-done', input: job.input, size: job.size });
}
