#!/usr/bin/env node
// npm run eval:quotes — direct-quote detection and speaker attribution on PolNeAR
// (../shared/corpora/polnear-attribution: US political news with human-annotated Source / Cue / Content spans).
//
//   npm run eval:quotes                        # the test split (report this one; never tune on it)
//   npm run eval:quotes -- --split dev         # develop on train / dev
//   npm run eval:quotes -- --split train --detail [--pred FILE]
//
// Reads each article of the split through the same path as `tapereader analyze` (readFileArticles -> analyze, from
// dist/; the npm script builds first), writes one JSON line per article ({ source, quotes }) to PRED.jsonl (default:
// a fresh temp dir, never the repo) and prints the score of ../shared/eval/polnear.mjs, whose matching is documented
// there: a predicted quote matches a gold one on word overlap (Jaccard >= 0.5, or containment); the speaker is
// right when the predicted speaker or organization shares a capitalised word with the annotated source.
// --detail passes through to polnear.mjs (every miss, spurious quote and wrong speaker).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared');
const args = process.argv.slice(2);
const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const split = opt('--split') ?? 'test';
if (!['train', 'dev', 'test'].includes(split)) {
  console.error(`eval:quotes: --split must be train, dev or test (got "${split}")`);
  process.exit(2);
}
const scorer = join(shared, 'eval', 'polnear.mjs');
const textDir = join(shared, 'corpora', 'polnear-attribution', 'data', split, 'text');
if (!existsSync(scorer) || !existsSync(textDir)) {
  console.error(`eval:quotes: needs ${scorer} and ${textDir} (the shared corpora), not found`);
  process.exit(2);
}

// the pipeline and ingest modules only (not dist/index.js, which also loads the store)
const { analyze } = await import(pathToFileURL(join(root, 'dist', 'pipeline.js')).href);
const { readFileArticles } = await import(pathToFileURL(join(root, 'dist', 'ingest', 'index.js')).href);

const files = readdirSync(textDir).filter((f) => f.endsWith('.txt')).sort();
const lines = [];
let quotes = 0;
const t0 = performance.now();
for (const f of files) {
  const path = join(textDir, f);
  const records = (await readFileArticles(path)).map((a) => analyze(a));
  // one line per file: a text file is one article
  const qs = records.flatMap((r) => r.quotes);
  quotes += qs.length;
  lines.push(JSON.stringify({ source: { path }, quotes: qs.map(({ text, speaker, title, organization, rule }) => ({ text, speaker, title, organization, rule })) }));
}
const ms = performance.now() - t0;
const pred = opt('--pred') ?? join(mkdtempSync(join(tmpdir(), 'eval-quotes-')), `polnear-${split}.jsonl`);
writeFileSync(pred, lines.join('\n') + '\n');
console.log(`analyzed ${files.length} PolNeAR ${split} articles in ${(ms / 1000).toFixed(1)} s: ${quotes} quotes -> ${pred}`);

const passthrough = args.includes('--detail') ? ['--detail'] : [];
const r = spawnSync(process.execPath, [scorer, '--split', split, '--pred', pred, ...passthrough], { stdio: 'inherit' });
process.exit(r.status ?? 2);
