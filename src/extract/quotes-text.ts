/**
 * Character-level helpers for the quote extractor: paragraphs, quotation-mark pairing and a small tokenizer.
 * Everything here is a single left-to-right scan (linear time, no backtracking regexes), because it runs over
 * whole articles, including hostile ones ('"' repeated 50,000 times).
 */

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
}

const OPEN_ONLY = new Set(['\u201C', '\u201E', '\u00AB']); // “ „ «
const CLOSE_ONLY = new Set(['\u201D', '\u00BB']); // ” »
export const isQuoteMark = (c: string | undefined): boolean => c === '"' || (c !== undefined && (OPEN_ONLY.has(c) || CLOSE_ONLY.has(c)));

const isSpace = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Letters and digits in any script; a code-point test per character without a regex for ASCII. */
export function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  if ((x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122)) return true;
  if (x < 128) return false;
  return /[\p{L}\p{N}]/u.test(c);
}
export function isUpper(c: string | undefined): boolean {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  if (x >= 65 && x <= 90) return true;
  if (x < 128) return false;
  return /\p{Lu}/u.test(c);
}

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
  for (let i = 0; i <= norm.length; i++) {
    if (i === norm.length || norm[i] === '\n') {
      let s = start;
      let e = i;
      while (s < e && isSpace(norm[s])) s++;
      while (e > s && isSpace(norm[e - 1])) e--;
      if (e > s) lines.push({ start: s, end: e });
      else if (i < norm.length && lines.length > 0) blankLines = true;
      start = i + 1;
    }
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
  for (let i = from; i < to; i++) if (norm[i] === '\n') breaks++;
  return breaks > 1;
}

// Characters after which a quotation mark opens ("(“", "—“", ': "') and before which one closes ('",' '".').
const OPENER_PREV = new Set(['(', '[', '{', '\u2014', '\u2013', '-', '/', '=', ':']);
const CLOSER_NEXT = new Set([',', '.', ';', ':', '!', '?', ')', ']', '}', '\u2014', '\u2013', '-', '/', '…']);

/**
 * Pair quotation marks inside one paragraph. Curly marks say which side they are on, but real text mixes them up
 * (straight quotes, ” used for both, stray marks), so each mark is first classified by its surroundings: an opener
 * follows a space and precedes a letter, a closer the reverse. The mark's own direction only breaks ties.
 */
export function findRegions(norm: string, start: number, end: number): Region[] {
  const out: Region[] = [];
  let open = -1;
  for (let i = start; i < end; i++) {
    const c = norm[i]!;
    if (!isQuoteMark(c)) continue;
    const p = i > start ? norm[i - 1] : undefined;
    const n = i + 1 < end ? norm[i + 1] : undefined;
    const openerShape = (p === undefined || isSpace(p) || OPENER_PREV.has(p) || isQuoteMark(p)) && n !== undefined && !isSpace(n);
    const closerShape = p !== undefined && !isSpace(p) && (n === undefined || isSpace(n) || CLOSER_NEXT.has(n) || isQuoteMark(n));
    const opener = openerShape && !closerShape ? true : closerShape && !openerShape ? false : !CLOSE_ONLY.has(c) && (OPEN_ONLY.has(c) || open < 0);
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
  while (e > from && isSpace(norm[e - 1])) e--;
  return e;
}

/** Abbreviations whose period belongs to the word (not a sentence end). */
const ABBREV = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'inc', 'corp', 'co', 'ltd', 'bros', 'gov', 'sen', 'rep', 'gen',
  'lt', 'col', 'capt', 'mt', 'no', 'vs', 'etc', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct',
  'nov', 'dec', 'rev', 'mme', 'messrs', 'ft', 'approx', 'est', 'dept', 'univ', 'assn', 'ave', 'blvd', 'cf', 'e.g', 'i.e',
]);

/** U.S, J.P, e.g: letters separated by dots (but not Forex.com, whose final period ends a sentence). */
const isDotted = (w: string): boolean => w.includes('.') && w.split('.').every((seg) => seg.length <= 2);

/** Tokenize norm[start, end): words (with internal . ' - & /), possessive 's as its own token, punctuation. */
export function tokenize(norm: string, start: number, end: number): Tok[] {
  const out: Tok[] = [];
  let i = start;
  while (i < end) {
    const c = norm[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isAlnum(c)) {
      let j = i + 1;
      while (j < end) {
        const d = norm[j]!;
        if (isAlnum(d)) {
          j++;
          continue;
        }
        if (d === "'" && norm[j + 1] === 's' && !isAlnum(norm[j + 2])) break; // possessive: split off
        if ((d === "'" || d === '-' || d === '.' || d === '&' || d === '/') && j + 1 < end && isAlnum(norm[j + 1])) {
          j += 2;
          continue;
        }
        break;
      }
      let w = norm.slice(i, j);
      if (j < end && norm[j] === '.') {
        const lo = w.toLowerCase();
        // initials (J.), dotted abbreviations (U.S.), titles and company suffixes (Mr., Inc.), and any period
        // followed by a comma ("Everett, Wash., recently"): never a sentence end
        if ((w.length === 1 && isUpper(w)) || isDotted(w) || ABBREV.has(lo) || norm[j + 1] === ',') {
          j++;
          w += '.';
        }
      }
      out.push({ s: i, e: j, t: w, lo: w.toLowerCase(), k: 'w', cap: isUpper(w[0]) });
      i = j;
      continue;
    }
    if (c === "'" && norm[i + 1] === 's' && !isAlnum(norm[i + 2]) && i > start && isAlnum(norm[i - 1])) {
      out.push({ s: i, e: i + 2, t: "'s", lo: "'s", k: 'w', cap: false });
      i += 2;
      continue;
    }
    // runs of dots (ellipsis) and dashes are one token
    let j = i + 1;
    if (c === '.' || c === '-') while (j < end && norm[j] === c && j - i < 8) j++;
    const t = norm.slice(i, j);
    out.push({ s: i, e: j, t, lo: t, k: 'p', cap: false });
    i = j;
  }
  return out;
}

export const isTerminator = (t: Tok | undefined): boolean => !!t && t.k === 'p' && (t.t === '.' || t.t === '!' || t.t === '?');
export const isWord = (t: Tok | undefined): boolean => !!t && t.k === 'w' && t.lo !== "'s";

/** Number of words (runs containing a letter or digit) in norm[start, end). */
export function countWords(norm: string, start: number, end: number): number {
  let n = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const a = isAlnum(norm[i]);
    if (a && !inWord) n++;
    inWord = a || (inWord && (norm[i] === "'" || norm[i] === '-' || norm[i] === '.') && isAlnum(norm[i + 1]));
  }
  return n;
}
