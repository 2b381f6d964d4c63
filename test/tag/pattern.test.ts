import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { compileNarratives, matchSentence } from '../../src/tag/matcher.js';
import { compilePattern, findMatches, MAX_GAP, parsePattern } from '../../src/tag/pattern.js';
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

  it('lists, for the index, one key set per required element', () => {
    const p = compilePattern('(rate|interest rate) cut* ..2 bets? <num>');
    expect(p.needs).toEqual([['l:rate', 'l:interest'], ['p:cut'], ['#num']]);
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
});
