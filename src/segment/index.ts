import type { Diagnostic, Span } from '../types.js';
import type { Doc, Sentence, Token } from './doc.js';
import { normalize } from './normalize.js';
import { splitOffsets } from './split.js';

export type { Doc, Sentence, Token } from './doc.js';
export { splitBlock } from './split.js';

// Hard-wrapped text (wire copy broken every ~70 characters, even inside "S&P \n 500") reads as one paragraph:
// a block whose lines mostly end without sentence punctuation is joined, and a line that starts in lower case
// always continues the line before.
const MIN_WRAPPED_LINES = 3;
const WRAPPED_SHARE = 0.5;
const MIN_WRAPPED_LINE_CHARS = 30;
const TERMINAL = /[.!?:;"”’)\]]$/;

export function unwrapHardLines(norm: string): string {
  if (!norm.includes('\n')) return norm;
  const joins: number[] = [];
  // (runs of non-newlines and single newlines: the same matches as /(?:[^\n]|\n(?![ \t]*\n))+/g, a run at a time)
  const blockRe = /(?:[^\n]+|\n(?![ \t]*\n))+/g;
  for (let m = blockRe.exec(norm); m; m = blockRe.exec(norm)) {
    const block = m[0];
    const lines = block.split('\n');
    if (lines.length < 2) continue;
    const inner = lines.slice(0, -1).map((l) => l.trim());
    const wrapped =
      lines.length >= MIN_WRAPPED_LINES &&
      inner.filter((l) => l && !TERMINAL.test(l)).length / inner.length >= WRAPPED_SHARE &&
      inner.filter((l) => l.length >= MIN_WRAPPED_LINE_CHARS).length / inner.length >= WRAPPED_SHARE;
    let pos = m.index;
    for (let i = 0; i < lines.length - 1; i++) {
      pos += lines[i]!.length;
      if (wrapped || /^[ \t]*[a-z]/.test(lines[i + 1]!)) joins.push(pos);
      pos += 1;
    }
  }
  if (!joins.length) return norm;
  const chars = norm.split('');
  for (const j of joins) chars[j] = ' ';
  return chars.join('');
}

/**
 * Analysis reads at most this many characters of a text (twice the longest of the 9,547 Reuters 2006-2013 stories,
 * 25,762): beyond it, a 1 MB feed item
 * without periods would cost seconds in the extractors. The record keeps the whole text; a diagnostic says where
 * analysis stopped (reliability row R4).
 */
export const MAX_ANALYZED_CHARS = 50_000;

export function segment(text: string, title = ''): Doc {
  // only a prefix can be analysed: normalise no more than twice the cap (normalising drops characters, never adds)
  const head = text.length > 2 * MAX_ANALYZED_CHARS ? text.slice(0, 2 * MAX_ANALYZED_CHARS) : text;
  const { norm: full, toOrig } = normalize(head);
  const diagnostics: Diagnostic[] = [];
  let folded = full;
  if (full.length > MAX_ANALYZED_CHARS || head !== text) {
    // cut at the last whitespace before the cap (a word is never split), or at the cap in a text without spaces
    const limit = Math.min(MAX_ANALYZED_CHARS, full.length);
    const from = Math.max(0, limit - 1000);
    const ws = full.slice(from, limit + 1).search(/\s\S*$/);
    const cut = ws >= 0 ? from + ws : limit;
    folded = full.slice(0, cut);
    const at = toOrig[cut]!;
    diagnostics.push({
      rule: 'segment/article-cap',
      message: `text is ${text.length.toLocaleString('en-US')} characters; only the first ${at.toLocaleString('en-US')} were analysed (the stored text is complete)`,
      severity: 'warning',
      span: { start: at, end: at, text: '' },
    });
  }
  const norm = unwrapHardLines(folded);
  const sentences: Sentence[] = [];
  const tokens: Token[] = [];
  // Paragraph breaks are hard sentence boundaries: a headline-like line never joins the next paragraph.
  const blockRe = /[^\n]+/g;
  for (let m = blockRe.exec(norm); m; m = blockRe.exec(norm)) {
    segmentBlock(m[0], m.index, sentences, tokens);
  }
  const span = (start: number, end: number): Span => {
    const s = toOrig[start]!;
    const e = end > start ? toOrig[end - 1]! + 1 : s;
    return { start: s, end: e, text: text.slice(s, e) };
  };
  const sentenceAt = (pos: number): number => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sentences[mid]!;
      if (pos < s.start) hi = mid - 1;
      else if (pos >= s.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
  const normTitle = normalize(title).norm;
  return { text, norm, title, normTitle, sentences, tokens, span, sentenceAt, ...(diagnostics.length ? { diagnostics } : {}) };
}

/**
 * A "sentence" longer than this (a table flattened to one line, a feed with no periods) is cut at the last token
 * boundary before the limit: every later stage then works on bounded pieces (reliability row R4).
 */
export const MAX_SENTENCE_CHARS = 2000;

function segmentBlock(block: string, offset: number, sentences: Sentence[], tokens: Token[]): void {
  const { offsets, sentenceEnds } = splitOffsets(block);
  const { starts, ends } = offsets;
  let first = 0;
  const emit = (a: number, b: number) => {
    const start = starts[a]!;
    const end = ends[b]!;
    const index = sentences.length;
    sentences.push({ index, start: offset + start, end: offset + end, text: block.slice(start, end) });
    for (let t = a; t <= b; t++) {
      const v = block.slice(starts[t]!, ends[t]!);
      tokens.push({ start: offset + starts[t]!, end: offset + ends[t]!, value: v, lower: v.toLowerCase(), sentence: index });
    }
  };
  for (const last of sentenceEnds) {
    // cut an over-long sentence into pieces of at most MAX_SENTENCE_CHARS (a single longer token stands alone)
    let a = first;
    while (a < last && ends[last]! - starts[a]! > MAX_SENTENCE_CHARS) {
      let b = a;
      while (b + 1 <= last && ends[b + 1]! - starts[a]! <= MAX_SENTENCE_CHARS) b++;
      emit(a, b);
      a = b + 1;
    }
    if (a <= last) emit(a, last);
    first = last + 1;
  }
}
