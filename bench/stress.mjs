#!/usr/bin/env node
// Reliability stress run: the rows of ../shared/docs/RELIABILITY.md at full counts, against the built library
// (dist/). `npm test` runs the same checks (test/reliability/) with small counts; this prints the figures for the
// README's reliability table.
//
//   npm run test:stress                       full counts (builds first)
//   STRESS_SCALE=0.1 node bench/stress.mjs    a tenth of every count (CI)
//   STRESS_ONLY=S7,C2 node bench/stress.mjs   some rows only
//   STRESS_JSON=out.json                      also write every figure and failure as JSON
//   STRESS_STAGE_TIMEOUT_MS=20000             R2/R4: a stage running longer than this counts as a hang
//
// Exit code 1 when any row has a crash, a lost item or a hang.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import * as H from '../test/reliability/harness.mjs';
import { GOAL_MS_PER_MB } from '../test/reliability/feeds-fuzz.mjs';

const SCALE = Number(process.env.STRESS_SCALE ?? 1);
const ONLY = process.env.STRESS_ONLY ? new Set(process.env.STRESS_ONLY.split(',').map((s) => s.trim().toUpperCase())) : null;
const STAGE_TIMEOUT_MS = Number(process.env.STRESS_STAGE_TIMEOUT_MS ?? (SCALE >= 1 ? 20_000 : 10_000));
const n = (full) => Math.max(1, Math.round(full * SCALE));

H.requireDist();
const DIST = join(H.ROOT, 'dist');
const newest = (dir) => readdirSync(dir, { recursive: true }).reduce((m, f) => Math.max(m, statSync(join(dir, String(f))).mtimeMs), 0);
if (newest(join(H.ROOT, 'src')) > statSync(join(DIST, 'index.js')).mtimeMs) console.error('note: src/ is newer than dist/; run `npm run build` (npm run test:stress does) to measure the current code\n');

const lib = await import(join(DIST, 'index.js'));
const { main } = await import(join(DIST, 'cli', 'main.js'));
const { openStore, StoreError, writeCsv, escapeCell, analyze, validateRecord } = lib;
const WORK = mkdtempSync(join(tmpdir(), 'tapereader-stress-'));

const rows = [];
const details = {};
const fmtMs = (ms) => (ms == null ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);

async function row(id, what, fn) {
  if (ONLY && !ONLY.has(id)) return;
  process.stderr.write(`${id} ${what} ...`);
  const t0 = performance.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    r = { tried: 0, crashes: 1, lost: 0, worstMs: null, note: `harness error: ${e.message}`, failures: [{ error: String(e.stack) }] };
  }
  const secs = (performance.now() - t0) / 1000;
  process.stderr.write(` ${secs.toFixed(1)} s\n`);
  rows.push({ id, what, tried: r.tried, crashes: r.crashes, lost: r.lost, worst: r.worstLabel ?? fmtMs(r.worstMs), note: r.note ?? '' });
  details[id] = r;
  for (const f of (r.failures ?? []).slice(0, 3)) console.error(`  ${id} failure: ${JSON.stringify(f).slice(0, 600)}`);
}

/** The CLI in process with in-memory streams, as test/helpers.ts does. */
async function cli(cwd, ...argv) {
  let out = '';
  let err = '';
  const sink = (append) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) });
  const io = { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTTY: false, env: {}, cwd };
  const code = await main(argv, io);
  return { code, out, err };
}

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

// ----------------------------------------------------------------------------------------------------- storage
await row('S1', 'SIGKILL an ingest loop at random moments', async () => {
  const r = await H.killLoop({ openStore, db: join(WORK, 's1.db'), kills: n(200), seed: 1 });
  return { ...r, note: `${r.acked} acknowledged batches checked; "lost" = integrity or acknowledged-batch violations; worst = one check` };
});

await row('S3', 'concurrent writer processes', async () => {
  const procs = 4;
  const batches = n(250);
  const race = await H.concurrentWriters({ openStore, db: join(WORK, 's3-race.db'), procs, batches });
  const held = await H.concurrentWriters({ openStore, db: join(WORK, 's3-held.db'), procs, batches, holdMs: 3000 });
  return {
    tried: race.tried + held.tried,
    crashes: race.crashes + held.crashes,
    lost: race.lost + held.lost,
    worstMs: Math.max(race.worstMs, held.worstMs),
    failures: [...race.failures, ...held.failures],
    note: `${procs}×${batches} transactions on a new file, and again while a 5th process holds the lock 3 s; SQLITE_BUSY seen: ${race.busy + held.busy}; worst = slowest process`,
  };
});

await row('S6', 'files that are not a usable database', async () => {
  const dir = join(WORK, 's6');
  mkdirSync(dir);
  const s = openStore(join(dir, 'real.db'));
  s.upsert(H.buildRecords(analyze));
  s.close();
  const cases = H.badDatabaseFiles(dir, readFileSync(join(dir, 'real.db')));
  cases.push({ name: 'a directory', path: join(dir, 'a-directory') });
  mkdirSync(join(dir, 'a-directory'));
  const r = { tried: 0, crashes: 0, lost: 0, worstMs: 0, failures: [] };
  for (const { name, path } of cases) {
    const isDir = statSync(path).isDirectory();
    const before = isDir ? null : sha(path);
    r.tried++;
    const t0 = performance.now();
    try {
      openStore(path).close();
      r.crashes++;
      r.failures.push({ name, problem: 'opened' });
    } catch (e) {
      if (!(e instanceof StoreError) || !e.message.includes(path)) (r.crashes++, r.failures.push({ name, problem: `not a StoreError naming the file: ${e}` }));
    }
    r.worstMs = Math.max(r.worstMs, performance.now() - t0);
    for (const argv of [['search', 'Nvidia'], ['ingest', join(dir, 'real.db')], ['stats'], ['export', '--kind', 'moves']]) {
      r.tried++;
      const c = await cli(dir, ...argv, '--db', path);
      if (c.code !== 2 || !c.err.includes(path)) (r.crashes++, r.failures.push({ name, argv, code: c.code, err: c.err.slice(0, 300) }));
    }
    if (before && sha(path) !== before) (r.lost++, r.failures.push({ name, problem: 'bytes changed' }));
    if (!isDir && ['-wal', '-shm'].some((x) => existsSync(path + x))) (r.lost++, r.failures.push({ name, problem: 'left -wal/-shm behind' }));
  }
  return { ...r, note: `${cases.length} files (random, truncated ×11, foreign, newer schema, directory) × openStore + 4 CLI commands; "lost" = file touched` };
});

await row('S7', 'search fuzz: random Unicode queries', async () => {
  const s = openStore(join(WORK, 's7.db'));
  const records = H.buildRecords(analyze);
  s.upsert(records);
  try {
    const r = H.searchFuzz({ store: s, records, count: n(100_000), seed: 7 });
    return { ...r, note: `≤ 1 KB each, half with filters, a quarter also through export; the slowest query was ${r.worstInput.length} chars` };
  } finally {
    s.close();
  }
});

await row('S8', 'literal finance queries', async () => {
  const s = openStore(join(WORK, 's8.db'));
  s.upsert(H.buildRecords(analyze));
  const r = { tried: 0, crashes: 0, lost: 0, worstMs: 0, failures: [] };
  try {
    for (const a of H.FINANCE_ARTICLES) {
      r.tried++;
      const t0 = performance.now();
      const titles = s.search(a.key, {}, 100).map((h) => h.title);
      r.worstMs = Math.max(r.worstMs, performance.now() - t0);
      if (!titles.includes(a.title)) (r.lost++, r.failures.push({ query: a.key, titles }));
    }
  } finally {
    s.close();
  }
  return { ...r, note: H.FINANCE_ARTICLES.map((a) => a.key).join(' ') };
});

await row('S10', 'migrations: twice, two connections, killed mid-open', async () => {
  const dir = join(WORK, 's10');
  mkdirSync(dir);
  const ref = openStore(join(dir, 'reference.db'));
  const reference = H.schemaOf(ref.db);
  ref.close();
  const r = await H.killMidOpen({ openStore, dir, times: n(100), seed: 10, reference });
  // and a second open / a second connection change nothing
  const p = join(dir, 'twice.db');
  openStore(p).close();
  const before = sha(p);
  const a = openStore(p);
  const b = openStore(p);
  if (H.schemaOf(a.db) !== reference || H.schemaOf(b.db) !== reference) (r.lost++, r.failures.push({ problem: 'schema differs on a second open' }));
  a.close();
  b.close();
  if (sha(p) !== before) (r.lost++, r.failures.push({ problem: 'a second open changed the file' }));
  r.tried += 2;
  return { ...r, note: `${r.midOpen} of ${r.tried - 2} kills landed before the open finished; "lost" = schema differences` };
});

// ------------------------------------------------------------------------------------------------------ export
await row('C1', 'CSV formula-injection payloads', async () => {
  const rowsIn = H.FORMULA_PAYLOADS.map((p, i) => ({ n: i, subject: p, percent: -1.5 }));
  const { csv } = await H.csvOf(writeCsv, rowsIn);
  const back = parse(csv, { columns: true });
  const bad = back.filter((r) => H.FORMULA_CELL.test(r.subject));
  return { tried: rowsIn.length, crashes: 0, lost: bad.length, worstMs: null, failures: bad, note: '"lost" = cells a spreadsheet would evaluate' };
});

await row('C2', 'CSV round trip fuzz (C3: numbers stay numbers)', async () => {
  const r = await H.csvRoundTrip({ writeCsv, escapeCell, parse, count: n(100_000), seed: 2 });
  return { ...r, lost: r.lost + r.mismatches + r.formulaCells, note: `records of 9 columns with , " CR LF CRLF NUL BOM emoji and 100 KB fields; mismatches ${r.mismatches}, formula cells ${r.formulaCells}; worst = one chunk of 2,000` };
});

// -------------------------------------------------------------------------------------------------------- text
await row('R6', 'disguised Unicode: extraction unchanged', async () => {
  const r = H.unicodeFuzz({ analyze, validateRecord, count: n(10_000), seed: 6 });
  return { ...r, note: 'invisible characters, Unicode spaces, fullwidth, U+2212, curly apostrophes; "lost" = values changed or invisible in output' };
});

/** R2/R4: ladders of pathological inputs, each (input, size) in fresh workers: analyze() alone, then the rest. */
async function ladder(id, what, inputs) {
  // extractors and the tagger: best of 3 runs; segment and analyze: one run on text new to the process
  const jobs = inputs.flatMap(([input, sizes]) => sizes.flatMap((size) => [{ input, size, stages: ['analyze'] }, { input, size, stages: H.STAGES.filter((s) => s !== 'analyze'), reps: 3 }]));
  await row(id, what, async () => {
    const results = await H.runExtractJobs({ jobs, stageTimeoutMs: STAGE_TIMEOUT_MS, isolate: SCALE >= 1, onResult: (m) => m.status !== 'ok' && process.stderr.write(` [${m.input} ${m.size / 1024} KB ${m.stage}: ${m.status}]`) });
    const ratios = H.ladderRatios(results);
    details[`${id}-ladder`] = ratios;
    const ok = results.filter((m) => m.status === 'ok');
    const worst = ok.reduce((w, m) => (m.ms > (w?.ms ?? -1) ? m : w), null);
    const hung = results.filter((m) => m.status !== 'ok');
    const worstRatio = ratios.filter((x) => x.ratio !== null && Math.max(...x.ms.map((v) => parseFloat(v)).filter((v) => !Number.isNaN(v))) >= 20).sort((a, b) => b.ratio - a.ratio)[0];
    return {
      tried: results.length,
      crashes: hung.length,
      lost: 0,
      worstMs: worst?.ms,
      worstLabel: hung.length ? `> ${fmtMs(STAGE_TIMEOUT_MS)} (hang)` : worst ? `${fmtMs(worst.ms)}` : '-',
      failures: hung.map((m) => ({ input: m.input, kb: m.size / 1024, stage: m.stage, status: m.status, error: m.error?.slice(0, 300) })),
      note: `${worst ? `slowest ok: ${worst.input} ${worst.size / 1024} KB ${worst.stage}; ` : ''}${worstRatio ? `worst t(2x)/t(x) over 20 ms: ${worstRatio.ratio.toFixed(2)} (${worstRatio.input} ${worstRatio.stage})` : ''}${hung.length ? `; hangs: ${[...new Set(hung.map((m) => `${m.input}/${m.stage}@${m.size / 1024}KB`))].join(', ')}` : ''}`,
    };
  });
}

await ladder('R2', 'pathological strings at 50/100/200 KB', H.R2_INPUTS.map((i) => [i, H.R2_SIZES]));
await ladder('R4', '1 MB without periods; 360 KB emoji/zero-width/RTL', Object.entries(H.R4_LADDERS));

// ------------------------------------------------------------------------------------------------------ feeds
// F2: the seeded feed fuzzer (test/reliability/feeds-fuzz.mjs) in a child process; killed after FEED_FUZZ_KILL_MS.
await row('F2', 'mutated feeds: strict, then lenient (bozo), or a typed error', async () => {
  const count = n(10_000);
  const killMs = Number(process.env.FEED_FUZZ_KILL_MS ?? 30 * 60_000);
  const run = await H.runNode(join(H.ROOT, 'test', 'reliability', 'feeds-fuzz.mjs'), [String(count), '1'], { timeoutMs: killMs });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  const summary = last.startsWith('{"summary"') ? JSON.parse(last).summary : null;
  if (!summary) return { tried: count, crashes: 1, lost: 0, worstMs: null, note: run.timedOut ? `killed after ${fmtMs(killMs)} (hang)` : `fuzzer exited ${run.code}: ${run.stderr.slice(0, 300)}`, failures: [] };
  return {
    tried: summary.tried,
    crashes: summary.crashes,
    lost: summary.invented,
    worstMs: summary.worstMs,
    failures: summary.failures.map((f) => ({ ...f, input: `${f.input.length} base64 chars` })),
    note:
      `parsed ${summary.parsed}, bozo ${summary.bozo}, rejected ${summary.rejected}; "lost" = invented items; worst time is CPU of one run (wall ${fmtMs(summary.worstWallMs)}); ` +
      `worst ${Math.round(summary.worstMsPerMb)} ms/MB CPU (inputs under 10 KB counted as 10 KB; a case over ${GOAL_MS_PER_MB} ms/MB is timed 5 times and counts with its median: ${summary.retimed} were, ${summary.overGoal} stayed over): ` +
      `${summary.worstCase?.mutation} on ${summary.worstCase?.seedFeed}, ${summary.worstCase?.bytes} bytes; single-run worst ${Math.round(summary.worstMsPerMbSingle)} ms/MB (${summary.worstCaseSingle?.mutation} on ${summary.worstCaseSingle?.seedFeed}, ${summary.worstCaseSingle?.bytes} bytes)`,
  };
});

// F3: entity attacks; a loopback listener counts connections an external entity would make.
await row('F3', 'billion laughs, quadratic blow-up, SYSTEM file:///etc/passwd, entity to a loopback listener', async () => {
  const { parseFeedSync } = await import(join(DIST, 'ingest', 'feed.js'));
  const net = await import('node:net');
  let hits = 0;
  const server = net.createServer((c) => {
    hits++;
    c.destroy();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const ent = (name, n, ref) => `<!ENTITY ${name} "${ref.repeat(n)}">`;
  const laughs = `<!DOCTYPE rss [<!ENTITY a0 "lol">${Array.from({ length: 10 }, (_, i) => ent(`a${i + 1}`, 10, `&a${i};`)).join('')}]>`;
  const rss = (dtd, body) => `<?xml version="1.0"?>${dtd}<rss version="2.0"><channel><title>t</title><item><title>x</title><description>${body}</description></item></channel></rss>`;
  const cases = [
    ['billion laughs', rss(laughs, '&a10;&a10;')],
    ['quadratic blow-up', rss(`<!DOCTYPE rss [<!ENTITY q "${'q'.repeat(100_000)}">]>`, '&q;'.repeat(20_000))],
    ['SYSTEM file:///etc/passwd', rss('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '&x;')],
    ['external entity to loopback', rss(`<!DOCTYPE rss [<!ENTITY n SYSTEM "http://127.0.0.1:${port}/x"><!ENTITY % p SYSTEM "http://127.0.0.1:${port}/p"> %p;]>`, '&n;')],
  ];
  let worst = 0;
  let expanded = 0;
  const notes = [];
  // Warm up, so module loading and JIT do not count as the attack's time: a harmless feed with entities, and small
  // documents with a DTD and undefined references (the attacks' own code paths, at a hundredth of their size).
  for (let i = 0; i < 20; i++) {
    parseFeedSync(rss('', `warm &amp; up &#169; ${'&lt;p&gt;x&lt;/p&gt;'.repeat(i * 50)}`), { uri: 'warmup' });
    parseFeedSync(rss(`<!DOCTYPE rss [<!ENTITY w "${'w'.repeat(i * 50)}">]>`, `warm ${'&w;'.repeat(i * 10)}`), { uri: 'warmup' });
  }
  // Each case runs 5 times: one run's CPU time on a shared machine also holds garbage collection and contention
  // (the quadratic case measured 5-120 ms for the same input), so the case counts with its median; the first run
  // is reported beside it.
  const RUNS = 5;
  for (const [name, text] of cases) {
    const cpuRuns = [];
    let firstWall = 0;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      let out = '';
      try {
        out = parseFeedSync(text, { uri: name }).items.map((a) => a.title + a.text).join('');
      } catch (e) {
        out = String(e.message);
      }
      const cpu = process.cpuUsage(c0);
      if (r === 0) firstWall = performance.now() - t0;
      cpuRuns.push((cpu.user + cpu.system) / 1000);
      if (/root:|lollollol|q{1000}/.test(out)) expanded++;
    }
    const median = [...cpuRuns].sort((a, b) => a - b)[RUNS >> 1];
    worst = Math.max(worst, median);
    notes.push(`${name} median ${fmtMs(median)} CPU (first run ${fmtMs(cpuRuns[0])} CPU, ${fmtMs(firstWall)} wall)`);
  }
  await new Promise((r) => setTimeout(r, 200));
  server.close();
  return { tried: cases.length, crashes: 0, lost: expanded + hits, worstMs: worst, note: `"lost" = expansions or connections (${expanded} expanded over ${RUNS} runs each, ${hits} connections); worst = the slowest case's median CPU time; ${notes.join(', ')}` };
});

// ------------------------------------------------------------------------------------------------------ report
const line = (cells) => `| ${cells.join(' | ')} |`;
console.log(`\ntapereader reliability stress — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, STRESS_SCALE=${SCALE}\n`);
console.log(line(['row', 'check', 'inputs tried', 'crashes', 'items lost', 'worst time', 'notes']));
console.log(line(['---', '---', '---:', '---:', '---:', '---:', '---']));
for (const r of rows) console.log(line([r.id, r.what, r.tried.toLocaleString('en-US'), r.crashes, r.lost, r.worst, r.note]));

for (const id of ['R2', 'R4']) {
  const ratios = details[`${id}-ladder`];
  if (!ratios) continue;
  console.log(`\n${id}: ms per stage at each size (analyze and segment: one run on new text; extractors and tag: best of 3; "timeout" = over ${fmtMs(STAGE_TIMEOUT_MS)}; * = ran without the results of an earlier stage that hung), ratio = t(largest)/t(half of it)\n`);
  console.log(line(['input', 'stage', 'sizes (KB)', 'ms', 'ratio']));
  console.log(line(['---', '---', '---', '---', '---:']));
  for (const x of ratios) console.log(line([x.input, x.stage, x.sizes.map((s) => s / 1024).join(' / '), x.ms.join(' / '), x.ratio === null ? '-' : x.ratio.toFixed(2)]));
}

if (process.env.STRESS_JSON) writeFileSync(process.env.STRESS_JSON, JSON.stringify({ scale: SCALE, rows, details }, null, 2));
rmSync(WORK, { recursive: true, force: true });
const bad = rows.filter((r) => r.crashes || r.lost);
if (bad.length) console.log(`\n${bad.length} row(s) with crashes, hangs or lost items: ${bad.map((r) => r.id).join(', ')}`);
process.exitCode = bad.length ? 1 : 0;
