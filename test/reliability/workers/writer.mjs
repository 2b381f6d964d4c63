// Storage worker for S1 (SIGKILL an ingest loop), S3 (concurrent writers) and S10 (kill mid-open).
// Uses the built store (dist/store) directly, so it starts in milliseconds. Every committed batch is acknowledged
// on stdout with a synchronous write ("ack <proc> <batch> <version>") only after upsert() has returned.
//   node writer.mjs --db F --mode write --proc P --batches M      write M new batches, then exit 0
//   node writer.mjs --db F --mode loop  --proc P --seed S          new batches and rewrites of old ones, forever
//   node writer.mjs --db F --mode hold  --ms T                     hold the write lock for T ms
//   node writer.mjs --db F --mode open                             open (and migrate) the store, then exit
import { createHash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, prng, BATCH_RECORDS } from '../harness.mjs';

const { values: o } = parseArgs({
  options: { db: { type: 'string' }, mode: { type: 'string' }, proc: { type: 'string', default: '0' }, batches: { type: 'string', default: '0' }, seed: { type: 'string', default: '1' }, ms: { type: 'string', default: '0' } },
});
const { openStore } = await import(join(ROOT, 'dist', 'store', 'index.js'));
const say = (s) => writeSync(1, `${s}\n`);
const sha = (s) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const span = (text, word) => {
  const start = text.indexOf(word);
  return { start, end: start + word.length, text: word };
};

/** A record shaped like analyze() output, with a fixed number of child rows of every kind (see CHILD_ROWS). */
function record(proc, batch, k, version) {
  const token = `t${proc}x${batch}x${k}v${version}`;
  const filler = 'The S&P 500 rose 1.2% as Nvidia jumped 4.1% and Apple slipped 0.5%, while revenue reached $2.5 billion. '.repeat(8);
  const text = `${token} ${filler}"Breadth is thin," said Maria Chen, strategist at Harbor Point. ${token}`;
  const m = (w) => ({ ...span(text, w), rule: 'test/writer' });
  return {
    schemaVersion: 1,
    id: sha(`writer:${proc}:${batch}:${k}`),
    contentHash: sha(`${proc}:${batch}:${k}:${version}`),
    source: { kind: 'file', uri: `writer:${proc}:${batch}:${k}` },
    // the version lives in the title: a rewrite is the same article from the same source, edited in place
    title: `Writer ${proc} batch ${batch} record ${k} version ${version}`,
    url: null,
    publishedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, batch % 86400)).toISOString(),
    text,
    summary: [text.slice(0, 80)],
    tickers: [
      { symbol: 'NVDA', name: 'NVIDIA Corporation', kind: 'stock', inTitle: false, prominence: 3, mentions: [m('Nvidia')] },
      { symbol: 'AAPL', name: 'Apple Inc.', kind: 'stock', inTitle: false, prominence: 2, mentions: [m('Apple')] },
    ],
    indices: [{ id: 'SPX', name: 'S&P 500', mentions: [m('S&P 500')] }],
    levels: [{ index: 'S&P 500', value: 5000 + batch, kind: 'close', span: span(text, '1.2%'), rule: 'test/writer' }],
    moves: [
      { subject: 'S&P 500', symbol: null, percent: 1.2, direction: 'up', period: null, realized: true, span: span(text, 'rose 1.2%'), rule: 'test/writer' },
      { subject: 'NVIDIA Corporation', symbol: 'NVDA', percent: 4.1, direction: 'up', period: null, realized: true, span: span(text, 'jumped 4.1%'), rule: 'test/writer' },
      { subject: 'Apple Inc.', symbol: 'AAPL', percent: -0.5, direction: 'down', period: null, realized: true, span: span(text, 'slipped 0.5%'), rule: 'test/writer' },
    ],
    money: [{ amount: 2.5e9, currency: 'USD', metric: 'revenue', subject: null, span: span(text, '$2.5 billion'), rule: 'test/writer' }],
    quotes: [{ text: 'Breadth is thin,', speaker: 'Maria Chen', title: 'strategist', organization: 'Harbor Point', span: span(text, 'Breadth is thin,'), speakerSpan: span(text, 'Maria Chen'), rule: 'test/writer' }],
    tags: [
      { tag: 'narrow-rally', score: 0.7, rule: 'narratives/narrow-rally@1', evidence: [] },
      { tag: 'earnings', score: 0.4, rule: 'narratives/earnings@1', evidence: [] },
    ],
    breadth: 'narrow',
    diagnostics: [],
  };
}

const batchOf = (proc, batch, version) => Array.from({ length: BATCH_RECORDS }, (_, k) => record(proc, batch, k, version));

if (o.mode === 'open') {
  say('opening');
  openStore(o.db).close();
  say('opened');
} else if (o.mode === 'hold') {
  const store = openStore(o.db);
  store.db.exec('BEGIN IMMEDIATE');
  say('locked');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(o.ms));
  store.db.exec('COMMIT');
  store.close();
  say('released');
} else if (o.mode === 'write') {
  const proc = Number(o.proc);
  const store = openStore(o.db);
  for (let b = 0; b < Number(o.batches); b++) {
    store.upsert(batchOf(proc, b, 1));
    say(`ack ${proc} ${b} 1`);
  }
  store.close();
} else if (o.mode === 'loop') {
  const proc = Number(o.proc);
  const rng = prng(Number(o.seed));
  const store = openStore(o.db);
  // where an earlier (killed) run stopped: the latest version of each of this writer's batches
  const versions = new Map();
  for (const { source_uri, title } of store.db.prepare("SELECT source_uri, title FROM articles WHERE source_uri LIKE ?").all(`writer:${proc}:%`)) {
    const [, , batch] = source_uri.split(':');
    const version = / version (\d+)$/.exec(title)[1];
    versions.set(Number(batch), Math.max(versions.get(Number(batch)) ?? 0, Number(version)));
  }
  let next = versions.size ? Math.max(...versions.keys()) + 1 : 0;
  say('ready');
  for (;;) {
    let batch;
    if (versions.size && rng.chance(0.3)) batch = [...versions.keys()][rng.int(versions.size)];
    else batch = next++;
    const version = (versions.get(batch) ?? 0) + 1;
    store.upsert(batchOf(proc, batch, version));
    versions.set(batch, version);
    say(`ack ${proc} ${batch} ${version}`);
  }
} else {
  console.error(`unknown mode ${o.mode}`);
  process.exit(2);
}
