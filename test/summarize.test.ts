import { describe, expect, it } from 'vitest';
import { segment } from '../src/segment/index.js';
import { summarize } from '../src/summarize/index.js';

describe('summarize', () => {
  const text = [
    'Stocks rose on Friday as investors cheered a cooler inflation report and bet on rate cuts.',
    'However, the gains faded in the afternoon as oil prices climbed again.',
    'Share this article',
    'The S&P 500 rose 1.2% to close at 5,912.44, its best day in a month.',
    'He added that the move was overdue after weeks of losses.',
    'Bond yields fell across the curve, with the two-year note leading the way down.',
  ].join('\n');

  it('is lead-biased, in text order, and skips dangling openers and boilerplate', () => {
    const s = summarize(segment(text), 3);
    expect(s).toEqual([
      'Stocks rose on Friday as investors cheered a cooler inflation report and bet on rate cuts.',
      'However, the gains faded in the afternoon as oil prices climbed again.',
      'The S&P 500 rose 1.2% to close at 5,912.44, its best day in a month.',
    ]);
    expect(s.every((x) => text.includes(x))).toBe(true);
  });

  it('never picks a dangling opener whose antecedent sentence is not picked too', () => {
    const doc = segment(text);
    const sentences = doc.sentences.map((x) => x.text);
    expect(summarize(doc, 1)).toEqual([sentences[0]]);
    for (const n of [1, 2, 3, 4, 5]) {
      const out = summarize(doc, n);
      expect(out.length).toBe(Math.min(n, 5));
      for (const x of out.filter((y) => /^(However|He added)/.test(y))) expect(out).toContain(sentences[sentences.indexOf(x) - 1]);
    }
  });

  it('drops list bullets but keeps the words', () => {
    expect(summarize(segment('- • Large-cap tech drove the gains while small caps lagged behind.'), 1)).toEqual(['Large-cap tech drove the gains while small caps lagged behind.']);
  });
});
