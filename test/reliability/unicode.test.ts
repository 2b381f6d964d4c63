// R6: the Unicode real feeds carry (NBSP, narrow NBSP, smart quotes, U+2212, fullwidth digits, zero-width and bidi
// characters inside words and tickers) reaches the extractors normalised, while every span still slices the
// untouched record text, and no extracted value carries an invisible control character.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { segment } from '../../src/segment/index.js';
import { normalize } from '../../src/segment/normalize.js';
import type { ArticleRecord } from '../../src/types.js';
import { validateRecord } from '../../src/schema.js';
import { article, expectValidRecord } from '../helpers.js';
import { INVISIBLE, unicodeFuzz, valueStrings } from './harness.mjs';

const moves = (r: ArticleRecord) => r.moves.map((m) => [m.symbol ?? m.subject, m.percent, m.direction]);
const symbols = (r: ArticleRecord) => r.tickers.map((t) => t.symbol);

const CASES: Array<{ name: string; text: string; check: (r: ArticleRecord) => void }> = [
  {
    name: 'NBSP inside an index name',
    text: 'The S&P\u00a0500 rose 1.2% to close at 4,839.81 on Friday.',
    check: (r) => {
      expect(r.indices.map((i) => [i.id, i.mentions[0]!.text])).toEqual([['SPX', 'S&P\u00a0500']]);
      expect(moves(r)).toEqual([['S&P 500', 1.2, 'up']]);
      expect(r.levels.map((l) => [l.index, l.value])).toEqual([['S&P 500', 4839.81]]);
    },
  },
  {
    name: 'narrow NBSP before the percent sign',
    text: 'The S&P 500 rose 10\u202f% this year.',
    check: (r) => {
      expect(moves(r)).toEqual([['S&P 500', 10, 'up']]);
      expect(r.moves[0]!.span.text).toBe('rose 10\u202f%');
    },
  },
  {
    name: 'U+2212 minus in a signed move',
    text: 'Nvidia (\u22122.3%) lagged while Apple (+1.1%) led.',
    check: (r) => {
      expect(moves(r)).toContainEqual(['NVDA', -2.3, 'down']);
      expect(r.moves.find((m) => m.symbol === 'NVDA')!.span.text).toBe('\u22122.3%');
    },
  },
  {
    name: 'fullwidth digits, point and percent sign',
    text: 'The S&P 500 rose \uff11\uff0e\uff15% on Friday. The Nasdaq Composite rose \uff12.\uff15\uff05. Revenue rose to $\uff11\uff12.\uff15 billion.',
    check: (r) => {
      expect(r.moves.map((m) => m.percent)).toEqual([1.5, 2.5]);
      expect(r.money.map((m) => [m.amount, m.currency])).toEqual([[12.5e9, 'USD']]);
    },
  },
  {
    name: 'zero-width space inside a company name',
    text: 'Shares of Nvi\u200bdia jumped 4.1% on Thursday.',
    check: (r) => {
      expect(symbols(r)).toEqual(['NVDA']);
      expect(r.tickers[0]!.mentions[0]!.text).toBe('Nvi\u200bdia');
      expect(moves(r)).toEqual([['NVDA', 4.1, 'up']]);
    },
  },
  {
    name: 'zero-width characters inside tickers (ZWSP, ZWNJ, word joiner, soft hyphen, cashtag)',
    text: 'Shares of AA\u200bPL fell 3% on Thursday. TS\u200cLA rose 2%. MS\u2060FT slipped 1%. $NV\u00adDA gained 5%.',
    check: (r) => {
      expect(symbols(r).sort()).toEqual(['AAPL', 'MSFT', 'NVDA', 'TSLA']);
      expect(moves(r)).toEqual([
        ['AAPL', -3, 'down'],
        ['TSLA', 2, 'up'],
        ['MSFT', -1, 'down'],
        ['NVDA', 5, 'up'],
      ]);
    },
  },
  {
    name: 'smart quotes and apostrophes',
    text: '\u201cThis is still a market carried by a handful of giants,\u201d said Maria Chen, chief market strategist at Harbor Point Advisors. Apple\u2019s shares rose 2%.',
    check: (r) => {
      expect(r.quotes.map((q) => [q.text, q.speaker, q.title, q.organization])).toEqual([
        ['This is still a market carried by a handful of giants,', 'Maria Chen', 'chief market strategist', 'Harbor Point Advisors'],
      ]);
      expect(moves(r)).toEqual([['AAPL', 2, 'up']]);
    },
  },
  {
    name: 'bidi controls around and inside names, quotes and numbers',
    text: '\u202bThe S&P 500\u202c rose 1.2% on Friday as \u2067Nvidia\u2069 jumped 4.\u200e1%.\n\n\u201cThis is \u202bstill\u202c a market carried by a handful of giants,\u201d said \u2066Maria Chen\u2069, chief market strategist at Harbor\u200b Point Advisors.',
    check: (r) => {
      expect(moves(r)).toEqual([
        ['S&P 500', 1.2, 'up'],
        ['NVDA', 4.1, 'up'],
      ]);
      expect(r.quotes.map((q) => [q.text, q.speaker, q.organization])).toEqual([['This is still a market carried by a handful of giants,', 'Maria Chen', 'Harbor Point Advisors']]);
      expect(r.quotes[0]!.span.text).toContain('\u202b');
    },
  },
  {
    name: 'a BOM, RTL words and emoji around the figures',
    text: '\ufeff\u05e9\u05dc\u05d5\u05dd \ud83d\ude80 The Dow Jones Industrial Average fell 212.37 points, or 0.5\u00a0percent, to 38,000.12. \u0645\u0631\u062d\u0628\u0627 \ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67',
    check: (r) => {
      expect(moves(r)).toEqual([['Dow Jones Industrial Average', -0.5, 'down']]);
      expect(r.levels.map((l) => l.value)).toEqual([38000.12]);
    },
  },
];

describe('R6: Unicode through analyze()', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = analyze(article(c.text, 'Unicode \u2067check\u2069'));
    expectValidRecord(r); // schema, and every span slices back: record.text.slice(start, end) === span.text
    c.check(r);
    for (const [field, v] of valueStrings(r)) expect(v, `${field} ${JSON.stringify(v)}`).not.toMatch(INVISIBLE);
  });

  it('200 disguised articles (invisible characters anywhere, Unicode spaces, fullwidth, U+2212, curly apostrophes) extract exactly what the clean text does', () => {
    const r = unicodeFuzz({ analyze, validateRecord, count: 200, seed: 6 });
    expect(r.failures).toEqual([]);
    expect(r.crashes + r.lost).toBe(0);
  }, 30_000);
});

describe('R6: segment() and normalize()', () => {
  it('tokens and sentences hold the normalised text; spans map back to the original', () => {
    const text = 'Shares of AA\u200bPL fell\u00a03% on Thursday.\u2067 The S&P\u202f500 rose \uff11.\uff15% to \uff15,\uff10\uff10\uff10.';
    const doc = segment(text);
    expect(doc.tokens.map((t) => t.value)).toContain('AAPL');
    expect(doc.norm).toBe('Shares of AAPL fell 3% on Thursday. The S&P 500 rose 1.5% to 5,000.');
    for (const s of doc.sentences) {
      expect(s.text).not.toMatch(INVISIBLE);
      const span = doc.span(s.start, s.end);
      expect(text.slice(span.start, span.end)).toBe(span.text);
    }
    for (const t of doc.tokens) {
      const span = doc.span(t.start, t.end);
      expect(text.slice(span.start, span.end)).toBe(span.text);
      expect(span.text.replace(new RegExp(INVISIBLE.source, 'g'), '').normalize('NFKC').replace(/[\u00a0\u202f]/g, ' ')).toBe(t.value.normalize('NFKC'));
    }
  });

  it('the offset map is monotonic and ends at the original length, whatever the input', () => {
    const pieces = ['a', ' ', '\u200b', '\u00a0', '\u2212', '\uff15', '\u2019', '\u202e', '\ud83d\ude00', '\ud800', '\ufeff', '\u3000', 'Z'];
    let seed = 42;
    for (let n = 0; n < 300; n++) {
      let s = '';
      for (let i = 0; i < 40; i++) s += pieces[(seed = (seed * 1103515245 + 12345) >>> 0) % pieces.length];
      const { norm, toOrig } = normalize(s);
      expect(toOrig.length).toBe(norm.length + 1);
      expect(toOrig[norm.length]).toBe(s.length);
      const bad = Array.from({ length: norm.length }, (_, i) => i + 1).filter((i) => !(toOrig[i]! > toOrig[i - 1]!));
      expect(bad, JSON.stringify(s)).toEqual([]);
      expect(norm).not.toMatch(INVISIBLE);
    }
  });
});
