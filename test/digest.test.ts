import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { digest } from '../src/cli/digest.js';
import { analyze } from '../src/pipeline.js';
import { openStore } from '../src/store/index.js';
import type { ArticleRecord } from '../src/types.js';
import { article, memoryIO, tempDir } from './helpers.js';

const NARROW = 'The rally remains narrow: a handful of megacap technology stocks accounted for most of the gains in the S&P 500, while the equal-weighted index lagged.';
const BROAD = 'The rally broadened as small caps and cyclical stocks joined in, with the equal-weighted S&P 500 outperforming its cap-weighted parent and the Russell 2000 rising 2.1%.';
const CUTS = 'Traders increased bets that the Federal Reserve will cut interest rates in March, with futures pricing a 70% chance of a rate cut.';
const QUOTE = '"We think the gains can continue," said Ann Lee, chief investment officer at Ridge Partners.';

// three articles in the week of Monday 2024-01-08 (two on the 9th), two in the week of 2024-01-15
const DATED: Array<[string, string]> = [
  ['2024-01-09T14:00:00Z', `${NARROW} ${QUOTE}`],
  ['2024-01-09T20:30:00Z', `${NARROW} ${CUTS}`],
  ['2024-01-12T21:00:00Z', CUTS],
  ['2024-01-15T15:00:00Z', `${BROAD} ${QUOTE}`],
  ['2024-01-21T23:59:00Z', BROAD],
];

let dir: string;
let records: ArticleRecord[];

beforeAll(() => {
  dir = tempDir();
  records = DATED.map(([at, text], k) => analyze(article(text, `Markets wrap ${k + 1}`, { publishedAt: at, url: `https://example.com/wrap-${k + 1}` })));
  const store = openStore(join(dir, 'tapereader.db'));
  store.upsert(records);
  store.close();
});

async function run(...argv: string[]) {
  const io = memoryIO(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('digest over time', () => {
  it('the fixtures carry the tags the series counts (so the counts below mean something)', () => {
    const tagsOf = (r: ArticleRecord) => r.tags.map((t) => t.tag);
    expect(records.map((r) => r.breadth)).toEqual(['narrow', 'narrow', 'none', 'broadening', 'broadening']);
    expect(records.map((r) => tagsOf(r).includes('rate-cut-expectations'))).toEqual([false, true, true, false, false]);
  });

  it('groups articles by day, with breadth counts, tag shares and the ids behind each point', () => {
    const store = openStore(join(dir, 'tapereader.db'));
    const d = digest(store, { by: 'day' });
    store.close();
    expect(d.series!.points.map((p) => [p.period, p.articles])).toEqual([
      ['2024-01-09', 2],
      ['2024-01-12', 1],
      ['2024-01-15', 1],
      ['2024-01-21', 1],
    ]);
    const first = d.series!.points[0]!;
    expect(first.breadth).toEqual({ narrow: 2, broadening: 0, mixed: 0, none: 0 });
    expect(first.tags['rate-cut-expectations']).toEqual({ articles: 1, share: 0.5, ids: [records[1]!.id] });
    expect(new Set(first.ids)).toEqual(new Set([records[0]!.id, records[1]!.id]));
  });

  it('groups by ISO week (starting Monday), and respects --since/--until', () => {
    const store = openStore(join(dir, 'tapereader.db'));
    const d = digest(store, { by: 'week' });
    const later = digest(store, { by: 'week', since: '2024-01-13' });
    store.close();
    expect(d.series!.points.map((p) => [p.period, p.articles, p.breadth.narrow, p.breadth.broadening])).toEqual([
      ['2024-01-08', 3, 2, 0],
      ['2024-01-15', 2, 0, 2],
    ]);
    expect(d.series!.points[0]!.tags['rate-cut-expectations']!.share).toBeCloseTo(2 / 3, 6);
    expect(later.series!.points.map((p) => p.period)).toEqual(['2024-01-15']);
    expect(later.articles).toBe(2);
  });

  it('lists the most-quoted people and firms with their articles', () => {
    const store = openStore(join(dir, 'tapereader.db'));
    const d = digest(store);
    store.close();
    expect(d.quoted[0]).toMatchObject({ speaker: 'Ann Lee', organization: 'Ridge Partners', quotes: 2 });
    expect(d.firms[0]).toMatchObject({ organization: 'Ridge Partners', quotes: 2, speakers: 1 });
    expect(new Set(d.firms[0]!.ids)).toEqual(new Set([records[0]!.id, records[3]!.id]));
    expect(d.series).toBeUndefined();
  });
});

describe('tapereader digest', () => {
  it('--format csv gives the weekly series: counts, shares and article ids, numbers as numbers', async () => {
    const r = await run('digest', '--by', 'week', '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x['period'], x['by'], x['articles'], x['breadth_narrow_share'], x['broadening-rally']])).toEqual([
      ['2024-01-08', 'week', '3', '0.6667', '0'],
      ['2024-01-15', 'week', '2', '0', '2'],
    ]);
    expect(rows[0]!['rate-cut-expectations_share']).toBe('0.6667');
    expect(rows[1]!['article_ids']!.split(' ').sort()).toEqual([records[3]!.id, records[4]!.id].sort());
  });

  it('csv without --by is daily; text output shows the series table', async () => {
    const csv = await run('digest', '--format', 'csv');
    expect(parse(csv.out, { columns: true })).toHaveLength(4);
    const text = await run('digest', '--by', 'week');
    expect(text.out).toMatch(/^week of +articles +narrow +broadening +rate cuts/m);
    expect(text.out).toMatch(/^2024-01-08 +3 +67% +0% +67%/m);
    expect(text.out).toMatch(/^most quoted firms/m);
  });

  it('rejects an unknown period with exit 2', async () => {
    const r = await run('digest', '--by', 'month');
    expect(r.code).toBe(2);
    expect(r.err).toContain("argument 'month' is invalid");
  });
});
