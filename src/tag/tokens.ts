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

const HYPHENS = new Set(['-', '\u2010', '\u2011']);
// a hyphen (or slash-free dash) strictly inside a word: "mega-cap", "year-over-year"
const INNER_HYPHEN = /[-\u2010\u2011]/;

/**
 * Re-tokenise each sentence for matching so that hyphenation never matters: the segmenter keeps some hyphenated
 * words whole ("mega-cap") and splits others ("small", "-", "caps"). Here every word-internal hyphen is a boundary
 * and a hyphen token glued to both neighbours is dropped, so "small-caps", "small - caps" (glued) and
 * "small caps" all read small, caps. A free-standing dash ("gains - and") stays a token and blocks adjacency.
 */
export function sentenceTokens(doc: Doc): SentenceTokens[] {
  const out: SentenceTokens[] = doc.sentences.map((s) => ({ sentence: s.index, words: [], starts: [], ends: [] }));
  const toks = doc.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const st = out[t.sentence];
    if (!st) continue;
    if (HYPHENS.has(t.value)) {
      const prev = toks[i - 1];
      const next = toks[i + 1];
      const glued = prev !== undefined && next !== undefined && prev.end === t.start && next.start === t.end && prev.sentence === t.sentence && next.sentence === t.sentence;
      if (glued) continue;
    }
    const v = t.value;
    if (v.length > 2 && INNER_HYPHEN.test(v.slice(1, -1))) {
      let pos = 0;
      for (const part of v.split(/[-\u2010\u2011]/)) {
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
    st.words.push(/[\u2018\u2019\u02bc]/.test(t.lower) ? foldToken(v) : t.lower);
    st.starts.push(t.start);
    st.ends.push(t.end);
  }
  return out;
}
