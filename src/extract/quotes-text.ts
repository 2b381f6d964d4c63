/**
 * Character-level helpers for the quote extractor: paragraphs, quotation-mark pairing and a small tokenizer.
 * Everything here is a single left-to-right scan (linear time, no backtracking regexes), because it runs over
 * whole articles, including hostile ones ('"' repeated 50,000 times).
 */
import { ATTRIBUTION } from './quotes-lexicon.js';
import { foldAscii, hashStep, hashWord } from '../segment/word-hash.js';

export interface Range {
  start: number;
  end: number;
}

/** A quotation: [open] is the opening mark; [close] the closing mark, or the paragraph end when unclosed. */
export interface Region {
  open: number;
  close: number;
  closed: boolean;
}

export interface Tok {
  s: number;
  e: number;
  /** text as in Doc.norm */
  t: string;
  lo: string;
  /** word or punctuation */
  k: 'w' | 'p';
  /** starts with an upper-case letter */
  cap: boolean;
  /** the attribution lexicon's word classes of `lo` (bits of W in quotes-lexicon), 0 when in none */
  cls: number;
}

// Quotation marks as UTF-16 code units: " “ ” „ « »
const QUOTE = 0x22;
const LDQUO = 0x201c; // “ opens only
const RDQUO = 0x201d; // ” closes only
const BDQUO = 0x201e; // „ opens only
const LAQUO = 0x00ab; // « opens only
const RAQUO = 0x00bb; // » closes only
const isQuoteCode = (x: number): boolean => x === QUOTE || x === LDQUO || x === RDQUO || x === BDQUO || x === LAQUO || x === RAQUO;
const isOpenOnly = (x: number): boolean => x === LDQUO || x === BDQUO || x === LAQUO;
const isCloseOnly = (x: number): boolean => x === RDQUO || x === RAQUO;

/** Space, tab, line feed, carriage return; NaN (past the end of the text) counts as space, as undefined did. */
const isSpaceCode = (x: number): boolean => x === 0x20 || x === 0x09 || x === 0x0a || x === 0x0d || x !== x;
const isSpace = (c: string | undefined): boolean => c === undefined || isSpaceCode(c.charCodeAt(0));

/**
 * Letters and digits in any script, by UTF-16 code unit (a lone surrogate is neither). ASCII is a range test; other
 * code units are tested with \p{L}/\p{N} once and remembered (0 = not yet, 1 = yes, 2 = no).
 */
const NON_ASCII_ALNUM = new Uint8Array(0x10000);
const NON_ASCII_UPPER = new Uint8Array(0x10000);
export function isAlnumCode(x: number): boolean {
  if (x < 128) return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
  if (!(x < 0x10000)) return false; // NaN: past the end of the text
  let v = NON_ASCII_ALNUM[x]!;
  if (v === 0) NON_ASCII_ALNUM[x] = v = /[\p{L}\p{N}]/u.test(String.fromCharCode(x)) ? 1 : 2;
  return v === 1;
}
export function isUpperCode(x: number): boolean {
  if (x < 128) return x >= 65 && x <= 90;
  if (!(x < 0x10000)) return false;
  let v = NON_ASCII_UPPER[x]!;
  if (v === 0) NON_ASCII_UPPER[x] = v = /\p{Lu}/u.test(String.fromCharCode(x)) ? 1 : 2;
  return v === 1;
}
/** Letters and digits in any script (the first UTF-16 code unit of c). */
export const isAlnum = (c: string | undefined): boolean => c !== undefined && isAlnumCode(c.charCodeAt(0));
export const isUpper = (c: string | undefined): boolean => c !== undefined && isUpperCode(c.charCodeAt(0));

/** Hard-wrapped text: most lines are at most this long... */
const WRAP_WIDTH = 90;
/** ...this share of them at least... */
const WRAPPED_SHARE = 0.8;
/** ...and this share of lines stop mid-sentence. */
const MID_SENTENCE_SHARE = 0.4;

/**
 * Paragraphs. Hard-wrapped text (short lines that stop mid-sentence, paragraphs separated by blank lines: "UAW
 * president\nRon Gettelfinger said") is joined back into paragraphs; otherwise every line is a paragraph, as
 * the segmenter treats line breaks as hard boundaries too.
 */
export function paragraphs(norm: string): Range[] {
  const lines: Range[] = [];
  let blankLines = false;
  let start = 0;
  while (start <= norm.length) {
    let i = norm.indexOf('\n', start);
    if (i < 0) i = norm.length;
    let s = start;
    let e = i;
    while (s < e && isSpaceCode(norm.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(norm.charCodeAt(e - 1))) e--;
    if (e > s) lines.push({ start: s, end: e });
    else if (i < norm.length && lines.length > 0) blankLines = true;
    start = i + 1;
  }
  if (!blankLines || lines.length < 4) return lines;
  let short = 0;
  let open = 0;
  for (const l of lines) {
    if (l.end - l.start <= WRAP_WIDTH) short++;
    if (!ENDS_LINE.has(norm[l.end - 1]!)) open++;
  }
  if (short < lines.length * WRAPPED_SHARE || open < lines.length * MID_SENTENCE_SHARE) return lines;
  const out: Range[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev && !hasBlankLine(norm, prev.end, line.start)) prev.end = line.end;
    else out.push({ ...line });
  }
  return out;
}
/** Characters that end a line as a paragraph would: sentence ends, closing quotes, colons. */
const ENDS_LINE = new Set(['.', '!', '?', ':', '"', '\u201D', ')', '\u00BB', '…']);
function hasBlankLine(norm: string, from: number, to: number): boolean {
  let breaks = 0;
  for (let i = from; i < to; i++) if (norm.charCodeAt(i) === 0x0a) breaks++;
  return breaks > 1;
}

/** The quotation marks isQuoteCode accepts. */
const ANY_QUOTE_MARK = /["\u201C\u201D\u201E\u00AB\u00BB]/;
const QUOTE_MARKS = new RegExp(ANY_QUOTE_MARK.source, 'g');
/** Does the text hold a quotation mark anywhere? (An article without one has no quotation to find.) */
export const hasQuoteMark = (norm: string): boolean => ANY_QUOTE_MARK.test(norm);

// Characters after which a quotation mark opens ("(“", "—“", ': "') and before which one closes ('",' '".').
const OPENER_PREV = new Set(['(', '[', '{', '\u2014', '\u2013', '-', '/', '=', ':'].map((c) => c.charCodeAt(0)));
const CLOSER_NEXT = new Set([',', '.', ';', ':', '!', '?', ')', ']', '}', '\u2014', '\u2013', '-', '/', '…'].map((c) => c.charCodeAt(0)));

/**
 * Pair quotation marks inside one paragraph. Curly marks say which side they are on, but real text mixes them up
 * (straight quotes, ” used for both, stray marks), so each mark is first classified by its surroundings: an opener
 * follows a space and precedes a letter, a closer the reverse. The mark's own direction only breaks ties.
 * Characters are compared as UTF-16 code units; outside [start, end) there is no neighbour (NaN).
 */
export function findRegions(norm: string, start: number, end: number): Region[] {
  const out: Region[] = [];
  let open = -1;
  // the regex engine finds the marks far faster than a loop over every character
  const part = norm.slice(start, end);
  QUOTE_MARKS.lastIndex = 0;
  for (let m = QUOTE_MARKS.exec(part); m !== null; m = QUOTE_MARKS.exec(part)) {
    const i = start + m.index;
    const c = norm.charCodeAt(i);
    const p = i > start ? norm.charCodeAt(i - 1) : NaN;
    const n = i + 1 < end ? norm.charCodeAt(i + 1) : NaN;
    const hasP = p === p;
    const hasN = n === n;
    const openerShape = (!hasP || isSpaceCode(p) || OPENER_PREV.has(p) || isQuoteCode(p)) && hasN && !isSpaceCode(n);
    const closerShape = hasP && !isSpaceCode(p) && (!hasN || isSpaceCode(n) || CLOSER_NEXT.has(n) || isQuoteCode(n));
    const opener = openerShape && !closerShape ? true : closerShape && !openerShape ? false : !isCloseOnly(c) && (isOpenOnly(c) || open < 0);
    if (open >= 0) {
      if (!opener) {
        out.push({ open, close: i, closed: true });
        open = -1;
      } else {
        // a new opener while a quote is open: the previous one was never closed
        out.push({ open, close: trimEnd(norm, open + 1, i), closed: false });
        open = i;
      }
    } else if (opener) {
      open = i;
    }
    // a closer with nothing open is a stray mark (inches, a typo): ignored
  }
  if (open >= 0) out.push({ open, close: trimEnd(norm, open + 1, end), closed: false });
  return out;
}

function trimEnd(norm: string, from: number, to: number): number {
  let e = to;
  while (e > from && isSpaceCode(norm.charCodeAt(e - 1))) e--;
  return e;
}


/**
 * The words of the attribution lexicon, each with its word classes (bits of W), in an open-addressing table keyed
 * by hashStep. The tokenizer hashes an ASCII word while it scans it and finds it here without making a string: a hit
 * gives the token this table's copy of the word (no slice, no toLowerCase), and its classes; a miss means the word
 * is in no class. (A Map look-up of each fresh token string cost more than the rest of tokenizing.)
 */
class WordTable {
  /** slot -> the word's hash; probed first, so a miss rarely reads a word */
  private readonly hashes: Int32Array;
  /** slot -> 1 + index into words, 0 for an empty slot */
  private readonly slots: Int32Array;
  private readonly words: string[] = [];
  private readonly classes: number[] = [];
  private readonly mask: number;

  constructor(entries: Map<string, number>) {
    let size = 16;
    while (size < entries.size * 2) size *= 2; // at most half full: probe runs stay short
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.slots = new Int32Array(size);
    for (const [w, c] of entries) {
      const h = hashWord(w);
      let i = h & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.hashes[i] = h;
      this.slots[i] = this.words.push(w);
      this.classes.push(c);
    }
  }

  /** Index of the lower-cased ASCII text norm[start, end) (whose hash is h), or -1. */
  find(h: number, norm: string, start: number, end: number): number {
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (this.hashes[i] === h) {
        const w = this.words[slot - 1]!;
        if (w.length === end - start && sameLowered(w, norm, start)) return slot - 1;
      }
    }
  }
  word(index: number): string {
    return this.words[index]!;
  }
  classesAt(index: number): number {
    return this.classes[index]!;
  }
  /** The classes of a lower-cased word, 0 when it is in none. */
  get(word: string): number {
    const h = hashWord(word);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return 0;
      if (this.hashes[i] === h && this.words[slot - 1] === word) return this.classes[slot - 1]!;
    }
  }
}
function sameLowered(w: string, norm: string, start: number): boolean {
  for (let k = 0; k < w.length; k++) if (w.charCodeAt(k) !== foldAscii(norm.charCodeAt(start + k))) return false;
  return true;
}
const WORDS = new WordTable(ATTRIBUTION.wordClasses);
const POSSESSIVE_CLASSES = WORDS.get("'s");

/** Abbreviations whose period belongs to the word (not a sentence end). */
const ABBREV = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'inc', 'corp', 'co', 'ltd', 'bros', 'gov', 'sen', 'rep', 'gen',
  'lt', 'col', 'capt', 'mt', 'no', 'vs', 'etc', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct',
  'nov', 'dec', 'rev', 'mme', 'messrs', 'ft', 'approx', 'est', 'dept', 'univ', 'assn', 'ave', 'blvd', 'cf', 'e.g', 'i.e',
]);

const ABBREVIATIONS = new WordTable(new Map([...ABBREV].map((w) => [w, 1])));
/** Is the word norm[start, end) (hash h, when ASCII) one of ABBREV? */
const isAbbreviation = (ascii: boolean, h: number, norm: string, start: number, end: number): boolean =>
  ascii ? ABBREVIATIONS.find(h, norm, start, end) >= 0 : ABBREV.has(norm.slice(start, end).toLowerCase());
/** The classes of each one-character ASCII token (punctuation). */
const ASCII_CLASSES = Int32Array.from({ length: 128 }, (_, x) => WORDS.get(String.fromCharCode(x)));

/** U.S, J.P, e.g: letters separated by dots (but not Forex.com, whose final period ends a sentence). */
const isDotted = (w: string): boolean => w.includes('.') && w.split('.').every((seg) => seg.length <= 2);

const APOS = 0x27; // '
const LOWER_S = 0x73; // s
const DOT = 0x2e;
const HYPHEN = 0x2d;
const COMMA = 0x2c;
/** Joiners kept inside a word when a letter or digit follows: ' - . & / */
const isJoiner = (x: number): boolean => x === APOS || x === HYPHEN || x === DOT || x === 0x26 || x === 0x2f;

/**
 * Tokenize norm[start, end): words (with internal . ' - & /), possessive 's as its own token, punctuation.
 * (The possessive and abbreviation checks look one or two characters past `end`, as they always have.)
 */
export function tokenize(norm: string, start: number, end: number): Tok[] {
  const out: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = norm.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    if (isAlnumCode(c)) {
      // scan the word, hashing it lower-cased as we go (for ASCII words: the hash WordTable.find takes)
      let j = i + 1;
      let h = hashStep(0, foldAscii(c));
      let ascii = c < 128;
      let upper = c >= 65 && c <= 90;
      let dots = false;
      while (j < end) {
        const d = norm.charCodeAt(j);
        if (isAlnumCode(d)) {
          h = hashStep(h, foldAscii(d));
          if (d >= 128) ascii = false;
          else if (d >= 65 && d <= 90) upper = true;
          j++;
          continue;
        }
        if (d === APOS && norm.charCodeAt(j + 1) === LOWER_S && !isAlnumCode(norm.charCodeAt(j + 2))) break; // possessive: split off
        if (isJoiner(d) && j + 1 < end && isAlnumCode(norm.charCodeAt(j + 1))) {
          const x = norm.charCodeAt(j + 1);
          if (d === DOT) dots = true;
          h = hashStep(hashStep(h, d), foldAscii(x));
          if (x >= 128) ascii = false;
          else if (x >= 65 && x <= 90) upper = true;
          j += 2;
          continue;
        }
        break;
      }
      const cap = isUpperCode(c);
      // initials (J.), dotted abbreviations (U.S.), titles and company suffixes (Mr., Inc.), and any period
      // followed by a comma ("Everett, Wash., recently") keep their period: it is not a sentence end
      if (
        j < end &&
        norm.charCodeAt(j) === DOT &&
        (norm.charCodeAt(j + 1) === COMMA || (j - i === 1 && cap) || (dots && isDotted(norm.slice(i, j))) || isAbbreviation(ascii, h, norm, i, j))
      ) {
        h = hashStep(h, DOT);
        j++;
      }
      if (ascii) {
        const known = WORDS.find(h, norm, i, j);
        if (known >= 0) {
          const lo = WORDS.word(known);
          out.push({ s: i, e: j, t: upper ? norm.slice(i, j) : lo, lo, k: 'w', cap, cls: WORDS.classesAt(known) });
        } else {
          const t = norm.slice(i, j);
          out.push({ s: i, e: j, t, lo: upper ? t.toLowerCase() : t, k: 'w', cap, cls: 0 });
        }
      } else {
        const t = norm.slice(i, j);
        const lo = t.toLowerCase();
        out.push({ s: i, e: j, t, lo, k: 'w', cap, cls: WORDS.get(lo) });
      }
      i = j;
      continue;
    }
    if (c === APOS && norm.charCodeAt(i + 1) === LOWER_S && !isAlnumCode(norm.charCodeAt(i + 2)) && i > start && isAlnumCode(norm.charCodeAt(i - 1))) {
      out.push({ s: i, e: i + 2, t: "'s", lo: "'s", k: 'w', cap: false, cls: POSSESSIVE_CLASSES });
      i += 2;
      continue;
    }
    // runs of dots (ellipsis) and dashes are one token
    let j = i + 1;
    if (c === DOT || c === HYPHEN) while (j < end && norm.charCodeAt(j) === c && j - i < 8) j++;
    const t = norm.slice(i, j);
    out.push({ s: i, e: j, t, lo: t, k: 'p', cap: false, cls: j === i + 1 && c < 128 ? ASCII_CLASSES[c]! : WORDS.get(t) });
    i = j;
  }
  return out;
}

/** Is the token in one of the lexicon's word classes (bits of W, looked up once when the token was made)? */
export const inClass = (t: Tok, classes: number): boolean => (t.cls & classes) !== 0;
export const isTerminator = (t: Tok | undefined): boolean => !!t && t.k === 'p' && (t.t === '.' || t.t === '!' || t.t === '?');
export const isWord = (t: Tok | undefined): boolean => !!t && t.k === 'w' && t.lo !== "'s";

/** Number of words (runs containing a letter or digit) in norm[start, end). */
export function countWords(norm: string, start: number, end: number): number {
  let n = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const x = norm.charCodeAt(i);
    const a = isAlnumCode(x);
    if (a && !inWord) n++;
    inWord = a || (inWord && (x === APOS || x === HYPHEN || x === DOT) && isAlnumCode(norm.charCodeAt(i + 1)));
  }
  return n;
}
