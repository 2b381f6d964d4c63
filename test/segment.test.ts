import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { MAX_SENTENCE_CHARS, segment, splitBlock, unwrapHardLines } from '../src/segment/index.js';
import { normalize } from '../src/segment/normalize.js';
import { isSpaceCode, splitOffsets } from '../src/segment/split.js';

describe('normalize', () => {
  it('removes zero-width and bidi characters and maps offsets back to the original', () => {
    const text = 'Nvi\u200Bdia rose \u20662%\u2069 and AA\u200CPL fell';
    const { norm, toOrig } = normalize(text);
    expect(norm).toBe('Nvidia rose 2% and AAPL fell');
    const at = norm.indexOf('AAPL');
    expect(text.slice(toOrig[at]!, toOrig[at + 3]! + 1)).toBe('AA\u200CPL');
  });

  it('folds NBSP, narrow NBSP, U+2212 minus, fullwidth digits and curly apostrophes', () => {
    expect(normalize('down\u00a0\u22122.3\u202f% to ５,０００ at Nvidia’s').norm).toBe("down -2.3 % to 5,000 at Nvidia's");
  });
});

describe('segment', () => {
  it('splits sentences on punctuation and paragraph breaks, with offsets into the normalised text', () => {
    const doc = segment('Stocks rose on Friday. The S&P 500 gained 1.2%.\n\nA headline without a period\nMr. Smith of J.P. Morgan said so.');
    expect(doc.sentences.map((s) => s.text)).toEqual(['Stocks rose on Friday.', 'The S&P 500 gained 1.2%.', 'A headline without a period', 'Mr. Smith of J.P. Morgan said so.']);
    for (const s of doc.sentences) expect(doc.norm.slice(s.start, s.end)).toBe(s.text);
    for (const t of doc.tokens) expect(doc.norm.slice(t.start, t.end)).toBe(t.value);
  });

  it('maps spans over removed characters back to the original text', () => {
    const text = 'Shares of Nvi\u200Bdia jumped 5%.';
    const doc = segment(text);
    const i = doc.norm.indexOf('Nvidia');
    const span = doc.span(i, i + 6);
    expect(span.text).toBe('Nvi\u200Bdia');
    expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(doc.sentenceAt(i)).toBe(0);
    expect(doc.sentenceAt(text.length + 10)).toBe(-1);
  });
});

describe('hard-wrapped text', () => {
  it('joins wire copy wrapped mid-sentence but keeps real line breaks', () => {
    const wrapped = 'The S&P 500 and the Nasdaq rallied on Monday to \ntheir highest closing levels since April 2022, while the S&P \n 500 has now recovered 21% from its lows. Some investors say Wall \n Street is in a bull market.';
    const doc = segment(wrapped);
    expect(doc.sentences.map((s) => s.text.replace(/\s+/g, ' '))).toEqual([
      'The S&P 500 and the Nasdaq rallied on Monday to their highest closing levels since April 2022, while the S&P 500 has now recovered 21% from its lows.',
      'Some investors say Wall Street is in a bull market.',
    ]);
    const lines = segment('Market snapshot\nStocks rose on Friday.\nBonds fell.');
    expect(lines.sentences.map((s) => s.text)).toEqual(['Market snapshot', 'Stocks rose on Friday.', 'Bonds fell.']);
  });
});

describe('long runs without spaces', () => {
  it('keep exact offsets when the tokenizer sees them cut', () => {
    const text = `Stocks rose. ${'1'.repeat(5000)}x then fell.`;
    const doc = segment(text);
    for (const s of doc.sentences) expect(doc.norm.slice(s.start, s.end)).toBe(s.text);
    expect(doc.sentences[0]!.text).toBe('Stocks rose.');
    expect(doc.sentences.map((s) => s.text).join(' ')).toBe(text);
  });
});

describe('splitBlock (tokens and sentence ends without an NLP library)', () => {
  const sentences = (s: string) => segment(s).sentences.map((x) => x.text);
  const tokens = (s: string) => segment(s).tokens.map((t) => t.value);

  it('ends sentences on . ! ? with their closing quotes, not on "..."', () => {
    expect(sentences('It rose! then fell. "It is fine." Next one... Then more? Yes.')).toEqual(['It rose!', 'then fell.', '"It is fine."', 'Next one... Then more?', 'Yes.']);
    expect(sentences('He said. "Next one." It (rose.) Then')).toEqual(['He said.', '"Next one."', 'It (rose.)', 'Then']);
  });

  it('keeps abbreviations, initials and glued periods inside the sentence', () => {
    expect(sentences('Mr. Smith of J. Crew met President George W. Bush on Jan. 5 in the U.S. Treasury.')).toHaveLength(1);
    expect(sentences('Shares of Dell Inc. DELL.O rose 2 percent. The Nasdaq .IXIC gained.')).toEqual(['Shares of Dell Inc. DELL.O rose 2 percent.', 'The Nasdaq .IXIC gained.']);
    expect(sentences('Apple Inc. said it rose. Made by Apple Inc. The company rose.')).toEqual(['Apple Inc. said it rose.', 'Made by Apple Inc.', 'The company rose.']);
    expect(sentences('cheaper for non-U.S. buyers. The U.S. No. 2 provider fell.')).toEqual(['cheaper for non-U.S. buyers.', 'The U.S. No. 2 provider fell.']);
  });

  it('splits contractions, percent and currency signs, inner dashes and slashes into tokens', () => {
    expect(tokens("U.S. stocks didn't fall; Nvidia's $5.2 billion (NVDA.O) rose 1.2%.")).toEqual(
      ['U.S.', 'stocks', 'did', "n't", 'fall', ';', 'Nvidia', "'s", '$', '5.2', 'billion', '(', 'NVDA.O', ')', 'rose', '1.2', '%', '.'],
    );
    expect(tokens('the challenge—and •Energy cpi/ppi small-, mid- and at a record 13,676.32.The')).toEqual(
      ['the', 'challenge', '—', 'and', '•', 'Energy', 'cpi', '/', 'ppi', 'small', '-', ',', 'mid', '-', 'and', 'at', 'a', 'record', '13,676.32', '.', 'The'],
    );
  });

  it('cuts a sentence longer than MAX_SENTENCE_CHARS at token boundaries, offsets intact', () => {
    const text = 'word '.repeat(1000).trim();
    const doc = segment(text);
    expect(doc.sentences.length).toBe(3);
    for (const s of doc.sentences) {
      expect(s.end - s.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(doc.norm.slice(s.start, s.end)).toBe(s.text);
    }
    expect(doc.tokens).toHaveLength(1000);
  });
});

describe('one token longer than MAX_SENTENCE_CHARS', () => {
  it('stands alone as a sentence, and the tokens after it form the next', () => {
    const run = '.'.repeat(MAX_SENTENCE_CHARS + 500);
    expect(segment(run).sentences.map((s) => s.end - s.start)).toEqual([run.length]);
    const doc = segment(`${'$'.repeat(MAX_SENTENCE_CHARS * 2)} Stocks rose`);
    expect(doc.sentences.map((s) => s.text.length)).toEqual([MAX_SENTENCE_CHARS * 2, 'Stocks rose'.length]);
  });
});

describe('the fast paths of segmentation give what the general ones give', () => {
  const corpus = new URL('../corpus/', import.meta.url).pathname;
  const paragraphs = readdirSync(corpus)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(corpus + f, 'utf8').split('\n'))
    .filter((p) => p.trim());
  const both = (block: string) => {
    const fast = splitOffsets(block);
    const slow = splitOffsets(block, false);
    return [
      { starts: fast.offsets.starts, ends: fast.offsets.ends, sentenceEnds: fast.sentenceEnds },
      { starts: slow.offsets.starts, ends: slow.offsets.ends, sentenceEnds: slow.sentenceEnds },
    ];
  };

  it('isSpaceCode is exactly /\\s/ on every UTF-16 code unit', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  it('plain words, words with a comma and words with a period: shortcuts and splitChunk agree', () => {
    const chunks = ['word', 'word,', 'word.', 'Inc.', 'Corp.', 'Mr.', 'Jan.', 'U.', 'x.', 'www.', 'etc.', 'No.', 'a,', ',', '.', '5.', '1,000', '1,000.', 'U.S.', 'rose.The', "firm's", '2%.', '$5,'];
    const blocks = [
      ...chunks.map((c) => `It ${c} The end`),
      ...chunks.map((c) => `${c} rose`),
      'Apple Inc. The company rose. Apple Inc. shares rose. Mr. Smith met Jan. 5 at No. 2, then left.',
      'Shares of Dell Inc. DELL.O rose 2 percent. The Nasdaq .IXIC gained.',
    ];
    for (const b of [...blocks, ...paragraphs]) {
      const [fast, slow] = both(b);
      expect(fast, b).toEqual(slow);
    }
    expect(paragraphs.length).toBeGreaterThan(100);
  });

  it('splitBlock gives token objects for the offsets', () => {
    expect(splitBlock('Apple Inc. The company, rose.')).toEqual({
      tokens: [
        { start: 0, end: 5 }, { start: 6, end: 10 }, { start: 11, end: 14 }, { start: 15, end: 22 }, { start: 22, end: 23 },
        { start: 24, end: 28 }, { start: 28, end: 29 },
      ],
      sentenceEnds: [1, 6],
    });
  });

  it('unwrapHardLines finds paragraphs a run of characters at a time, with the same joins (values from the per-character version)', () => {
    expect(unwrapHardLines('\nFirst line of text without a stop here\nsecond line of the same paragraph goes on\nthird line also wraps around here ok\n  \nNew para')).toBe(
      ' First line of text without a stop here second line of the same paragraph goes on third line also wraps around here ok\n  \nNew para',
    );
    expect(unwrapHardLines('a\n \t\nb\nc')).toBe('a\n \t b c');
    expect(unwrapHardLines('\n\n\nx\ny')).toBe('\n\n x y');
    expect(unwrapHardLines('Wrapped line number one is long enough\nwrapped line number two is long enough\nand the third line is long enough too\n\nNext.')).toBe(
      'Wrapped line number one is long enough wrapped line number two is long enough and the third line is long enough too\n\nNext.',
    );
  });
});
