// Sentence and token splitting in one linear pass over a paragraph, without an NLP library.
//
// The rules follow what wink-nlp's tokenizer and sentence-boundary model did on market news (they were the
// segmenter before; scripts compared both on the Reuters 2006-2013 corpus, see bench/lib-segment-compare.mjs):
//   - a chunk is a run of non-space characters; opening punctuation is peeled off its front and closing
//     punctuation, commas and sentence marks off its back; contractions ("didn't" -> did n't, "firm's" -> firm 's)
//     and a percent sign after a number ("1.2%" -> 1.2 %) are split; a currency sign before a number is its own token;
//   - ".", "!" and "?" (alone or in runs like "?!") end a sentence, with the closing quotes and brackets that
//     follow them in the same chunk ('"It is fine." Next' ends after the quote); "..." does not;
//   - a period glued to the next character ("NVDA.O", ".DJI", "Amazon.com", "fell.The") ends nothing;
//   - an abbreviation keeps its period: dotted letters ("U.S.", "p.m.", "e.g.") and a fixed list ("Inc.",
//     "Corp.", "Mr.", "Jan.", "No."). Titles and months never end a sentence; company suffixes, dotted letters
//     and "etc." end one when the next word is a capitalised function word that usually opens a sentence
//     ("... in the U.S. The dollar rose" splits, "the U.S. Treasury" does not).
// Cost: one pass of character tests finds the chunks; a plain word (letters and digits, perhaps with a comma) is a
// token at once, other chunks take a few more tests, so time is linear in the text.

/** Abbreviations that never end a sentence: a name or a number follows them. */
const TITLE_ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'capt', 'sgt', 'st', 'ft', 'mt', 'rev', 'hon', 'pres',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'no', 'nos', 'vs', 'v', 'approx', 'est', 'fig', 'vol', 'ch', 'pp', 'ave', 'blvd', 'dept', 'univ', 'assn',
  ],
);
/** Abbreviations that end a sentence when a sentence-opening word follows. */
const SUFFIX_ABBREVIATIONS = new Set(['inc', 'corp', 'co', 'ltd', 'bros', 'plc', 'llc', 'jr', 'sr', 'etc', 'cos', 'mfg', 'intl']);
/** Capitalised words that open a sentence after an abbreviation ("... Apple Inc. The company said"). */
const SENTENCE_OPENERS = new Set(
  [
    'the', 'a', 'an', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those', 'there', 'its', 'his', 'her',
    'their', 'our', 'in', 'on', 'at', 'but', 'and', 'or', 'so', 'yet', 'however', 'meanwhile', 'also', 'still', 'while', 'if', 'as',
    'after', 'before', 'since', 'when', 'for', 'with', 'by', 'from', 'to', 'of', 'analysts', 'some', 'many', 'most', 'other', 'others',
    'both', 'all', 'such', 'then', 'now', 'here', 'what', 'which', 'who', 'why', 'how', 'one', 'two', 'last', 'earlier',
    'later', 'separately', 'overall', 'shares', 'stocks',
  ],
);
// (the last two were checked against the corpus: "Inc. Shares rose" splits in wire copy more often than not)

const OPENING = new Set(['(', '[', '{', '"', "'", '“', '‘', '«', '`']);
const CLOSING = new Set([')', ']', '}', '"', "'", '”', '’', '»']);
const TRAILING = new Set([')', ']', '}', '"', "'", '”', '’', '»', ',', ';', ':', '!', '?', '.', '-']);
const TERMINAL = new Set(['.', '!', '?']);
const CURRENCY = new Set(['$', '€', '£', '¥']);
const DOTTED_LETTERS = /(?:^|-)(?:[A-Za-z]\.){2,}$/;
const INITIAL = /^[A-Za-z]\.$/;
const CONTRACTION = /^(.+?)(n['’]t|['’](?:s|re|ll|ve|m|d))$/i;
const NUMBER_PERCENT = /^([-+]?\d[\d,.]*)%$/;
const DIGIT = /\d/;
const LETTER = /[A-Za-z]/;
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|@/i;
// "forex.com", "capital.com": a period between two lower-case words
const INNER_DOT = /(?<=[a-z]{2})\.(?=[a-z]{2})/;
const INNER_BREAK_CHARS = new Set(['—', '–', '•', '·', '[', ']', '(', ')', '{', '}', '"', '“', '”', ';', '!', '?', '…', '«', '»']);
const INNER_BREAK = /[—–•·[\](){}"“”;!?…«»]/;
const GLUED_SENTENCE = /(?<=[a-z0-9]{2})\.(?=[A-Z][a-z])/;
const UPPER = /^[A-Z]/;

export interface RawToken {
  start: number;
  end: number;
}

/** The tokens and sentence ends of one paragraph: sentenceEnds[k] is the index of the last token of sentence k. */
export interface SplitResult {
  tokens: RawToken[];
  sentenceEnds: number[];
}

type Kind = 'plain' | 'terminal' | 'title' | 'suffix';

/** JavaScript's `\s`: ASCII spaces and controls \t-\r, NBSP, the Unicode space separators, U+2028/9 and the BOM. */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const isAlnumCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const COMMA = 44;
const PERIOD = 46;

/** Token offsets of a paragraph in two parallel arrays: no object per token. */
export class TokenOffsets {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  get length(): number {
    return this.starts.length;
  }
  add(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }
}

/** Split one paragraph (no newlines) into tokens and sentences. */
export function splitBlock(block: string): SplitResult {
  const { offsets, sentenceEnds } = splitOffsets(block);
  return { tokens: offsets.starts.map((start, k) => ({ start, end: offsets.ends[k]! })), sentenceEnds };
}

/**
 * splitBlock's work, with the tokens as offsets (what segment() reads). `shortcuts: false` sends every chunk through
 * splitChunk (the tests compare both ways).
 */
export function splitOffsets(block: string, shortcuts = true): { offsets: TokenOffsets; sentenceEnds: number[] } {
  const tokens = new TokenOffsets();
  const sentenceEnds: number[] = [];
  // a sentence that ends on a suffix abbreviation waits for the next chunk to decide
  let pendingSuffix = -1;
  const n = block.length;
  // chunks are the runs of non-space characters (what /\S+/g finds), read with one pass of character tests
  for (let i = 0; i < n; ) {
    let c = block.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    const base = i;
    let firstOther = -1; // the first character that is not an ASCII letter or digit
    for (; i < n; i++) {
      c = block.charCodeAt(i);
      if (isAlnumCode(c)) continue;
      if (isSpaceCode(c)) break;
      if (firstOther < 0) firstOther = i;
    }
    if (pendingSuffix >= 0) {
      const word = /^[A-Za-z]+/.exec(block.slice(base, i))?.[0];
      if (word && UPPER.test(word) && SENTENCE_OPENERS.has(word.toLowerCase())) sentenceEnds.push(pendingSuffix);
      pendingSuffix = -1;
    }
    const kind = (shortcuts ? plainChunk(block, base, i, firstOther, tokens) : null) ?? splitChunk(block.slice(base, i), base, tokens);
    if (kind === 'terminal') sentenceEnds.push(tokens.length - 1);
    else if (kind === 'suffix') pendingSuffix = tokens.length - 1;
  }
  if (tokens.length && sentenceEnds[sentenceEnds.length - 1] !== tokens.length - 1) sentenceEnds.push(tokens.length - 1);
  return { offsets: tokens, sentenceEnds };
}

/**
 * The chunks most text is made of (a word, a word and a comma, a word and a period) tokenised as splitChunk would
 * do it, without its general steps; null for any other chunk. `firstOther` is the chunk's first character that is not
 * an ASCII letter or digit (-1: none). test/segment.test.ts checks both ways agree.
 */
function plainChunk(block: string, start: number, end: number, firstOther: number, out: TokenOffsets): Kind | null {
  if (firstOther < 0) {
    out.add(start, end);
    return 'plain';
  }
  if (firstOther !== end - 1 || firstOther === start) return null;
  const c = block.charCodeAt(firstOther);
  if (c === COMMA) {
    out.add(start, firstOther);
    out.add(firstOther, end);
    return 'plain';
  }
  if (c !== PERIOD) return null;
  // an abbreviation keeps its period ("Inc.", "Mr."); after any other word the period is a token and ends a sentence
  const abbr = abbreviationKind(block.slice(start, end));
  if (abbr) {
    out.add(start, end);
    return abbr;
  }
  out.add(start, firstOther);
  out.add(firstOther, end);
  return 'terminal';
}

/**
 * Tokenise one chunk into `out`; tell whether it ends a sentence ('terminal'), ends on an abbreviation that may
 * end one ('suffix'), or neither.
 */
function splitChunk(chunk: string, base: number, out: TokenOffsets): Kind {
  let a = 0;
  let b = chunk.length;
  // leading punctuation, one token each
  while (a < b - 1 && OPENING.has(chunk[a]!)) {
    out.add(base + a, base + a + 1);
    a++;
  }
  // trailing punctuation: collected from the back, emitted after the core
  const tail: RawToken[] = [];
  let kind: Kind = 'plain';
  let sawTerminal = false;
  let closersOnly = true;
  while (b > a) {
    const c = chunk[b - 1]!;
    if (!TRAILING.has(c)) break;
    // "small-, mid- and large caps": a hyphen hanging off a word is its own token (not "--" or "-")
    if (c === '-' && !LETTER.test(chunk[b - 2] ?? '')) break;
    if (c === '.') {
      // "..." (and longer runs) is one token and ends nothing
      let d = b;
      while (d > a && chunk[d - 1] === '.') d--;
      if (b - d >= 2) {
        if (d === a) break; // the chunk is only dots
        tail.push({ start: base + d, end: base + b });
        b = d;
        closersOnly = false;
        continue;
      }
      const core = chunk.slice(a, b - 1);
      const abbr = abbreviationKind(chunk.slice(a, b));
      if (abbr) {
        // "U.S." and "Inc." keep their period
        if (closersOnly && !sawTerminal) kind = abbr;
        break;
      }
      if (!core) {
        if (b - 1 === a) {
          // the chunk is a lone "."
          tail.push({ start: base + b - 1, end: base + b });
          b--;
          if (closersOnly) sawTerminal = true;
        }
        break;
      }
    }
    if (TERMINAL.has(c)) {
      // a run such as "?!" is one token
      let d = b - 1;
      while (d > a && (chunk[d - 1] === '!' || chunk[d - 1] === '?')) d--;
      if (d === a) break;
      tail.push({ start: base + d, end: base + b });
      b = d;
      if (closersOnly) sawTerminal = true;
      closersOnly = false;
      continue;
    }
    if (b - 1 === a) break; // a chunk of one punctuation character is its own token below
    tail.push({ start: base + b - 1, end: base + b });
    b--;
    if (!CLOSING.has(c)) closersOnly = false;
  }
  if (b > a) emitCore(chunk, a, b, base, out);
  for (let k = tail.length - 1; k >= 0; k--) out.add(tail[k]!.start, tail[k]!.end);
  if (sawTerminal) return 'terminal';
  return kind;
}

function abbreviationKind(word: string): Kind | undefined {
  // an initial ("George W. Bush", "J. Crew") never ends a sentence
  if (INITIAL.test(word)) return 'title';
  if (DOTTED_LETTERS.test(word)) return 'suffix';
  const w = word.slice(0, -1).toLowerCase();
  if (TITLE_ABBREVIATIONS.has(w)) return 'title';
  if (SUFFIX_ABBREVIATIONS.has(w)) return 'suffix';
  return undefined;
}

/** The core of a chunk (no leading/trailing punctuation): split currency signs, percent signs and contractions. */
function emitCore(chunk: string, a: number, b: number, base: number, out: TokenOffsets): void {
  // dashes, bullets, brackets and quotes inside a chunk are tokens of their own ("challenge—and", "•Energy", "index]but")
  const inner = chunk.slice(a, b);
  if (INNER_BREAK.test(inner) || (inner.includes('/') && !URL_LIKE.test(inner))) {
    let from = a;
    for (let i = a; i < b; i++) {
      if (!INNER_BREAK_CHARS.has(chunk[i]!) && chunk[i] !== '/') continue;
      if (i > from) emitCore(chunk, from, i, base, out);
      out.add(base + i, base + i + 1);
      from = i + 1;
    }
    if (b > from) emitCore(chunk, from, b, base, out);
    return;
  }
  if (b - a > 1 && CURRENCY.has(chunk[a]!) && DIGIT.test(chunk[a + 1]!)) {
    out.add(base + a, base + a + 1);
    emitCore(chunk, a + 1, b, base, out);
    return;
  }
  // "13,676.32.The", "fell.The": a period between a word and a capitalised word that is glued to it
  const glued = !inner.includes('.') ? null : (GLUED_SENTENCE.exec(inner) ?? (URL_LIKE.test(inner) ? null : INNER_DOT.exec(inner)));
  if (glued) {
    const cut = a + glued.index + 1;
    emitCore(chunk, a, cut - 1, base, out);
    out.add(base + cut - 1, base + cut);
    emitCore(chunk, cut, b, base, out);
    return;
  }
  const core = inner;
  const pct = core.length > 1 && core.endsWith('%') ? NUMBER_PERCENT.exec(core) : null;
  if (pct) {
    out.add(base + a, base + b - 1);
    out.add(base + b - 1, base + b);
    return;
  }
  if (core.length > 2 && (core.includes("'") || core.includes('’'))) {
    const c = CONTRACTION.exec(core);
    if (c) {
      const cut = b - c[2]!.length;
      out.add(base + a, base + cut);
    out.add(base + cut, base + b);
      return;
    }
  }
  out.add(base + a, base + b);
}
