import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { compileNarratives, matchSentence } from '../../src/tag/matcher.js';
import { compilePattern, findMatches, MAX_GAP, parsePattern } from '../../src/tag/pattern.js';
import { defaultNarratives } from '../../src/tag/load.js';
import type { Narrative } from '../../src/tag/schema.js';
import { sentenceTokens } from '../../src/tag/tokens.js';

const words = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean);
/** matched token ranges, as text */
const find = (pattern: string, text: string) => {
  const toks = words(text);
  return findMatches(compilePattern(pattern), toks).map(([s, e]) => toks.slice(s, e).join(' '));
};

describe('pattern language', () => {
  it('matches literals case-insensitively, as a contiguous sequence', () => {
    expect(find('rate cut', 'Traders expect a RATE CUT soon')).toEqual(['rate cut']);
    expect(find('rate cut', 'the rate will be cut')).toEqual([]);
  });

  it('matches prefixes with word*', () => {
    expect(find('cut*', 'cut cuts cutting acut')).toEqual(['cut', 'cuts', 'cutting']);
  });

  it('matches one of several alternatives, including multi-word ones', () => {
    expect(find('(fed|central bank) (cut|cuts)', 'the fed cuts and the central bank cut')).toEqual(['fed cuts', 'central bank cut']);
    expect(find('(fed|central bank) cut', 'the central cut')).toEqual([]);
  });

  it('allows an element to be optional with ?', () => {
    expect(find('(new|fresh)? record high', 'a record high then a new record high')).toEqual(['record high', 'new record high']);
    expect(find('rate-cut? bets', 'rate bets and rate cut bets')).toEqual(['bets', 'rate cut bets']);
  });

  it('matches any one token with _', () => {
    expect(find('record _ high', 'record intraday high and record high')).toEqual(['record intraday high']);
  });

  it('bridges a gap of up to N tokens with ..N, and no more', () => {
    expect(find('fed ..3 cut', 'fed cut')).toEqual(['fed cut']);
    expect(find('fed ..3 cut', 'fed will likely soon cut')).toEqual(['fed will likely soon cut']);
    expect(find('fed ..3 cut', 'fed will very likely soon cut')).toEqual([]);
  });

  it('prefers the longest match from the leftmost start, without overlaps', () => {
    expect(find('small ..2 caps?', 'small caps')).toEqual(['small caps']);
    expect(find('a ..1 a', 'a a a a')).toEqual(['a a a']);
    expect(find('a ..1 a', 'a a a a a')).toEqual(['a a a', 'a a']);
  });

  it('matches numbers with <num>', () => {
    expect(find('at a record <num>', 'ended at a record 1,666.12')).toEqual(['at a record 1,666.12']);
    expect(find('at a record <num>', 'ended at a record low')).toEqual([]);
  });

  it('treats hyphens inside words as token boundaries', () => {
    const p = compilePattern('small-cap* stocks');
    expect(p.elements[0]).toMatchObject({ kind: 'group', optional: false, alts: [[{ kind: 'lit', text: 'small' }, { kind: 'prefix', text: 'cap' }]] });
    expect(find('small-cap* stocks', 'small caps stocks')).toEqual(['small caps stocks']);
  });

  it('tries only the start positions it is given, when given', () => {
    const toks = words('rate cut then another rate cut');
    const p = compilePattern('rate cut');
    expect(findMatches(p, toks)).toEqual([
      [0, 2],
      [4, 6],
    ]);
    expect(findMatches(p, toks, 0, toks.length, [4])).toEqual([[4, 6]]);
    expect(findMatches(p, toks, 0, toks.length, [0, 1, 4])).toEqual([
      [0, 2],
      [4, 6],
    ]);
    expect(findMatches(p, toks, 0, 5, [4])).toEqual([]);
  });

  it.each([
    ['', 'empty pattern'],
    ['(rate|cut', "unclosed '('"],
    ['((a|b)|c)', 'nested'],
    ['(a||b)', 'empty alternative'],
    ['rate ..', 'gap'],
    [`rate ..${MAX_GAP + 1} cut`, 'gap'],
    ['..2 rate', 'start or end with a gap'],
    ['rate ..2 ..3 cut', 'two gaps'],
    ['ra* cut', 'too short'],
    ['c*t', "'*' must end"],
    ['_ ..2 _?', 'required word'],
    ['rate? cut?', 'required word'],
    ['#num', "'#'"],
    ['<number>', '<num>'],
    ['ra)te', "unexpected ')'"],
    ['rate|cut', "unexpected '|'"],
    ['(a|b)c', "space after ')'"],
  ])('rejects %j', (source, message) => {
    const r = parsePattern(source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(message);
  });

  it('gives the character offset of an error inside a group', () => {
    const r = parsePattern('rate (cut|a*)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.index).toBe(10);
  });

  it('stays correct on a 100 KB adversarial sentence (bounded work, no backtracking)', () => {
    // many near-misses: every position starts a partial match of the gapped pattern, none completes
    const toks = Array.from({ length: 20_000 }, () => 'a');
    const p = compilePattern(`a ..${MAX_GAP} a ..${MAX_GAP} a ..${MAX_GAP} (a|b) ..${MAX_GAP} b`);
    expect(toks.join(' ').length).toBeGreaterThanOrEqual(39_999);
    expect(findMatches(p, toks)).toEqual([]);
    toks.push('b');
    const found = findMatches(p, toks);
    expect(found).toHaveLength(1);
    expect(found[0]![1]).toBe(toks.length);

    const text = 'abcd '.repeat(20_000); // 100 KB
    const big = text.split(' ').filter(Boolean);
    expect(text.length).toBe(100_000);
    expect(findMatches(compilePattern(`abc* ..${MAX_GAP} abc* ..${MAX_GAP} abc`), big)).toEqual([]);
    expect(findMatches(compilePattern('abc* abc*'), big)).toHaveLength(10_000);
  });
});

describe('sentence tokens', () => {
  it('make hyphenation irrelevant and keep offsets into the normalised text', () => {
    const doc = segment('Small-caps and mega-cap stocks rose; small caps led.');
    const [st] = sentenceTokens(doc);
    expect(st!.words.slice(0, 5)).toEqual(['small', 'caps', 'and', 'mega', 'cap']);
    st!.words.forEach((w, i) => expect(doc.norm.slice(st!.starts[i], st!.ends[i]).toLowerCase()).toBe(w));
  });

  it('look closely only at tokens holding a hyphen or typographic apostrophe, with the same result as looking at all', () => {
    // the reference: every token checked on its own
    const reference = (doc: ReturnType<typeof segment>) =>
      doc.sentences.map((s) => {
        const st = { sentence: s.index, words: [] as string[], starts: [] as number[], ends: [] as number[] };
        const toks = doc.tokens;
        toks.forEach((t, i) => {
          if (t.sentence !== s.index) return;
          const prev = toks[i - 1];
          const next = toks[i + 1];
          if (/^[-\u2010\u2011]$/.test(t.value) && prev && next && prev.end === t.start && next.start === t.end && prev.sentence === t.sentence && next.sentence === t.sentence) return;
          let pos = 0;
          for (const part of t.value.length > 2 && /[-\u2010\u2011]/.test(t.value.slice(1, -1)) ? t.value.split(/[-\u2010\u2011]/) : [t.value]) {
            if (part) {
              st.words.push(part.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'"));
              st.starts.push(t.start + pos);
              st.ends.push(t.start + pos + part.length);
            }
            pos += part.length + 1;
          }
        });
        return st;
      });
    const texts = [
      'Small-caps and mega\u2011cap stocks rose; small - caps led, x- and -1 too. The S&P 500\u2019s gain \u2014 \u2018year-over-year\u2019 \u2014 ain\u2019t over.',
      'Non-farm payrolls: the Fed\u02bcs rate-cut bets rose 2-3 points -- a so-called "broadening".\n\nMid-caps - and small-caps - lagged.',
      ...readdirSync(new URL('../../corpus/', import.meta.url))
        .filter((f) => f.endsWith('.txt'))
        .map((f) => readFileSync(new URL(`../../corpus/${f}`, import.meta.url), 'utf8')),
    ];
    let split = 0;
    for (const text of texts) {
      const doc = segment(text);
      const got = sentenceTokens(doc);
      expect(got).toEqual(reference(doc));
      split += got.reduce((n, st) => n + st.words.length, 0) - doc.tokens.length;
    }
    expect(split).not.toBe(0); // hyphenated words were split (and glued hyphens dropped): the special path ran
    expect(sentenceTokens(segment(texts[0]!))[0]!.words.slice(0, 5)).toEqual(['small', 'caps', 'and', 'mega', 'cap']);
  });
});

describe('indexed matcher', () => {
  const narrative = (tag: string, patterns: string[]): Narrative => ({
    tag,
    version: 1,
    description: tag,
    threshold: 0.5,
    terms: patterns.map((pattern) => ({ pattern, weight: 1 })),
    requires: [],
    unless: [],
    negations: ['not'],
    hedges: [],
    excludes: [],
    examples: { match: [], noMatch: [] },
  });

  it('compiles shared pattern strings once and files them under a selective word', () => {
    const m = compileNarratives([narrative('a', ['rate cut*', 'the (fed|ecb)']), narrative('b', ['rate cut*'])]);
    expect(m.patterns.map((p) => p.source)).toEqual(['rate cut*', 'the (fed|ecb)', 'not']);
    // filed under the most selective required element ("rate" rather than the "cut*" prefix, "fed|ecb" over "the")
    expect(m.index.get('l:rate')).toEqual([0]);
    expect(m.index.get('l:fed')).toEqual([1]);
    expect(m.index.has('l:the')).toBe(false);
    // "not" only qualifies terms: it is not indexed, and runs on demand
    expect(m.index.has('l:not')).toBe(false);
    expect(m.always).toEqual([]);
  });

  it('runs only the patterns whose required words the sentence contains', () => {
    const m = compileNarratives([narrative('a', ['rate cut*', 'record high'])]);
    const doc = segment('Traders bet on a rate cut. Stocks hit a record.');
    const [s1, s2] = sentenceTokens(doc).map((st) => matchSentence(m, st));
    expect(s1!.terms).toEqual([0]);
    expect(s2!.terms).toEqual([]);
    expect(s1!.get(0)).toEqual([[4, 6]]);
  });

  it('looks a token up to every literal, prefix and number atom it matches', () => {
    const m = compileNarratives([narrative('a', ['broad* rally', 'broaden* (out|<num>)', 'rall*'])]);
    const names = (t: string) => m.vocab.keysOf(t).map((k) => m.vocab.names[k]);
    expect(names('broadening')).toEqual(['p:broad', 'p:broaden']);
    expect(names('broad')).toEqual(['p:broad']);
    expect(names('rally')).toEqual(['l:rally', 'p:rall']);
    expect(names('out')).toEqual(['l:out']);
    expect(names('1,666.12')).toEqual(['#num']);
    expect(names('-3')).toEqual(['#num']);
    expect(names('$741')).toEqual(['#num']);
    expect(names('bro')).toEqual([]);
    expect(names('ral')).toEqual([]);
    expect(names('')).toEqual([]);
    expect(names('not')).toEqual(['l:not']);
  });

  it('finds a term through inflected, hyphenated and multi-word forms of its words', () => {
    const m = compileNarratives([narrative('a', ['rate cut*', '(net income|profit) (rose|fell)', 'small-cap* (rally|rallied)'])]);
    const doc = segment('Bets on rate cutting grew. Net income rose. Small-caps rallied. The net result rose, and income fell.');
    const hits = sentenceTokens(doc).map((st) => matchSentence(m, st));
    expect(hits.map((h) => h.terms)).toEqual([[0], [1], [2], []]);
    expect(hits[0]!.get(0)).toEqual([[2, 4]]);
    // "net" and "income" are both in the last sentence, but not together: the pattern ran and found nothing
    expect(hits[3]!.get(1)).toBeUndefined();
  });

  it('gives the same matches as running every pattern on every sentence (the index and filters are exact)', () => {
    const narratives = defaultNarratives();
    const m = compileNarratives(narratives);
    const dir = new URL('../../corpus/', import.meta.url);
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.txt') && f !== 'README.md')
      .map((f) => readFileSync(new URL(f, dir), 'utf8'));
    for (const n of narratives) texts.push(...n.examples.match, ...n.examples.noMatch);
    const termIds = new Set(m.narratives.flatMap((c) => c.terms.map((t) => t.id)));
    let sentences = 0;
    let matched = 0;
    const wrong: string[] = [];
    for (const text of texts) {
      for (const st of sentenceTokens(segment(text))) {
        sentences++;
        const hits = matchSentence(m, st);
        const expected: number[] = [];
        m.patterns.forEach((p, id) => {
          const all = findMatches(p, st.words);
          if (all.length) matched++;
          if (all.length && termIds.has(id)) expected.push(id);
          if (JSON.stringify(hits.get(id) ?? []) !== JSON.stringify(all)) wrong.push(`${p.source} in: ${st.words.join(' ')}`);
          if (termIds.has(id) && hits.hasTerm(id) !== all.length > 0) wrong.push(`hasTerm ${p.source} in: ${st.words.join(' ')}`);
        });
        if (hits.terms.join() !== expected.join()) wrong.push(`terms ${hits.terms} != ${expected} in: ${st.words.join(' ')}`);
      }
    }
    expect(wrong).toEqual([]);
    // the comparison is not vacuous
    expect(sentences).toBeGreaterThan(300);
    expect(matched).toBeGreaterThan(300);
  });
});
