// The narrative pattern language: a tiny, token-level matcher (see lexicons/narratives/README.md).
//
//   word        literal token (case-insensitive)         rate
//   word*       prefix                                    cut*       cut, cuts, cutting
//   (a|b c|d*)  alternatives; each a literal/prefix or a short sequence of them
//   <num>       a number token                            record <num>   "a record 1,666.12"
//   x?          the element before is optional            (new|fresh)? high*
//   _           any one token
//   ..N         a gap of 0..N tokens (N <= MAX_GAP)        fed ..3 cut*
//
// Hyphens inside words are token boundaries on both sides: "small-cap*" is the sequence small cap*, and the text
// "small-caps" / "small caps" both reach the matcher as the tokens small, caps (see tokens.ts).
//
// A pattern compiles to a flat list of elements. Matching is a forward pass over sets of token positions (a
// Thompson-style simulation, no backtracking): the cost from one start position is bounded by
// elements x (pattern span), and the span is bounded by the capped gaps, so a whole sentence costs
// O(tokens x elements x span) whatever the input.

/** Longest allowed gap: keeps matches sentence-local and the per-start cost bounded. */
export const MAX_GAP = 8;
/** Prefixes shorter than this are too unselective to index (matcher.ts) and are rejected. */
export const MIN_PREFIX = 3;

export type Atom = { kind: 'lit'; text: string } | { kind: 'prefix'; text: string } | { kind: 'num' };

export type Element =
  | {
      kind: 'group';
      alts: Atom[][];
      optional: boolean;
      /** the single-literal alternatives, for an O(1) test (groups of 50 verbs are common) */
      words: ReadonlySet<string>;
      /** the other alternatives (prefixes, numbers, sequences) */
      rest: Atom[][];
    }
  | { kind: 'any'; optional: boolean }
  | { kind: 'gap'; max: number };

export interface CompiledPattern {
  source: string;
  elements: Element[];
  /** the largest number of tokens a match can span */
  maxSpan: number;
}

export interface PatternError {
  /** 0-based character offset in the pattern source */
  index: number;
  message: string;
}

export type ParseResult = { ok: true; pattern: CompiledPattern } | { ok: false; error: PatternError };

/** Lower-case and fold the typographic apostrophes, as the sentence tokens are (tokens.ts). */
export function foldToken(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
}

const NUM_RE = /^[-+]?[$€£¥]?\d/;
export const isNumberToken = (t: string): boolean => NUM_RE.test(t);

// One raw element before hyphen splitting: a word, a group, or a gap, with its source offset.
interface RawPiece {
  text: string;
  index: number;
}

function splitPieces(src: string): RawPiece[] | PatternError {
  const out: RawPiece[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(') {
      const close = src.indexOf(')', i + 1);
      if (close < 0) return { index: i, message: "unclosed '('" };
      const inner = src.slice(i + 1, close);
      if (inner.includes('(')) return { index: i + 1 + inner.indexOf('('), message: 'groups cannot be nested' };
      i = close + 1;
      if (src[i] === '?') i++;
      if (i < src.length && !/\s/.test(src[i]!)) return { index: i, message: "expected a space after ')'" };
    } else {
      while (i < src.length && !/\s/.test(src[i]!)) {
        if (src[i] === '(' || src[i] === ')' || src[i] === '|') return { index: i, message: `unexpected '${src[i]}' inside a word` };
        i++;
      }
    }
    out.push({ text: src.slice(start, i), index: start });
  }
  return out;
}

/** Parse one word ("small-cap*", "<num>", "fed") into a sequence of atoms, or an error message. */
function parseWord(word: string): Atom[] | string {
  if (word === '<num>') return [{ kind: 'num' }];
  // (the class is not spelled #num: in YAML, " #" starts a comment and would silently cut the pattern)
  if (word.includes('#')) return `'#' is not allowed in a word (numbers are matched with <num>; in YAML, " #" starts a comment)`;
  if (word.includes('<') || word.includes('>')) return `'<' and '>' are only allowed in the class <num> (found '${word}')`;
  if (word.includes('?')) return `'?' can only follow a whole element (found '${word}')`;
  if (word.includes('..')) return `a gap '..N' must stand alone (found '${word}')`;
  // a lone dash is a punctuation token ("small - and mid caps" when the hyphen is followed by a space)
  if (/^[-\u2010\u2011\u2013\u2014]+$/.test(word)) return [{ kind: 'lit', text: word }];
  const parts = foldToken(word).split('-');
  const atoms: Atom[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p === '') {
      if (parts.length === 1) return 'empty word';
      continue; // "mid-" or "-1": a hyphen at an edge is just a boundary
    }
    const star = p.indexOf('*');
    if (star >= 0) {
      if (star !== p.length - 1) return `'*' must end a word (found '${word}')`;
      if (k !== parts.length - 1) return `'*' must end a word (found '${word}')`;
      const text = p.slice(0, -1);
      if (text.length < MIN_PREFIX) return `prefix '${p}' is too short (at least ${MIN_PREFIX} letters before '*')`;
      atoms.push({ kind: 'prefix', text });
    } else atoms.push({ kind: 'lit', text: p });
  }
  if (atoms.length === 0) return `no word in '${word}'`;
  return atoms;
}

export function parsePattern(source: string): ParseResult {
  const pieces = splitPieces(source);
  if (!Array.isArray(pieces)) return { ok: false, error: pieces };
  if (pieces.length === 0) return { ok: false, error: { index: 0, message: 'empty pattern' } };
  const elements: Element[] = [];
  for (const piece of pieces) {
    const fail = (message: string, at = piece.index): ParseResult => ({ ok: false, error: { index: at, message } });
    let text = piece.text;
    const gap = /^\.\.(\d*)$/.exec(text);
    if (gap) {
      const n = Number(gap[1]);
      if (!gap[1] || !Number.isInteger(n) || n < 1 || n > MAX_GAP) return fail(`a gap is '..N' with N from 1 to ${MAX_GAP} (found '${text}')`);
      elements.push({ kind: 'gap', max: n });
      continue;
    }
    if (text.startsWith('..')) return fail(`a gap is '..N' with N from 1 to ${MAX_GAP} (found '${text}')`);
    let optional = false;
    if (text.endsWith('?')) {
      optional = true;
      text = text.slice(0, -1);
      if (text === '') return fail("'?' must follow an element");
    }
    if (text === '_') {
      elements.push({ kind: 'any', optional });
      continue;
    }
    if (text.startsWith('(')) {
      const inner = text.slice(1, -1);
      const alts: Atom[][] = [];
      let offset = piece.index + 1;
      for (const alt of inner.split('|')) {
        const words = alt.trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) return fail('empty alternative in a group', offset);
        const seq: Atom[] = [];
        for (const w of words) {
          if (w === '_' || w.startsWith('..')) return fail(`alternatives hold words only, not '${w}'`, offset);
          const atoms = parseWord(w);
          if (typeof atoms === 'string') return fail(atoms, offset);
          seq.push(...atoms);
        }
        alts.push(seq);
        offset += alt.length + 1;
      }
      elements.push(group(alts, optional));
      continue;
    }
    const atoms = parseWord(text);
    if (typeof atoms === 'string') return fail(atoms);
    // a hyphenated optional word ("mega-cap?") stays one optional unit
    elements.push(group([atoms], optional));
  }
  const first = elements[0]!;
  const last = elements[elements.length - 1]!;
  if (first.kind === 'gap' || last.kind === 'gap') return { ok: false, error: { index: 0, message: 'a pattern cannot start or end with a gap' } };
  for (let k = 1; k < elements.length; k++) {
    if (elements[k]!.kind === 'gap' && elements[k - 1]!.kind === 'gap') return { ok: false, error: { index: 0, message: 'two gaps in a row' } };
  }
  if (!elements.some((e) => e.kind === 'group' && !e.optional)) {
    return { ok: false, error: { index: 0, message: 'a pattern needs at least one required word (not only _, gaps or optional parts)' } };
  }
  let maxSpan = 0;
  for (const e of elements) {
    if (e.kind === 'gap') maxSpan += e.max;
    else if (e.kind === 'any') maxSpan += 1;
    else maxSpan += Math.max(...e.alts.map((a) => a.length));
  }
  return { ok: true, pattern: { source, elements, maxSpan } };
}

function group(alts: Atom[][], optional: boolean): Element {
  const words = new Set<string>();
  const rest: Atom[][] = [];
  for (const a of alts) {
    if (a.length === 1 && a[0]!.kind === 'lit') words.add(a[0]!.text);
    else rest.push(a);
  }
  return { kind: 'group', alts, optional, words, rest };
}

/** Compile or throw (for patterns already validated by the loader). */
export function compilePattern(source: string): CompiledPattern {
  const r = parsePattern(source);
  if (!r.ok) throw new Error(`bad pattern '${source}' at ${r.error.index}: ${r.error.message}`);
  return r.pattern;
}

function atomMatches(a: Atom, t: string): boolean {
  if (a.kind === 'lit') return t === a.text;
  if (a.kind === 'prefix') return t.startsWith(a.text);
  return isNumberToken(t);
}

// Reachability flags over a pattern's span, reused by every simulation (matching is synchronous and not re-entrant).
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Simulate `p` from token `start` within tokens[start, limit). Returns the highest reachable end offset (-1: no
 * match), and leaves the flags of every reachable end offset in `flagsA` [0, span].
 * The reachable positions after each element are kept as flags over the pattern's span, so the work per start is
 * at most elements x span x alternatives, whatever the tokens are.
 */
function simulate(p: CompiledPattern, tokens: readonly string[], start: number, limit: number): number {
  const span = Math.min(p.maxSpan, limit - start);
  if (flagsA.length <= span) {
    flagsA = new Uint8Array(2 * span + 2);
    flagsB = new Uint8Array(2 * span + 2);
  }
  let cur = flagsA;
  let next = flagsB;
  cur.fill(0, 0, span + 1);
  cur[0] = 1;
  let hi = 0; // highest reachable offset so far
  for (const e of p.elements) {
    next.fill(0, 0, span + 1);
    let nhi = -1;
    for (let off = 0; off <= hi; off++) {
      if (!cur[off]) continue;
      const pos = start + off;
      if (e.kind === 'gap') {
        const top = Math.min(off + e.max, span);
        for (let k = off; k <= top; k++) next[k] = 1;
        if (top > nhi) nhi = top;
        continue;
      }
      if (e.optional) {
        next[off] = 1;
        if (off > nhi) nhi = off;
      }
      if (pos >= limit) continue;
      if (e.kind === 'any' || e.words.has(tokens[pos]!)) {
        // (off + 1 <= span: pos < limit and pos - start < maxSpan whenever a token is still to be consumed)
        next[off + 1] = 1;
        if (off + 1 > nhi) nhi = off + 1;
        if (e.kind === 'any') continue;
      }
      for (const alt of e.rest) {
        if (pos + alt.length > limit || off + alt.length > span) continue;
        let ok = true;
        for (let k = 0; k < alt.length; k++) {
          if (!atomMatches(alt[k]!, tokens[pos + k]!)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          next[off + alt.length] = 1;
          if (off + alt.length > nhi) nhi = off + alt.length;
        }
      }
    }
    if (nhi < 0) {
      flagsA = cur;
      flagsB = next;
      return -1;
    }
    const done = cur;
    cur = next;
    next = done;
    hi = nhi;
  }
  flagsA = cur;
  flagsB = next;
  return hi;
}

/** Ends of all matches of `p` starting at token `start` (exclusive end indices, ascending), within tokens[start, limit). */
export function matchEnds(p: CompiledPattern, tokens: readonly string[], start: number, limit = tokens.length): number[] {
  const hi = simulate(p, tokens, start, limit);
  const ends: number[] = [];
  for (let off = 0; off <= hi; off++) if (flagsA[off]) ends.push(start + off);
  return ends;
}

/**
 * All non-overlapping matches, leftmost first, each the longest from its start; an empty match is never reported.
 * Returns [start, end) token index pairs. `starts`, when given, lists (ascending) the only positions to try: it must
 * hold every position in [from, to) where a match can start (the matcher derives it from the tokens' keys).
 */
export function findMatches(p: CompiledPattern, tokens: readonly string[], from = 0, to = tokens.length, starts?: readonly number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const first = p.elements[0]!;
  const mustStart = first.kind === 'group' && !first.optional ? first : undefined;
  let s = from;
  let next = 0; // index into starts
  while (s < to) {
    if (starts) {
      while (next < starts.length && starts[next]! < s) next++;
      if (next === starts.length || starts[next]! >= to) break;
      s = starts[next]!;
    }
    // cheap pre-check on the first element when it is a required group
    if (mustStart && !startsGroup(mustStart, tokens[s]!)) {
      s++;
      continue;
    }
    const hi = simulate(p, tokens, s, to);
    if (hi > 0) {
      out.push([s, s + hi]);
      s += hi;
    } else s++;
  }
  return out;
}

/** Can an alternative of the group start with token t? */
function startsGroup(e: Extract<Element, { kind: 'group' }>, t: string): boolean {
  if (e.words.has(t)) return true;
  for (const a of e.rest) if (atomMatches(a[0]!, t)) return true;
  return false;
}

/** Which atoms (literal, prefix or <num>) of the pattern a token matches: used to tell a term's own words apart. */
export function matchesAnyAtom(p: CompiledPattern, t: string): boolean {
  for (const e of p.elements) {
    if (e.kind !== 'group') continue;
    for (const alt of e.alts) for (const a of alt) if (atomMatches(a, t)) return true;
  }
  return false;
}
