// ingest --jobs N: analysis in worker threads (dist/ingest/parallel-worker.js, built by `npm run build`), one writer.
// The stored rows must be the same, in the same order, as with --jobs 1; a second run changes nothing.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { analyzeFiles, workerScript } from '../../src/ingest/parallel.js';
import { memoryIO, tempDir } from '../helpers.js';

const CORPUS = new URL('../../corpus/', import.meta.url).pathname;
const built = workerScript() !== undefined;

async function run(cwd: string, ...argv: string[]) {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const rows = (db: string) =>
  new Database(db, { readonly: true }).prepare('SELECT rowid, id, content_hash, title FROM articles ORDER BY rowid').all() as Array<Record<string, unknown>>;

/** 13 corpus articles, each also as 3 edited variants (distinct ids), plus an HTML page, a feed and a bad file. */
function inputs(): string {
  const dir = tempDir('tapereader-jobs-');
  const src = join(dir, 'in');
  mkdirSync(src);
  for (const f of ['01-narrow-rally.txt', '02-broadening-rally.txt', '04-earnings.txt', '08-record-high.txt', '11-daily-wrap-reuters-style.txt', '12-small-caps.txt']) {
    copyFileSync(join(CORPUS, f), join(src, f));
    for (let k = 1; k <= 3; k++) writeFileSync(join(src, `${f.slice(0, 2)}-v${k}.txt`), `Variant ${k} of ${f}\n\nStocks rose ${k}.5% on day ${k} as the S&P 500 gained ${k} percent.\n`);
  }
  copyFileSync(join(CORPUS, '14-market-feature.html'), join(src, '14-market-feature.html'));
  copyFileSync(join(CORPUS, '16-market-feed.xml'), join(src, '16-market-feed.xml'));
  writeFileSync(join(src, 'bad.txt'), Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0x00]));
  return dir;
}

describe.skipIf(!built)('ingest --jobs (worker threads; needs `npm run build`)', () => {
  it('stores the same records in the same order as --jobs 1, and is idempotent', async () => {
    const dir = inputs();
    const one = await run(dir, 'ingest', 'in', '--db', 'one.db', '--jobs', '1');
    const two = await run(dir, 'ingest', 'in', '--db', 'two.db', '--jobs', '2', '--batch', '5');
    expect(two.out).toBe(one.out.replace('one.db', 'two.db'));
    expect(two.err).toBe(one.err);
    const a = rows(join(dir, 'one.db'));
    expect(a.length).toBeGreaterThanOrEqual(25);
    expect(rows(join(dir, 'two.db'))).toEqual(a);
    const again = await run(dir, 'ingest', 'in', '--db', 'two.db', '--jobs', '2');
    expect(again.out).toMatch(/: 0 new, 0 updated, \d+ unchanged/);
    expect(rows(join(dir, 'two.db'))).toEqual(a);
  }, 120_000); // three ingests, two of them starting worker threads: a hang guard for a loaded machine

  it('yields one result per file in input order, with input errors named', async () => {
    const dir = inputs();
    const files = ['bad.txt', '01-narrow-rally.txt', 'missing.txt', '02-v1.txt', '16-market-feed.xml'].map((f) => join(dir, 'in', f));
    const got: Array<[string, number, string | undefined]> = [];
    for await (const r of analyzeFiles(files, { jobs: 2 })) got.push([r.file, r.records.length, r.error?.reason]);
    expect(got.map((g) => g[0])).toEqual(files);
    expect(got[1]![1]).toBe(1);
    expect(got[2]![2]).toBe('no such file or directory');
    expect(got[4]![1]).toBeGreaterThan(1);
    const serial: typeof got = [];
    for await (const r of analyzeFiles(files, { jobs: 1 })) serial.push([r.file, r.records.length, r.error?.reason]);
    expect(got).toEqual(serial);
  }, 120_000);

  it('rejects --jobs 0', async () => {
    const r = await run(tempDir(), 'ingest', CORPUS, '--jobs', '0');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--jobs/);
  });
});

it.runIf(!built)('ingest --jobs is tested against dist/ (skipped: run `npm run build` first)', () => {
  expect(existsSync(new URL('../../dist/ingest/parallel-worker.js', import.meta.url))).toBe(false);
});
