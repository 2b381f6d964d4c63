#!/usr/bin/env node
// Store upsert throughput as the store grows (issue 7): articles/s for batches of 200 at several store sizes, and the
// story lookup's candidates per insert. Run `npm run build` first.
//
// Records: the analysed corpus/ records (analysis cached outside the repo), recombined: each synthetic article takes a
// base record's extractions, a new id and URL, and a text of 10 sentences drawn from all corpus sentences with one
// word of each replaced, so fingerprints differ. Dates advance RATE articles a day. Every 10th article is a planted
// near-duplicate (the article 5 before, with a dateline dropped and boilerplate added): the share that joins its
// original's story checks clustering while we measure speed.
//
// The store is filled to each size with the store's own upsert; with STORE_SCALE_FILL=sql (for builds whose lookup
// is O(store), where that fill would take hours) story-band rows are skipped during the fill and written afterwards
// from the simhash column in that build's layout (8 text bands `i:hh`), so the measured batches see a full index.
//
// Env: STORE_SCALE_DIST dist directory to measure (default ../dist), STORE_SCALE_SIZES (default 0,10000,50000),
// STORE_SCALE_BATCHES measured batches per size (default 5), STORE_SCALE_RATE articles a day (default 2000),
// STORE_SCALE_CACHE (default ~/.cache/tapereader-store-scale), STORE_SCALE_FILL (upsert | sql).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const DIST = resolve(process.env.STORE_SCALE_DIST ?? new URL('../dist', import.meta.url).pathname);
const SIZES = String(process.env.STORE_SCALE_SIZES ?? '0,10000,50000').split(',').map(Number);
const BATCHES = Number(process.env.STORE_SCALE_BATCHES ?? 5);
const RATE = Number(process.env.STORE_SCALE_RATE ?? 2000);
const CACHE = process.env.STORE_SCALE_CACHE ?? join(homedir(), '.cache', 'tapereader-store-scale');
const FILL = process.env.STORE_SCALE_FILL ?? 'upsert';
const BATCH = 200;

const lib = await import(pathToFileURL(join(DIST, 'index.js')).href);
const identity = await import(pathToFileURL(join(DIST, 'store/identity.js')).href);
mkdirSync(CACHE, { recursive: true });

// ---- analysed corpus records, cached --------------------------------------------------------------------------------
const corpusDir = new URL('../corpus/', import.meta.url).pathname;
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort();
const texts = files.map((f) => readFileSync(join(corpusDir, f), 'utf8'));
const key = createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 12);
const cacheFile = join(CACHE, `records-${key}.json`);
let base;
if (existsSync(cacheFile)) base = JSON.parse(readFileSync(cacheFile, 'utf8'));
else {
  base = files.map((f, i) => lib.analyze(lib.articleFromText(texts[i], { kind: 'file', uri: f })));
  writeFileSync(cacheFile, JSON.stringify(base));
}
const sentences = base.flatMap((r) => r.text.split(/(?<=[.!?])\s+/).filter((s) => s.split(/\s+/).length >= 6));
const vocab = [...new Set(base.flatMap((r) => r.text.toLowerCase().match(/[a-z]{4,}/g) ?? []))];

// deterministic PRNG (mulberry32)
let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const T0 = Date.parse('2026-01-01T00:00:00Z');
const textOf = new Map();

function synthetic(i) {
  const b = base[i % base.length];
  let text;
  if (i % 10 === 9 && textOf.has(i - 5)) text = `Sign up here.\n\n${textOf.get(i - 5).replace(/^[A-Z ]+, \w+ \d+ \(Reuters\) - /, '')}\n\nReporting by Staff; Editing by Desk`;
  else
    text = Array.from({ length: 10 }, () => {
      const w = pick(sentences).split(' ');
      w[Math.floor(rnd() * w.length)] = pick(vocab);
      return w.join(' ');
    }).join(' ');
  textOf.set(i, text);
  if (textOf.size > 20) textOf.delete(i - 20);
  const id = createHash('sha256').update(`synthetic:${i}`).digest('hex').slice(0, 16);
  return {
    ...b,
    id,
    contentHash: createHash('sha256').update(text).digest('hex').slice(0, 16),
    source: { kind: 'file', uri: `synthetic/${i}.txt` },
    url: `https://synthetic.example/a/${i}`,
    publishedAt: new Date(T0 + Math.floor((i * 86_400_000) / RATE)).toISOString(),
    text,
  };
}

// ---- fill and measure -------------------------------------------------------------------------------------------------
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dbPath = join(CACHE, `scale-${process.pid}.db`);
for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
const store = lib.openStore(dbPath);
const db = store.db;
const stats = identity.lookupStats;
const oldLayout = !(db.prepare("SELECT name FROM pragma_table_info('story_bands')").all().some((c) => c.name === 't'));
let next = 0;
const planted = [];

function upsertBatch() {
  for (let i = next; i < next + BATCH; i++) if (i % 10 === 9) planted.push(i);
  return Array.from({ length: BATCH }, () => synthetic(next++));
}

/** Old layout: distinct articles sharing a band with each of these (the lookup's candidates before its LIMIT 5000). */
function oldCandidates(ids) {
  const q = db.prepare(
    `SELECT count(*) AS n FROM (SELECT DISTINCT article_id FROM story_bands WHERE band IN (?,?,?,?,?,?,?,?) AND article_id != ? LIMIT 5000)`,
  );
  const get = db.prepare('SELECT simhash FROM articles WHERE id = ?');
  return ids.map((id) => {
    const h = get.get(id)?.simhash;
    return h ? q.get(...Array.from({ length: 8 }, (_, i) => `${i}:${h.slice(i * 2, i * 2 + 2)}`), id).n : 0;
  });
}

console.log(`store-scale — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`dist ${DIST} (${oldLayout ? '8 text bands, unbounded lookup' : 'dated 16-bit bands, bounded lookup'}); ${RATE} articles a day; batches of ${BATCH}, ${BATCHES} measured per size\n`);
for (const size of SIZES) {
  const tf = performance.now();
  if (next < size) {
    if (FILL === 'sql') db.exec('CREATE TEMP TRIGGER fill_skip_bands BEFORE INSERT ON story_bands BEGIN SELECT RAISE(IGNORE); END;');
    while (next < size) store.upsert(Array.from({ length: Math.min(BATCH, size - next) }, () => synthetic(next++)));
    if (FILL === 'sql') {
      db.exec('DROP TRIGGER temp.fill_skip_bands');
      if (!oldLayout) throw new Error('STORE_SCALE_FILL=sql writes the 8-text-band layout only');
      db.exec('DELETE FROM story_bands');
      for (let i = 0; i < 8; i++) db.exec(`INSERT OR IGNORE INTO story_bands (band, article_id) SELECT '${i}:' || substr(simhash, ${i * 2 + 1}, 2), id FROM articles WHERE simhash IS NOT NULL`);
    }
  }
  const fillS = (performance.now() - tf) / 1000;
  const rates = [];
  const cands = [];
  for (let b = 0; b < BATCHES; b++) {
    const recs = upsertBatch();
    const c0 = stats?.candidates ?? 0;
    const l0 = stats?.lookups ?? 0;
    const t0 = performance.now();
    store.upsert(recs);
    rates.push(BATCH / ((performance.now() - t0) / 1000));
    if (oldLayout) cands.push(median(oldCandidates(recs.map((r) => r.id))));
    else cands.push((stats.candidates - c0) / Math.max(1, stats.lookups - l0));
  }
  const n = db.prepare('SELECT count(*) AS n FROM articles').get().n;
  console.log(
    `store ${String(size).padStart(6)} (${n} after): ${median(rates).toFixed(0).padStart(6)} articles/s (median of ${BATCHES} batches; min ${Math.min(...rates).toFixed(0)}, max ${Math.max(...rates).toFixed(0)})` +
      `, candidates/insert ${oldLayout ? 'median' : 'mean'} ${median(cands).toFixed(1)}${fillS > 1 ? `; filled in ${fillS.toFixed(0)} s` : ''}`,
  );
}
// planted near-duplicates of the measured batches that joined their original's story
const storyOf = db.prepare('SELECT story_id FROM articles WHERE id = ?');
const idOf = (i) => createHash('sha256').update(`synthetic:${i}`).digest('hex').slice(0, 16);
let joined = 0;
let total = 0;
for (const i of planted) {
  const a = storyOf.get(idOf(i))?.story_id;
  const o = storyOf.get(idOf(i - 5))?.story_id;
  if (!a || !o) continue;
  total++;
  if (a === o) joined++;
}
console.log(`\nplanted near-duplicates (measured batches) in their original's story: ${joined} of ${total}`);
store.close();
for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
