#!/usr/bin/env node
// npm run eval:feeds — every fixture of five feed-parser test suites through tapereader's feed reader (F1).
//
//   node bench/eval-feeds.mjs [--list crashed|rejected|bozo|empty|expected] [--suite NAME]
//
// Suites (read from ../shared/corpora at run time; nothing is copied into the repo): rss-parser-fixtures,
// gofeed-testdata, feedparser-tests, node-feedparser-feeds, feed-extractor-fixtures. Only feed inputs are read, not
// the suites' expected-output JSON, licences or notes. Each file goes the way a fetched feed does: gzip bodies are
// inflated (as the HTTP layer does for Content-Encoding), bytes decoded (src/ingest/decode.ts), then parseFeed.
//
// Per suite: files, parsed (strict parse accepted), bozo (read leniently, reason recorded), rejected (typed
// FeedError/InputError: not a feed, empty, too deep), crashed (any other exception: must be 0), items, and the worst
// parse CPU time per MB (CPU, not wall time: on a shared machine wall time measures the other processes). For feedparser's suite, whose files declare `Expect: bozo` / `not bozo`, it also prints how often
// our bozo/rejected verdict agrees with feedparser's; for rss-parser's, whose test/output/*.json hold its expected
// result, how often the feed title and the item count match.
//
// Runs on dist/ (run `npm run build` first).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = join(root, '..', 'shared', 'corpora');
const args = process.argv.slice(2);
const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const list = opt('--list');
const only = opt('--suite');

const dist = join(root, 'dist', 'ingest', 'feed.js');
if (!existsSync(dist)) {
  console.error('eval:feeds: dist/ingest/feed.js is missing; run `npm run build` first');
  process.exit(2);
}
const { parseFeed, FeedError } = await import(pathToFileURL(dist).href);
const { decodeBytes } = await import(pathToFileURL(join(root, 'dist', 'ingest', 'decode.js')).href);
const { InputError } = await import(pathToFileURL(join(root, 'dist', 'ingest', 'errors.js')).href);

const MAX_INFLATED = 50 * 1024 * 1024;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Which files of a suite are feed inputs (not expected outputs, licences, notes). */
const SUITES = {
  'rss-parser-fixtures': (rel) => rel.startsWith('test/input/'),
  'gofeed-testdata': (rel) =>
    rel.endsWith('.xml') ||
    (rel.endsWith('.json') && !rel.endsWith('_expected.json') && /^testdata\/(parser\/json|parser\/universal|translator\/json)\//.test(rel)),
  'feedparser-tests': (rel) => /\.(xml|rdf|json)$/.test(rel),
  'node-feedparser-feeds': (rel) => rel.startsWith('test/'),
  'feed-extractor-fixtures': (rel) => rel.startsWith('tests/'),
};

function expectBozo(text) {
  const m = /Expect:\s*(.*)/.exec(text.slice(0, 2000));
  if (!m) return null;
  if (/^\s*not bozo/.test(m[1])) return false;
  if (/^\s*bozo\b/.test(m[1])) return true;
  return null;
}

// warm up (module loading, JIT), so the first fixture's time is not the load time
for (let i = 0; i < 20; i++) await parseFeed(`<rss version="2.0"><channel><title>w</title><item><title>a &amp; b</title><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>`, { uri: 'warmup' });

/** rss-parser's expected output for an input file: feed title and item count, when the suite has one. */
function rssParserExpected(file) {
  const out = join(corpora, 'rss-parser-fixtures', 'test', 'output', `${file.split('/').pop().replace(/\.[^.]+$/, '')}.json`);
  if (!existsSync(out)) return null;
  const j = JSON.parse(readFileSync(out, 'utf8'));
  const feed = j.feed ?? j;
  return { title: typeof feed.title === 'string' ? feed.title.trim() : null, items: Array.isArray(feed.items) ? feed.items.length : null };
}
const expect = { compared: 0, titles: 0, counts: 0, diffs: [] };

const rows = [];
const listed = [];
let worstPerMb = { ms: 0, file: '', wall: 0 };
let totalMs = 0;
let totalBytes = 0;
let bozoAgree = 0;
let bozoKnown = 0;
for (const [suite, isInput] of Object.entries(SUITES)) {
  if (only && suite !== only) continue;
  const dir = join(corpora, suite);
  if (!existsSync(dir)) {
    console.error(`eval:feeds: ${dir} not found, suite skipped`);
    continue;
  }
  const r = { suite, files: 0, parsed: 0, bozo: 0, rejected: 0, crashed: 0, items: 0, empty: 0, gzip: 0 };
  for (const file of walk(dir)) {
    const rel = relative(dir, file);
    if (!isInput(rel)) continue;
    r.files++;
    let buf = readFileSync(file);
    let verdict;
    let detail = '';
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      if (buf[0] === 0x1f && buf[1] === 0x8b) {
        buf = gunzipSync(buf, { maxOutputLength: MAX_INFLATED });
        r.gzip++;
      }
      const d = decodeBytes(buf);
      const res = await parseFeed(d.text, { uri: file, decodeNote: d.note });
      r.items += res.items.length;
      if (!res.items.length) r.empty++;
      verdict = res.bozo ? 'bozo' : 'parsed';
      detail = res.bozo ? res.bozo.reason : `${res.items.length} items`;
      if (suite === 'feedparser-tests') {
        const exp = expectBozo(d.text);
        if (exp !== null) {
          bozoKnown++;
          if (exp === Boolean(res.bozo)) bozoAgree++;
        }
      }
      const exp = suite === 'rss-parser-fixtures' ? rssParserExpected(file) : null;
      if (exp) {
        expect.compared++;
        if ((exp.title ?? null) === (res.title ?? null) || (!exp.title && !res.title)) expect.titles++;
        else expect.diffs.push(`${rel}: title ${JSON.stringify(res.title)} vs expected ${JSON.stringify(exp.title)}`);
        if (exp.items === res.items.length) expect.counts++;
        else expect.diffs.push(`${rel}: ${res.items.length} items vs expected ${exp.items}`);
      }
      if (list === 'empty' && !res.items.length) listed.push(`${suite}/${rel}: ${verdict}, 0 items ${detail}`);
    } catch (e) {
      if (e instanceof FeedError || e instanceof InputError) {
        verdict = 'rejected';
        detail = e.message;
        if (suite === 'feedparser-tests') {
          const exp = expectBozo(buf.toString('latin1'));
          if (exp !== null) {
            bozoKnown++;
            if (exp === true) bozoAgree++;
          }
        }
      } else {
        verdict = 'crashed';
        detail = e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 3).join(' | ') : String(e);
      }
    }
    const cu = process.cpuUsage(c0);
    const ms = (cu.user + cu.system) / 1000; // CPU time: the machine may be shared, wall time then measures the others
    const perMb = ms / Math.max(buf.length / 1048576, 0.01); // files under 10 KB count as 10 KB
    if (perMb > worstPerMb.ms) worstPerMb = { ms: perMb, file: `${suite}/${rel}`, wall: performance.now() - t0 };
    totalMs += ms;
    totalBytes += buf.length;
    r[verdict]++;
    if (list === verdict) listed.push(`${suite}/${rel}: ${detail}`);
  }
  rows.push(r);
}

for (const l of listed) console.log(l);
const pad = (s, n) => String(s).padStart(n);
console.log(`\n| suite | files | parsed | bozo | rejected | crashed | items |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|`);
const tot = { files: 0, parsed: 0, bozo: 0, rejected: 0, crashed: 0, items: 0 };
for (const r of rows) {
  console.log(`| ${r.suite} | ${pad(r.files, 5)} | ${pad(r.parsed, 5)} | ${pad(r.bozo, 4)} | ${pad(r.rejected, 4)} | ${pad(r.crashed, 3)} | ${pad(r.items, 6)} |`);
  for (const k of Object.keys(tot)) tot[k] += r[k];
}
console.log(`| total | ${pad(tot.files, 5)} | ${pad(tot.parsed, 5)} | ${pad(tot.bozo, 4)} | ${pad(tot.rejected, 4)} | ${pad(tot.crashed, 3)} | ${pad(tot.items, 6)} |`);
if (expect.compared) {
  console.log(`\nrss-parser-fixtures: feed title as in rss-parser's expected output ${expect.titles}/${expect.compared}, item count ${expect.counts}/${expect.compared}`);
  if (list === 'expected') for (const d of expect.diffs) console.log(`  ${d}`);
}
if (bozoKnown) console.log(`\nfeedparser-tests: our bozo-or-rejected verdict agrees with the file's Expect (bozo / not bozo) on ${bozoAgree}/${bozoKnown} files`);
console.log(`parse CPU time: ${(totalMs / (totalBytes / 1048576)).toFixed(0)} ms per MB over all ${(totalBytes / 1048576).toFixed(1)} MB; worst file ${worstPerMb.ms.toFixed(0)} ms per MB (${worstPerMb.file}; files under 10 KB counted as 10 KB)`);
process.exitCode = tot.crashed ? 1 : 0;
