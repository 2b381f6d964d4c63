import { createRequire } from 'node:module';
import type { Span } from '../types.js';
import type { Doc, Sentence, Token } from './doc.js';
import { normalize } from './normalize.js';

export type { Doc, Sentence, Token } from './doc.js';

const require = createRequire(import.meta.url);
// wink-nlp ships CommonJS; load it once per process with only the sentence-boundary pipe (the only one we use).
const winkNLP = require('wink-nlp') as typeof import('wink-nlp').default;
const model = require('wink-eng-lite-web-model');
const nlp = winkNLP(model, ['sbd']);
const its = nlp.its;

/** Split into sentences and tokens with wink-nlp; offsets are computed from its lossless token stream. */
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
  const blockRe = /(?:[^\n]|\n(?![ \t]*\n))+/g;
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

export function segment(text: string, title = ''): Doc {
  const { norm: folded, toOrig } = normalize(text);
  const norm = unwrapHardLines(folded);
  const sentences: Sentence[] = [];
  const tokens: Token[] = [];
  // Paragraph breaks are hard sentence boundaries: wink-nlp may join a headline-like line to the next paragraph.
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
  return { text, norm, title, normTitle, sentences, tokens, span, sentenceAt };
}

// wink-nlp's tokenizer is quadratic on very long runs without spaces ('1' x 20,000 + 'x' takes seconds). Such a run is
// never prose: the tokenizer sees it cut every MAX_RUN characters (same length, so offsets are unchanged).
const MAX_RUN = 64;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, 'g');

function cutLongRuns(block: string): string {
  return block.replace(LONG_RUN, (run) => run.replace(new RegExp(`(.{${MAX_RUN - 1}}).`, 'gs'), '$1 '));
}

function segmentBlock(original: string, offset: number, sentences: Sentence[], tokens: Token[]): void {
  if (!original.trim()) return;
  const block = cutLongRuns(original);
  const wdoc = nlp.readDoc(block);
  const values = wdoc.tokens().out(its.value) as string[];
  const spaces = wdoc.tokens().out(its.precedingSpaces) as string[];
  const starts = new Array<number>(values.length);
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    pos += spaces[i]!.length;
    // wink-nlp is lossless, but re-anchor defensively so a surprise never shifts later offsets
    if (block.startsWith(values[i]!, pos)) starts[i] = pos;
    else {
      const found = block.indexOf(values[i]!, pos);
      starts[i] = found >= 0 ? found : pos;
    }
    pos = starts[i]! + values[i]!.length;
  }
  const ranges: Array<[number, number]> = [];
  wdoc.sentences().each((s: { out: (f?: unknown) => unknown }) => {
    const [a, b] = s.out(its.span) as unknown as [number, number];
    if (a === undefined || b === undefined || b < a) return;
    const prev = ranges[ranges.length - 1];
    // A period glued to the next word is no sentence end: Reuters codes ".DJI", "AAPL.O", "Amazon.com".
    if (prev && values[prev[1]] === '.' && starts[a] === starts[prev[1]]! + 1) prev[1] = b;
    else ranges.push([a, b]);
  });
  for (const [a, b] of ranges) {
    const start = offset + starts[a]!;
    const end = offset + starts[b]! + values[b]!.length;
    const index = sentences.length;
    sentences.push({ index, start, end, text: original.slice(start - offset, end - offset) });
    for (let t = a; t <= b; t++) {
      const v = values[t]!;
      tokens.push({ start: offset + starts[t]!, end: offset + starts[t]! + v.length, value: v, lower: v.toLowerCase(), sentence: index });
    }
  }
}
