// Golden records: the corpus articles are the spec. Each golden file holds a readable projection of the record
// (what an analyst checks), compared after the invariant check. Regenerate with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../src/pipeline.js';
import type { ArticleRecord } from '../src/types.js';
import { expectValidRecord } from './helpers.js';

const CORPUS = new URL('../corpus/', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const FILES = readdirSync(CORPUS).filter((f) => /\.(txt|html|xml)$/.test(f)).sort();

function projection(r: ArticleRecord) {
  return {
    title: r.title,
    publishedAt: r.publishedAt,
    tickers: r.tickers.map((t) => `${t.symbol}${t.inTitle ? ' (title)' : ''}`),
    indices: r.indices.map((i) => i.name),
    levels: r.levels.map((l) => `${l.index} ${l.value} ${l.kind}`),
    moves: r.moves.map((m) => `${m.symbol ?? m.subject} ${m.percent > 0 ? '+' : ''}${m.percent}%${m.period ? ` [${m.period}]` : ''}${m.realized ? '' : ' (unrealized)'}`),
    money: r.money.map((m) => `${m.currency} ${m.amount}${m.metric ? ` ${m.metric}` : ''}${m.subject ? ` (${m.subject})` : ''}`),
    quotes: r.quotes.map((q) => `${q.speaker ?? '?'} | ${q.title ?? ''} | ${q.organization ?? ''} | ${q.text.slice(0, 48)}`),
    tags: r.tags.map((t) => t.tag).sort(),
    breadth: r.breadth,
    summary: r.summary,
  };
}

describe('golden corpus records', () => {
  it.each(FILES)('%s', async (file) => {
    const records: ArticleRecord[] = [];
    for await (const res of analyzePaths([`${CORPUS}${file}`])) {
      expect(res.error).toBeUndefined();
      records.push(...res.records);
    }
    for (const r of records) expectValidRecord(r);
    const got = records.map(projection);
    const path = `${GOLDEN}${file}.json`;
    if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) writeFileSync(path, `${JSON.stringify(got, null, 2)}\n`);
    expect(got).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });
});
