import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { ArticleRecord } from '../src/types.js';
import { expectValidRecord, memoryIO, tempDir } from './helpers.js';

const CORPUS = new URL('../corpus/', import.meta.url).pathname;

async function run(cwd: string, ...argv: string[]) {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('tapereader analyze', () => {
  it('prints one valid record per article of the corpus as JSON Lines', async () => {
    const r = await run(CORPUS, 'analyze', '.', '--format', 'jsonl');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const records = r.out.trim().split('\n').map((l) => JSON.parse(l) as ArticleRecord);
    const files = readdirSync(CORPUS).filter((f) => /\.(txt|html)$/.test(f));
    expect(records.length).toBeGreaterThanOrEqual(files.length + 2); // + the feed's items
    for (const rec of records) expectValidRecord(rec);
    expect(new Set(records.map((x) => x.id)).size).toBe(records.length);
  });

  it('gives the same ids for the same input', async () => {
    const a = await run(CORPUS, 'analyze', '01-narrow-rally.txt');
    const b = await run(CORPUS, 'analyze', './01-narrow-rally.txt');
    expect(JSON.parse(a.out).id).toBe(JSON.parse(b.out).id);
  });

  it('names a missing file and exits 2; a partial failure exits 1', async () => {
    const dir = tempDir();
    const miss = await run(dir, 'analyze', 'missing.txt');
    expect(miss.code).toBe(2);
    expect(miss.err).toContain('missing.txt: no such file or directory');
    copyFileSync(join(CORPUS, '01-narrow-rally.txt'), join(dir, 'ok.txt'));
    const partial = await run(dir, 'analyze', 'ok.txt', 'missing.txt');
    expect(partial.code).toBe(1);
    expect(partial.out.trim().split('\n')).toHaveLength(1);
  });

  it('rejects bad option values with a usage error', async () => {
    const r = await run(CORPUS, 'analyze', '.', '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Allowed choices are jsonl, json, table/);
    const s = await run(tempDir(), 'search', 'x', '--since', 'yesterday');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--since: expected a date/);
  });
});

describe('tapereader ingest / search / show / export / stats', () => {
  it('stores the corpus once, searches it and exports CSV that re-parses', async () => {
    const dir = tempDir();
    const first = await run(dir, 'ingest', CORPUS, '--db', 'x.db');
    expect(first.code).toBe(0);
    const n = Number(/(\d+) new/.exec(first.out)![1]);
    expect(n).toBeGreaterThanOrEqual(15);
    const second = await run(dir, 'ingest', CORPUS, '--db', 'x.db');
    expect(second.out).toMatch(/: 0 new, 0 updated, \d+ unchanged/);

    const search = await run(dir, 'search', 'S&P 500', '--db', 'x.db', '--json', '--limit', '100');
    const hits = search.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; tickers: string[]; tags: string[] });
    expect(hits.length).toBeGreaterThan(3);

    const withTicker = hits.find((h) => h.tickers.length)!;
    const bySym = await run(dir, 'search', '--ticker', withTicker.tickers[0]!, '--db', 'x.db', '--json', '--limit', '100');
    expect(bySym.out).toContain(withTicker.id);
    const withTag = hits.find((h) => h.tags.length)!;
    const byTag = await run(dir, 'search', '--tag', withTag.tags[0]!, '--db', 'x.db', '--json', '--limit', '100');
    expect(byTag.out).toContain(withTag.id);
    for (const line of byTag.out.trim().split('\n')) expect((JSON.parse(line) as { tags: string[] }).tags).toContain(withTag.tags[0]);

    const show = await run(dir, 'show', withTag.id, '--db', 'x.db', '--json');
    expectValidRecord(JSON.parse(show.out) as ArticleRecord);
    const missing = await run(dir, 'show', 'ffffffffffffffff', '--db', 'x.db');
    expect(missing.code).toBe(2);
    // the readable form lists key figures and quotes (pointing at the record's own extractions) and the story
    const wrap = JSON.parse((await run(dir, 'search', 'Aguilar', '--db', 'x.db', '--json')).out.trim().split('\n')[0]!) as { id: string };
    const rec = JSON.parse((await run(dir, 'show', wrap.id, '--db', 'x.db', '--json')).out) as ArticleRecord;
    const readable = (await run(dir, 'show', wrap.id, '--db', 'x.db')).out;
    expect(rec.keyFigures!.length).toBeGreaterThan(0);
    const firstKey = rec.keyFigures![0]!;
    const fig = firstKey.kind === 'moves' ? rec.moves[firstKey.index]! : rec.levels[firstKey.index]!;
    expect(fig.span).toEqual(firstKey.span);
    expect(readable).toMatch(/^ {2}key {6}\S.*(%|\(\w[\w-]*\))$/m);
    expect(readable).toMatch(/^ {2}key {6}"The market has been trying.*" — Victor Aguilar$/m);
    expect(readable).toContain(`  story    ${rec.story!.id}: ${rec.story!.size} article(s), first seen ${rec.story!.firstSeen}`);

    const exp = await run(dir, 'export', '--kind', 'moves', '--db', 'x.db');
    expect(exp.code).toBe(0);
    const rows = parse(exp.out, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(Number.isFinite(Number(row['percent']))).toBe(true);
      for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+@]/);
    }
    const stats = await run(dir, 'stats', '--db', 'x.db', '--json');
    expect(JSON.parse(stats.out).articles).toBe(n);
  });

  it('reports bad inputs without losing what was stored', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'mixed'));
    copyFileSync(join(CORPUS, '03-rate-cut-bets.txt'), join(dir, 'mixed', 'good.txt'));
    writeFileSync(join(dir, 'mixed', 'empty.txt'), '');
    writeFileSync(join(dir, 'mixed', 'bin.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
    writeFileSync(join(dir, 'mixed', 'image.png'), 'png');
    expect((await run(dir, 'ingest', join(CORPUS, '01-narrow-rally.txt'), '--db', 'x.db')).code).toBe(0);
    const r = await run(dir, 'ingest', 'mixed', 'nope.txt', '--db', 'x.db');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 new/);
    expect(r.err).toContain('empty.txt: file is empty');
    expect(r.err).toContain('bin.txt: looks like a binary file');
    expect(r.err).toContain('image.png: skipped');
    expect(r.err).toContain('nope.txt: no such file or directory');
    const stats = await run(dir, 'stats', '--db', 'x.db', '--json');
    expect(JSON.parse(stats.out).articles).toBe(2);
  });

  it('refuses a database file that is not one, and leaves it as it was', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.db'), 'not sqlite');
    const r = await run(dir, 'ingest', CORPUS, '--db', 'x.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/x\.db: is not a tapereader database/);
  });
});

describe('tapereader lexicon check', () => {
  const LEX = new URL('../lexicons/', import.meta.url).pathname;

  it('accepts the shipped lexicons', async () => {
    const r = await run(LEX, 'lexicon', 'check', 'tickers.tsv', 'indices.tsv', 'commodities.tsv', 'narratives/small-caps.yml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('reports file:line for a broken TSV row and exits 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't.tsv'), '# x\nsymbol\tname\tkind\texchange\taliases\tformerly\tflags\nAAPL\tApple Inc.\tbond\tNASDAQ\tApple\t\t\n');
    const r = await run(dir, 'lexicon', 'check', 't.tsv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/t\.tsv:3:1: column kind/);
  });
});
