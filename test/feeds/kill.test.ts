// D6: a process SIGKILLed during a poll (between parse and commit, or at a random moment) loses nothing: the
// validators are written only with the items, so the next poll fetches the feed in full.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource, HostScheduler } from '../../src/net/index.js';
import { pollFeeds } from '../../src/feeds/poll.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { prng, ROOT, runNode } from '../reliability/harness.mjs';
import { rss, startServer, STORIES } from './helpers.js';

const WORKER = join(ROOT, 'test', 'feeds', 'workers', 'poll.mjs');
const ITEMS = 12;
const ETAG = '"d6-v1"';

let srv: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  // the worker runs the built library, as the reliability workers do
  if (!existsSync(join(ROOT, 'dist', 'feeds', 'poll.js'))) throw new Error('dist/feeds/poll.js is missing: run `npm run build` (npm ci runs it) before this test');
  srv = await startServer();
  const items = Array.from({ length: ITEMS }, (_, i) => ({
    guid: `d6-${i}`,
    link: `https://d6.example/story/${i}`,
    title: `Story ${i}: ${STORIES[i % STORIES.length]![0]!.slice(0, 40)}`,
    text: `Item ${i}. ${STORIES[i % STORIES.length]!.join('\n\n')}`,
  }));
  srv.routes.set('/d6.xml', { body: rss('D6 feed', items), etag: ETAG });
});
afterAll(async () => {
  await srv?.close();
});

function setup(): { db: string; url: string } {
  const db = join(tempDir('tapereader-d6-'), 't.db');
  const s = openStore(db);
  s.addFeed(`${srv.base}/d6.xml`, 'd6');
  s.close();
  return { db, url: `${srv.base}/d6.xml` };
}

/** After a kill: the stored state is all or nothing, and the next poll ends with every item stored. */
async function checkAfterKill(db: string): Promise<{ committed: boolean; next: string }> {
  const s = openStore(db);
  try {
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (s.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const etag = (s.db.prepare('SELECT etag FROM feeds').get() as { etag: string | null }).etag;
    const committed = etag === ETAG;
    // validators present <=> all items present
    expect(count).toBe(committed ? ITEMS : 0);
    const before = srv.log.length;
    const [r] = await pollFeeds(s, s.listFeeds(), { fetch: fetchResource, scheduler: new HostScheduler() }, { allowPrivate: true });
    const req = srv.log.slice(before);
    expect(req).toHaveLength(1);
    // not committed: the next poll asks without validators and gets the whole feed
    expect(req[0]!.ifNoneMatch).toBe(committed ? ETAG : null);
    expect(r!.status).toBe(committed ? 'not-modified' : 'ok');
    expect((s.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(ITEMS);
    expect((s.db.prepare('SELECT count(*) AS n FROM articles_fts').get() as { n: number }).n).toBe(ITEMS);
    return { committed, next: r!.status };
  } finally {
    s.close();
  }
}

describe('D6: SIGKILL during a poll', () => {
  it('killed between parse and commit: nothing stored, no validators; the next poll refetches in full', async () => {
    const { db } = setup();
    const run = await runNode(WORKER, ['--db', db, '--pause', 'parsed'], {
      timeoutMs: 30_000,
      onStdout: (chunk, child) => {
        if (chunk.includes('parsed')) child.kill('SIGKILL');
      },
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).toContain('parsed 1');
    expect(run.stdout).not.toContain('committed');
    expect(await checkAfterKill(db)).toEqual({ committed: false, next: 'ok' });
  }, 60_000);

  it('killed at random moments of a poll: 0 items missing every time', async () => {
    const rng = prng(6);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const { db } = setup();
      const delay = rng.int(400);
      await runNode(WORKER, ['--db', db], {
        timeoutMs: 30_000,
        onStdout: (chunk, child) => {
          if (chunk.includes('fetched')) setTimeout(() => child.kill('SIGKILL'), delay);
        },
      });
      outcomes.push((await checkAfterKill(db)).committed);
    }
    expect(outcomes).toHaveLength(4);
  }, 120_000);

  it('a worker left alone completes: all items, validators saved', async () => {
    const { db } = setup();
    const run = await runNode(WORKER, ['--db', db], { timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`done [["ok",${ITEMS}]]`);
    expect(await checkAfterKill(db)).toEqual({ committed: true, next: 'not-modified' });
  }, 60_000);
});

describe('feed poll --watch', () => {
  it('loops until SIGTERM, and a signal during a poll lets that poll finish and commit', async () => {
    const { db } = setup();
    let hits = 0;
    let child: import('node:child_process').ChildProcess | null = null;
    const base = srv.routes.get('/d6.xml') as { body: string };
    srv.routes.set('/watch.xml', () => {
      hits++;
      // the second poll is slow; SIGTERM arrives while it is under way
      if (hits === 2) setTimeout(() => child?.kill('SIGTERM'), 100);
      return { body: base.body, delayMs: hits === 2 ? 800 : 0 };
    });
    const s = openStore(db);
    s.removeFeed(s.listFeeds()[0]!.id);
    s.addFeed(`${srv.base}/watch.xml`, 'watched');
    s.close();
    const run = await runNode(join(ROOT, 'dist', 'cli', 'bin.js'), ['feed', 'poll', '--watch', '--interval', '1s', '--allow-private', '--db', db], {
      timeoutMs: 30_000,
      onStdout: (_chunk, c) => {
        child = c;
      },
    });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    expect(hits).toBe(2);
    const polls = run.stdout.split('\n').filter((l: string) => l.startsWith('polled 1 feed(s)'));
    expect(polls).toHaveLength(2);
    expect(run.stdout).toContain(`watched: ${ITEMS} new, 0 updated, 0 unchanged`);
    expect(run.stdout).toContain(`watched: 0 new, 0 updated, ${ITEMS} unchanged`);
    expect(run.stderr).toContain('stopping after the poll under way');
    const after = openStore(db);
    expect((after.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(ITEMS);
    after.close();
  }, 60_000);
});
