import type { Doc } from '../segment/doc.js';
import { foldToken } from './pattern.js';

/** The tokens of one sentence as the pattern matcher sees them; offsets are into Doc.norm. */
export interface SentenceTokens {
  sentence: number;
  /** folded token strings (lower case, straight apostrophes, hyphen-split) */
  words: string[];
  starts: number[];
  ends: number[];
}

// '-', U+2010 hyphen, U+2011 non-breaking hyphen
const isHyphen = (c: number): boolean => c === 0x2d || c === 0x2010 || c === 0x2011;
const isHyphenToken = (v: string): boolean => v.length === 1 && isHyphen(v.charCodeAt(0));
const HYPHEN_SPLIT = /[-\u2010\u2011]/;

/** Every character that can make a token need more than its lower-cased form: hyphens and typographic apostrophes. */
const SPECIAL = /[-\u2010\u2011\u2018\u2019\u02bc]/g;

const INNER_HYPHEN = 1;
const CURLY_APOSTROPHE = 2;

/**
 * What a token needs beyond its lower-cased form, in one pass over its characters: INNER_HYPHEN when a hyphen
 * stands strictly inside it ("mega-cap", "year-over-year"; not "-", "x-", "-1"), CURLY_APOSTROPHE when it holds a
 * typographic apostrophe (U+2018, U+2019, U+02BC) that foldToken straightens. Lower-casing maps hyphens and
 * apostrophes to themselves and keeps the order of characters, so the lower-cased token answers for the token.
 */
function needs(lower: string): number {
  let flags = 0;
  const last = lower.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = lower.charCodeAt(i);
    if (c < 0x2d || (c > 0x2d && c < 0x2bc)) continue; // (fast path: ASCII letters, digits, most punctuation)
    if (isHyphen(c)) {
      if (i > 0 && i < last) flags |= INNER_HYPHEN;
    } else if (c === 0x2019 || c === 0x2018 || c === 0x2bc) flags |= CURLY_APOSTROPHE;
  }
  return flags;
}

/**
 * Re-tokenise each sentence for matching so that hyphenation never matters: the segmenter keeps some hyphenated
 * words whole ("mega-cap") and splits others ("small", "-", "caps"). Here every word-internal hyphen is a boundary
 * and a hyphen token glued to both neighbours is dropped, so "small-caps", "small - caps" (glued) and
 * "small caps" all read small, caps. A free-standing dash ("gains - and") stays a token and blocks adjacency.
 */
export function sentenceTokens(doc: Doc): SentenceTokens[] {
  const out: SentenceTokens[] = doc.sentences.map((s) => ({ sentence: s.index, words: [], starts: [], ends: [] }));
  // Most tokens are plain words: find the few special characters in one scan of the text, and look closely only at
  // the tokens that hold one (a token is norm[start, end), and tokens come in text order).
  const specials: number[] = [];
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(doc.norm); m; m = SPECIAL.exec(doc.norm)) specials.push(m.index);
  let sp = 0; // the first special character at or after the current token's start
  let lastStart = 0;
  const toks = doc.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const st = out[t.sentence];
    if (!st) continue;
    if (t.start < lastStart) sp = 0; // (out of order: search again from the start)
    lastStart = t.start;
    while (sp < specials.length && specials[sp]! < t.start) sp++;
    if (sp === specials.length || specials[sp]! >= t.end) {
      st.words.push(t.lower);
      st.starts.push(t.start);
      st.ends.push(t.end);
      continue;
    }
    const v = t.value;
    if (isHyphenToken(v)) {
      const prev = toks[i - 1];
      const next = toks[i + 1];
      const glued = prev !== undefined && next !== undefined && prev.end === t.start && next.start === t.end && prev.sentence === t.sentence && next.sentence === t.sentence;
      if (glued) continue;
    }
    const flags = needs(t.lower);
    if (flags & INNER_HYPHEN) {
      let pos = 0;
      for (const part of v.split(HYPHEN_SPLIT)) {
        if (part) {
          st.words.push(foldToken(part));
          st.starts.push(t.start + pos);
          st.ends.push(t.start + pos + part.length);
        }
        pos += part.length + 1;
      }
      continue;
    }
    // the segmenter already lower-cased the token: fold apostrophes only where there are any
    st.words.push(flags & CURLY_APOSTROPHE ? foldToken(v) : t.lower);
    st.starts.push(t.start);
    st.ends.push(t.end);
  }
  return out;
}
