// S5: the disk fills up mid-batch (simulated with a low max_page_count, which SQLite enforces like a full disk:
// SQLITE_FULL). Expected: an error, no partial batch, the process and the connection stay usable, and the same batch
// lands once there is room again.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { openStore } from '../../src/store/index.js';
import type { ArticleRecord } from '../../src/types.js';
import { article, tempDir } from '../helpers.js';

const para = (k: number) =>
  `Shares of company number ${k} rose ${(k % 9) + 1}.${k % 10} percent on Tuesday after it reported quarterly revenue of $${k + 1}.2 billion, ` +
  `ahead of estimates, and raised its full-year outlook. The S&P 500 gained 0.${k % 10} percent. `;

function records(from: number, n: number): ArticleRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return analyze(article(Array.from({ length: 12 }, (_, j) => para(k * 13 + j)).join('\n\n'), `Company ${k} results`, { url: `https://example.com/results/${k}` }));
  });
}

describe('S5: disk full mid-batch', () => {
  it('fails the batch as a whole, keeps what was stored, and accepts the batch later', () => {
    const path = join(tempDir('tapereader-s5-'), 'full.db');
    const store = openStore(path);
    store.upsert(records(0, 5));
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const fts = () => (store.db.prepare('SELECT count(*) AS n FROM articles_fts').get() as { n: number }).n;
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    // room for a few more pages only: a 40-article batch cannot fit
    store.db.pragma(`max_page_count = ${pages + 4}`);
    const batch = records(100, 40);
    let err: unknown;
    try {
      store.upsert(batch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(String((err as { code?: string }).code ?? (err as Error).message)).toMatch(/SQLITE_FULL|full/i);
    // nothing of the failed batch, everything from before, search rows in step
    expect(count()).toBe(5);
    expect(fts()).toBe(5);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.search('revenue', {}, 100)).toHaveLength(5);
    // room again: the same batch lands in full
    store.db.pragma('max_page_count = 1073741823');
    expect(store.upsert(batch).filter((o) => o === 'new')).toHaveLength(40);
    expect(count()).toBe(45);
    expect(fts()).toBe(45);
    store.close();
    const again = openStore(path);
    expect((again.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(45);
    again.close();
  });
});

describe('a database failure during ingest, from the command line', () => {
  it('is named with its SQLite code, exits 1, and keeps the batches stored before it', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { memoryIO } = await import('../helpers.js');
    const Database = (await import('better-sqlite3')).default;
    const dir = tempDir('tapereader-s5-cli-');
    const corpus = new URL('../../corpus/', import.meta.url).pathname;
    const first = memoryIO(dir);
    expect(await main(['ingest', `${corpus}01-narrow-rally.txt`], first)).toBe(0);
    // a stand-in for a failing disk: every further insert is refused by the database itself
    const db = new Database(join(dir, 'tapereader.db'));
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
    db.close();
    const io = memoryIO(dir);
    expect(await main(['ingest', `${corpus}02-broadening-rally.txt`], io)).toBe(1);
    expect(io.err()).toMatch(/^tapereader: database error \(SQLITE_CONSTRAINT_TRIGGER\): simulated failure; the failed batch was not stored, earlier batches are kept$/m);
    const check = openStore(join(dir, 'tapereader.db'));
    expect((check.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(1);
    check.close();
  });
});
