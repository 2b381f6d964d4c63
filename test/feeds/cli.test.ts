// feed add / list / remove: validation at add, names, and unsubscribing without losing articles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Interval, feedAddress } from '../../src/cli/feed.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { cli, rss, story } from './helpers.js';

// real servers, analysis of every item and a 2-core machine shared with other suites: generous per-test time
vi.setConfig({ testTimeout: 60_000 });

describe('feed add / list / remove', () => {
  it('adds http(s) URLs and local files, lists them, removes by name or URL and keeps the articles', async () => {
    const dir = tempDir('tapereader-feedcli-');
    writeFileSync(join(dir, 'local.xml'), rss('Local feed', [{ guid: 'l1', link: 'https://local.example/a', title: 'Chipmaker beats estimates', text: story(0) }]));
    const a = await cli(dir, 'feed', 'add', 'HTTPS://News.Example.com:443/rss?x=1', '--name', 'news', '--db', 't.db');
    expect(a).toEqual({ code: 0, out: 'added feed 1: https://news.example.com/rss?x=1 as "news"\n', err: '' });
    const b = await cli(dir, 'feed', 'add', 'local.xml', '--db', 't.db');
    expect(b.code).toBe(0);
    expect(b.out).toBe(`added feed 2: ${join(dir, 'local.xml')}\n`);

    const list = await cli(dir, 'feed', 'list', '--db', 't.db');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^id +name +articles +last checked \(UTC\) +status +next try +url$/m);
    expect(list.out).toMatch(/^ 1 +news +0 +never +https:\/\/news\.example\.com\/rss\?x=1$/m);
    expect(list.out).toContain(`  ${join(dir, 'local.xml')}\n`);
    const json = (await cli(dir, 'feed', 'list', '--json', '--db', 't.db')).out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.map((f) => [f['id'], f['name'], f['url'], f['etag'], f['failures']])).toEqual([
      [1, 'news', 'https://news.example.com/rss?x=1', null, 0],
      [2, null, join(dir, 'local.xml'), null, 0],
    ]);

    // the local feed polls without a network
    const p = await cli(dir, 'feed', 'poll', 'local.xml', '--db', 't.db');
    expect(p.out).toContain('Local feed: 1 new, 0 updated, 0 unchanged');
    expect(p.code).toBe(0);

    const rm = await cli(dir, 'feed', 'remove', join(dir, 'local.xml'), '--db', 't.db');
    expect(rm).toEqual({ code: 0, out: 'removed feed Local feed; its 1 article(s) stay stored\n', err: '' });
    const rm2 = await cli(dir, 'feed', 'remove', 'news', '--db', 't.db');
    expect(rm2.out).toBe('removed feed news (https://news.example.com/rss?x=1); its 0 article(s) stay stored\n');
    expect((await cli(dir, 'feed', 'list', '--db', 't.db')).out).toBe('no feeds: add one with `tapereader feed add URL`\n');
    const s = openStore(join(dir, 't.db'));
    expect((s.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(1);
    expect((s.db.prepare('SELECT count(*) AS n FROM feed_items').get() as { n: number }).n).toBe(0);
    s.close();
  });

  it('refuses bad addresses, duplicates and taken names with exit 2 and a message naming the input', async () => {
    const dir = tempDir('tapereader-feedcli-');
    await cli(dir, 'feed', 'add', 'https://a.example/feed', '--name', 'a', '--db', 't.db');
    const cases: Array<[string[], RegExp]> = [
      [['ftp://a.example/feed'], /ftp:\/\/a\.example\/feed: only http and https feeds can be polled/],
      [['javascript:alert(1)'], /javascript:alert\(1\): only http and https/],
      [['http://'], /http:\/\/: not a valid URL/],
      [['https://user:secret@a.example/feed'], /user name or password are not accepted/],
      [['no-such-file.xml'], /no-such-file\.xml: no such file/],
      [['.'], /\.: not a regular file/],
      [['https://a.example/feed'], /already subscribed to https:\/\/a\.example\/feed \(as "a"\)/],
      [['https://b.example/feed', '--name', 'a'], /the name "a" is taken by https:\/\/a\.example\/feed/],
      [['https://b.example/feed', '--name', '  '], /--name: the name is empty/],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(dir, 'feed', 'add', ...args, '--db', 't.db');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(msg);
      expect(r.out).toBe('');
    }
    const rm = await cli(dir, 'feed', 'remove', 'nope', '--db', 't.db');
    expect(rm.code).toBe(2);
    expect(rm.err).toContain('no feed with URL or name "nope"');
    const bad = await cli(dir, 'feed', 'poll', '--interval', '5x', '--db', 't.db');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--interval: expected a duration like 30s, 15m or 1h (got "5x")');
    expect((await cli(dir, 'feed', 'list', '--json', '--db', 't.db')).out.trim().split('\n')).toHaveLength(1);
  });

  it('parses intervals and addresses', () => {
    expect(Interval.parse('15m')).toBe(900_000);
    expect(Interval.parse('30s')).toBe(30_000);
    expect(Interval.parse('1.5h')).toBe(5_400_000);
    expect(Interval.safeParse('500ms').success).toBe(false);
    expect(Interval.safeParse('25h').success).toBe(false);
    expect(feedAddress('http://EXAMPLE.com:80/a b', '/')).toBe('http://example.com/a%20b');
    const dir = tempDir('tapereader-feedcli-');
    writeFileSync(join(dir, 'f.xml'), '<rss/>');
    expect(feedAddress(`file://${join(dir, 'f.xml')}`, '/')).toBe(join(dir, 'f.xml'));
  });

  it('poll with no feeds says so and exits 0', async () => {
    const dir = tempDir('tapereader-feedcli-');
    expect(await cli(dir, 'feed', 'poll', '--db', 't.db')).toEqual({ code: 0, out: 'no feeds: add one with `tapereader feed add URL`\n', err: '' });
  });
});
