// S6: files that are not (or no longer) a database are refused, named, and never touched.
// S10: migrations are a no-op the second time (and with two connections), and an interrupted one leaves a
// consistent, re-openable file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { analyze } from '../../src/pipeline.js';
import { openStore, StoreError } from '../../src/store/index.js';
import { migrate, MIGRATIONS } from '../../src/store/migrations.js';
import { memoryIO, tempDir } from '../helpers.js';
import { badDatabaseFiles, buildRecords, killMidOpen, requireDist, schemaOf } from './harness.mjs';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const litter = (p: string) => ['-wal', '-shm', '-journal'].filter((s) => existsSync(p + s));

/** A real database with the fixture articles, checkpointed so the main file holds everything. */
function realDb(dir: string): Buffer {
  const p = join(dir, 'real.db');
  const s = openStore(p);
  s.upsert(buildRecords(analyze));
  s.close();
  expect(litter(p)).toEqual([]);
  return readFileSync(p);
}

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('S6: a file that is not a usable database', () => {
  let dir: string;
  let real: Buffer;
  let cases: Array<{ name: string; path: string }>;
  beforeAll(() => {
    dir = tempDir('tapereader-s6-');
    real = realDb(dir);
    cases = badDatabaseFiles(dir, real);
  });

  it('refuses each with a StoreError naming the file, leaves its bytes and its directory as they were', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    for (const { name, path: p } of cases) {
      const before = sha(p);
      let err: unknown = null;
      try {
        openStore(p).close();
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(StoreError);
      expect((err as Error).message, name).toContain(p);
      expect(sha(p), `${name}: bytes changed`).toBe(before);
      expect(litter(p), `${name}: left files behind`).toEqual([]);
    }
  });

  it('refuses a directory', () => {
    expect(() => openStore(dir)).toThrow(StoreError);
    expect(() => openStore(dir)).toThrow(/is a directory/);
  });

  it('exits 2 through the CLI, naming the file, for reading and writing commands alike', async () => {
    for (const { name, path: p } of cases) {
      const before = sha(p);
      for (const argv of [['search', 'Nvidia'], ['ingest', join(dir, 'real.db')], ['stats'], ['export', '--kind', 'moves']]) {
        const r = await cli(dir, ...argv, '--db', p);
        expect(r.code, `${name}: ${argv[0]}`).toBe(2);
        expect(r.err, `${name}: ${argv[0]}`).toContain(p);
        expect(r.out, `${name}: ${argv[0]}`).toBe('');
      }
      expect(sha(p), name).toBe(before);
    }
    const d = await cli(dir, 'stats', '--db', dir);
    expect(d.code).toBe(2);
    expect(d.err).toContain('is a directory');
  });

  it('still opens an intact copy of the same database', () => {
    const p = join(dir, 'intact.db');
    writeFileSync(p, real);
    const s = openStore(p);
    expect(s.search('Nvidia').length).toBeGreaterThan(0);
    s.close();
  });
});

describe('S10: migrations', () => {
  let dir: string;
  let reference: string;
  beforeAll(() => {
    dir = tempDir('tapereader-s10-');
    const s = openStore(join(dir, 'reference.db'));
    reference = schemaOf(s.db);
    s.close();
  });

  it('a second open is a no-op: same schema, same bytes', () => {
    const p = join(dir, 'twice.db');
    const a = openStore(p);
    a.upsert(buildRecords(analyze).slice(0, 3));
    a.close();
    const before = sha(p);
    const b = openStore(p);
    expect(schemaOf(b.db)).toBe(reference);
    expect(migrate(b.db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    b.close();
    expect(sha(p)).toBe(before);
  });

  it('two connections open at once share one schema and see each other’s writes', () => {
    const p = join(dir, 'two.db');
    const a = openStore(p);
    const b = openStore(p);
    expect(schemaOf(a.db)).toBe(reference);
    expect(schemaOf(b.db)).toBe(reference);
    const [r1, r2] = buildRecords(analyze);
    a.upsert([r1!]);
    b.upsert([r2!]);
    expect(a.search(undefined).length).toBe(2);
    expect(b.search(undefined).length).toBe(2);
    expect(b.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    a.close();
    b.close();
  });

  it('a migration rolled back half-way (rollback journal or WAL) leaves a file that opens with the full schema', () => {
    for (const mode of ['delete', 'wal']) {
      for (const upTo of [1, 5, Number.POSITIVE_INFINITY]) {
        const p = join(dir, `interrupted-${mode}-${upTo}.db`);
        const raw = new Database(p);
        raw.pragma(`journal_mode = ${mode}`);
        raw.exec('BEGIN IMMEDIATE');
        // the first statements of migration 1, as if the process stopped after them
        const statements = MIGRATIONS[0]!.sql.split(/;\s*\n(?=\s*CREATE)/).slice(0, upTo);
        raw.exec(statements.join(';\n') + (upTo === Number.POSITIVE_INFINITY ? '' : ';'));
        raw.close(); // never committed: SQLite rolls it back
        const s = openStore(p);
        expect(schemaOf(s.db), `${mode} after ${upTo} statement(s)`).toBe(reference);
        s.upsert(buildRecords(analyze).slice(0, 1));
        expect(s.search('S&P 500').length).toBe(1);
        expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
        s.close();
      }
    }
  });

  it('a process killed while creating the database leaves a file that opens with the full schema', async () => {
    requireDist();
    const sub = join(dir, 'killed');
    mkdirSync(sub);
    const r = await killMidOpen({ openStore, dir: sub, times: 8, seed: 10, reference });
    expect(r.failures).toEqual([]);
    expect(r.crashes + r.lost).toBe(0);
  }, 30_000);
});
