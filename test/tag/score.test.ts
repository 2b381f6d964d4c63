import { describe, expect, it } from 'vitest';
import type { Extractions } from '../../src/extract/types.js';
import { segment } from '../../src/segment/index.js';
import { breadthOf, HEDGE_FACTOR, MIXED_RATIO, REPEAT_DECAY, squash, tagDoc } from '../../src/tag/index.js';
import type { Narrative } from '../../src/tag/schema.js';
import type { Move } from '../../src/types.js';

function narrative(tag: string, terms: Array<[string, number]>, extra: Partial<Narrative> = {}): Narrative {
  return {
    tag,
    version: 1,
    description: tag,
    threshold: 0.5,
    terms: terms.map(([pattern, weight]) => ({ pattern, weight })),
    requires: [],
    unless: [],
    negations: [],
    hedges: [],
    excludes: [],
    examples: { match: [], noMatch: [] },
    ...extra,
  };
}

const EMPTY: Extractions = { tickers: [], indices: [], levels: [], moves: [], money: [], quotes: [] };
const run = (text: string, narratives: Narrative[], ex: Extractions = EMPTY) => tagDoc(segment(text), ex, narratives);
const scoreOf = (r: ReturnType<typeof run>, tag: string) => r.tags.find((t) => t.tag === tag)?.score;

describe('tagDoc scoring', () => {
  const cuts = narrative('cuts', [['rate cut*', 1]], { negations: ['(not|no sign* of)'], hedges: ['(could|may)'] });

  it('emits a tag with its rule, score and evidence spans that slice back to the record text', () => {
    const text = 'Traders bet on a ra\u200Bte cut\u00a0soon.';
    const r = run(text, [cuts]);
    expect(r.tags).toHaveLength(1);
    const t = r.tags[0]!;
    expect(t).toMatchObject({ tag: 'cuts', rule: 'narratives/cuts@1', score: Math.round(squash(1) * 1000) / 1000 });
    expect(t.evidence).toEqual([{ start: 17, end: 26, text: 'ra\u200Bte cut', term: 'rate cut*', weight: 1 }]);
    for (const e of t.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('cancels a term negated shortly before it, or inside its gap, in the same clause', () => {
    expect(run('There is no sign of a rate cut.', [cuts]).tags).toEqual([]);
    const gapped = narrative('cuts', [['fed ..3 cut*', 1]], { negations: ['not'] });
    expect(run('The Fed will not cut this year.', [gapped]).tags).toEqual([]);
    expect(scoreOf(run('Stocks did not fall, and traders priced a rate cut.', [cuts]), 'cuts')).toBeGreaterThan(0.6);
    expect(scoreOf(run('Stocks did not fall much in the session yesterday before traders priced a rate cut.', [cuts]), 'cuts')).toBeGreaterThan(0.6);
  });

  it("does not let a term's own words negate it", () => {
    const broad = narrative('broad', [['no longer (limited|confined) to', 1]], { negations: ['(no|not)'] });
    expect(run('The rally is no longer limited to tech.', [broad]).tags).toHaveLength(1);
  });

  it('halves a hedged term', () => {
    const r = run('The Fed could deliver a rate cut.', [narrative('cuts', [['rate cut*', 2]], { hedges: ['could'] })]);
    expect(r.tags[0]!.evidence[0]!.weight).toBe(2 * HEDGE_FACTOR);
  });

  it('counts repeats of a term with diminishing returns', () => {
    const r = run('A rate cut. Another rate cut. And a third rate cut.', [cuts]);
    const weights = r.tags[0]!.evidence.map((e) => e.weight);
    expect(weights).toEqual([1, REPEAT_DECAY, REPEAT_DECAY ** 2]);
    expect(r.tags[0]!.score).toBe(Math.round(squash(1 + REPEAT_DECAY + REPEAT_DECAY ** 2) * 1000) / 1000);
  });

  it('counts overlapping terms of one narrative once (the strongest)', () => {
    const n = narrative('rec', [['record high', 1.2], ['high*', 0.3]]);
    const r = run('Stocks hit a record high.', [n]);
    expect(r.tags[0]!.evidence.map((e) => e.term)).toEqual(['record high']);
  });

  it('does not emit below the threshold', () => {
    expect(run('A rate cut.', [narrative('cuts', [['rate cut*', 0.5]])]).tags).toEqual([]);
  });

  it('applies requires and unless per sentence, and excludes that look ahead', () => {
    const n = narrative('rec', [['record', 1]], { requires: ['(stocks|index)'], unless: ['barrel*'], excludes: ['record (revenue|low)'] });
    expect(run('The index closed at a record.', [n]).tags).toHaveLength(1);
    expect(run('Sales hit a record.', [n]).tags).toEqual([]);
    expect(run('Oil stocks rose as crude hit a record $140 a barrel.', [n]).tags).toEqual([]);
    expect(run('Stocks fell after record revenue disappointed.', [n]).tags).toEqual([]);
    const t = narrative('t', [['cut*', 1]]);
    t.terms[0]!.requires = ['rate*'];
    t.terms[0]!.unless = ['tax*'];
    expect(run('A rate cut.', [t]).tags).toHaveLength(1);
    expect(run('A cut in costs.', [t]).tags).toEqual([]);
    expect(run('A tax rate cut.', [t]).tags).toEqual([]);
  });

  it('sorts tags by score, highest first, and is deterministic', () => {
    const ns = [narrative('a', [['alpha', 0.8]]), narrative('b', [['beta', 2]])];
    const text = 'alpha and beta. alpha again.';
    const r = run(text, ns);
    expect(r.tags.map((t) => t.tag)).toEqual(['b', 'a']);
    expect(run(text, ns)).toEqual(r);
  });

  it('stays correct on 100 KB of adversarial text with the package narratives', () => {
    const text = 'rate cut bets small caps record high not no sign of could '.repeat(1800);
    expect(text.length).toBeGreaterThan(100_000);
    const r = tagDoc(segment(text), EMPTY);
    const tags = r.tags.map((t) => t.tag);
    expect(tags).toContain('rate-cut-expectations');
    expect(tags).toContain('small-caps');
    for (const t of r.tags) for (const e of t.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe('breadth', () => {
  const narrow = narrative('narrow-rally', [['narrow', 1.2], ['handful', 0.6]]);
  const broad = narrative('broadening-rally', [['broadening', 1.2], ['participation', 0.6]]);

  it('is none when neither breadth narrative has real evidence', () => {
    const r = run('Stocks rose on Tuesday. A handful of traders were out.', [narrow, broad]);
    expect(r.breadth).toBe('none');
    expect(r.breadthScores.narrow).toBeGreaterThan(0);
  });

  it('follows the stronger narrative', () => {
    expect(run('The rally was narrow and driven by a handful of stocks.', [narrow, broad]).breadth).toBe('narrow');
    expect(run('The rally is broadening. A narrow group led before.', [narrow, broad]).breadth).toBe('mixed');
    expect(run('The rally is broadening, with participation improving. A narrow group led before.', [narrow, broad]).breadth).toBe('broadening');
  });

  it('is mixed only when both pass and are close', () => {
    expect(breadthOf({ sum: 2, passed: true }, { sum: 2 * MIXED_RATIO, passed: true })).toBe('mixed');
    expect(breadthOf({ sum: 2, passed: true }, { sum: 2 * MIXED_RATIO - 0.01, passed: true })).toBe('narrow');
    expect(breadthOf({ sum: 2, passed: true }, { sum: 1.9, passed: false })).toBe('narrow');
    expect(breadthOf({ sum: 0.5, passed: false }, { sum: 0.6, passed: false })).toBe('none');
    expect(breadthOf(undefined, undefined)).toBe('none');
  });
});

describe('figures as corroborating evidence', () => {
  const move = (subject: string, percent: number, start: number, text: string): Move => ({
    subject,
    symbol: null,
    percent,
    direction: percent < 0 ? 'down' : 'up',
    period: null,
    realized: true,
    span: { start, end: start + text.length, text },
    rule: 'test',
  });
  const small = narrative('small-caps', [['small caps', 1], ['russell 2000', 0.6]]);
  const narrowN = narrative('narrow-rally', [['narrow', 1]]);

  it('never start a tag on their own', () => {
    const text = 'The index rose 1.5% while the Russell index fell 0.4%.';
    const ex = { ...EMPTY, moves: [move('S&P 500', 1.5, 10, 'rose 1.5%'), move('Russell 2000', -0.4, 41, 'fell 0.4%')] };
    expect(run(text, [small, narrowN], ex).tags).toEqual([]);
  });

  it('add weight to a narrative the text already tells', () => {
    const text = 'The Russell 2000 fell 0.4% as the narrow rally in the S&P 500 went on, up 1.5%.';
    const ex = {
      ...EMPTY,
      moves: [move('Russell 2000', -0.4, 17, 'fell 0.4%'), move('S&P 500', 1.5, text.indexOf('up 1.5%'), 'up 1.5%')],
    };
    const withFigures = run(text, [small, narrowN], ex);
    const without = run(text, [small, narrowN]);
    expect(without.tags.map((t) => t.tag)).toEqual(['narrow-rally']);
    expect(withFigures.tags.map((t) => t.tag).sort()).toEqual(['narrow-rally', 'small-caps']);
    const terms = withFigures.tags.flatMap((t) => t.evidence.map((e) => e.term));
    expect(terms).toContain('figure:small-cap-move');
    expect(terms).toContain('figure:broad-index-lags');
    expect(scoreOf(withFigures, 'narrow-rally')!).toBeGreaterThan(scoreOf(without, 'narrow-rally')!);
  });
});
