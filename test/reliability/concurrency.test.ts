// S3: several processes write the same database at once (racing its creation, and waiting out a held lock): every
// write lands, none fails with SQLITE_BUSY. S1: an ingest loop SIGKILLed at random moments: the file stays
// intact, every acknowledged batch is there, and no batch is partial.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { concurrentWriters, killLoop, requireDist } from './harness.mjs';

beforeAll(() => requireDist());

describe('S3: concurrent writers', () => {
  it('2 processes × 25 batches on a file that does not exist yet: all land, no SQLITE_BUSY', async () => {
    const r = await concurrentWriters({ openStore, db: join(tempDir('tapereader-s3-'), 'race.db'), procs: 2, batches: 25 });
    expect(r.failures).toEqual([]);
    expect(r.crashes + r.lost + r.busy).toBe(0);
  }, 60_000);

  it('2 processes × 25 batches while a third holds the write lock for 1 s', async () => {
    const r = await concurrentWriters({ openStore, db: join(tempDir('tapereader-s3-'), 'held.db'), procs: 2, batches: 25, holdMs: 1000 });
    expect(r.failures).toEqual([]);
    expect(r.crashes + r.lost + r.busy).toBe(0);
    expect(r.worstMs).toBeGreaterThanOrEqual(900); // they did wait for the lock
  }, 60_000);
});

describe('S1: SIGKILL during ingest', () => {
  it('5 kills at random moments: integrity ok, acknowledged batches present, none partial', async () => {
    const r = await killLoop({ openStore, db: join(tempDir('tapereader-s1-'), 'killed.db'), kills: 5, seed: 1 });
    expect(r.failures).toEqual([]);
    expect(r.crashes + r.lost).toBe(0);
    expect(r.acked).toBeGreaterThan(5);
  }, 60_000);
});
