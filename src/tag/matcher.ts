import { compilePattern, findMatches, isNumberToken, MIN_PREFIX, type Atom, type CompiledPattern } from './pattern.js';
import type { Narrative, NarrativeTerm } from './schema.js';
import type { SentenceTokens } from './tokens.js';

// One indexed matcher for all narratives (compromise's "needs" idea): every distinct pattern string of every
// narrative (terms, requires, unless, negations, hedges, excludes) is compiled once.
//
// Every atom of every pattern (a literal word, a prefix, <num>) gets a key id, and each distinct token of the text
// is looked up once (then cached) to the ids of the atoms it matches. A pattern can only match a sentence that holds,
// for each of its required elements, every atom of one of that element's alternatives: "(net income|profit)"
// needs "profit", or both "net" and "income". That test is exact (it never rejects a sentence the pattern matches)
// and cheap, so the token-level matcher (pattern.ts) runs only where it is plausible. The index files each term
// pattern under the keys of one required element, so a sentence collects its candidate terms from its own keys;
// the other patterns only qualify a term, so they run on demand, in the sentences where a term of theirs matched.

export interface CompiledTerm {
  term: NarrativeTerm;
  /** id of the term's pattern in Matcher.patterns */
  id: number;
  requires: number[];
  unless: number[];
}

export interface CompiledNarrative {
  narrative: Narrative;
  /** `narratives/<tag>@<version>` */
  rule: string;
  terms: CompiledTerm[];
  requires: number[];
  unless: number[];
  negations: number[];
  hedges: number[];
  excludes: number[];
}

export interface Matcher {
  patterns: CompiledPattern[];
  narratives: CompiledNarrative[];
  /** index key ("l:word", "p:prefix", "#num") -> ids of the term patterns filed under it */
  index: Map<string, number[]>;
  /** term patterns with no indexable element: tried on every sentence (empty: every pattern has a required element) */
  always: number[];
  /** the atoms' key ids, and each token's keys */
  vocab: Vocabulary;
  /** key id -> ids of the term patterns filed under it, ascending */
  byKey: number[][];
  /** per pattern id: one entry per required element */
  needs: Need[][];
  /** per pattern id: the keys a token must hold to start a match (null: the first element is optional or '_') */
  firstKeys: Array<Uint32Array | null>;
  /** per pattern id: indices (into narratives) of the narratives that use it as a term, ascending */
  termOf: number[][];
  /** which patterns a sentence has tried already (marks[id] === stamp); only used inside the SentenceHits constructor */
  scratch: { marks: Uint32Array; stamp: number };
}

/** One required element: the sentence must hold one of `single` or every key of one of `multi`. */
interface Need {
  /** keys of the alternatives that need one key, as a list and as a bit set over key ids */
  singles: number[];
  single: Uint32Array;
  /** the distinct keys of each alternative that needs more than one */
  multi: number[][];
}

/** Words too common to file a pattern under (any other required word is a better filter). */
const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'and', 'or', 'as', 'is', 'was', 'are', 'were', 'be', 'its', 'their', 'it', 'that', 'with', 'from']);

/**
 * Key ids for the atoms of the patterns, and the lookup from a token to the keys of the atoms it matches.
 *
 * The lookup runs for every token of every article, so it hashes the token's characters itself, in one pass: the
 * running hash after MIN_PREFIX characters finds the prefixes that start with those characters (every prefix has
 * at least MIN_PREFIX), and the final hash finds the literal. Open-addressing tables of key ids; a probe confirms
 * with a string comparison, so a hash collision costs time, never a wrong key.
 */
export class Vocabulary {
  /** key id -> the literal or prefix text ('' for the number class) */
  private readonly texts: string[] = [];
  /** key id -> "l:word" | "p:prefix" | "#num" */
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private numKey = -1;
  // filled by seal(): slot -> key id + 1 (0 = empty), and the hash of what the slot is filed under (the whole
  // literal; the prefix's first MIN_PREFIX characters), to skip most string comparisons
  private literalSlots = new Int32Array(0);
  private literalHashes = new Int32Array(0);
  private prefixSlots = new Int32Array(0);
  private prefixHashes = new Int32Array(0);
  private mask = 0;
  private sealed = false;

  /** The key id of an atom, assigned on first sight (before seal()). */
  keyOf(a: Atom): number {
    const name = a.kind === 'num' ? '#num' : a.kind === 'lit' ? `l:${a.text}` : `p:${a.text}`;
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.sealed) throw new Error('Vocabulary: no new keys after seal()');
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.texts.push(a.kind === 'num' ? '' : a.text);
      if (a.kind === 'num') this.numKey = id;
    }
    return id;
  }

  /** Build the lookup tables; call once every key is assigned. */
  seal(): void {
    let size = 16;
    while (size < 4 * this.names.length) size *= 2;
    this.mask = size - 1;
    this.literalSlots = new Int32Array(size);
    this.literalHashes = new Int32Array(size);
    this.prefixSlots = new Int32Array(size);
    this.prefixHashes = new Int32Array(size);
    this.names.forEach((name, id) => {
      if (name === '#num') return;
      const text = this.texts[id]!;
      const literal = name[0] === 'l';
      const slots = literal ? this.literalSlots : this.prefixSlots;
      const h = hashOf(text, literal ? text.length : MIN_PREFIX);
      let slot = h & this.mask;
      while (slots[slot] !== 0) slot = (slot + 1) & this.mask;
      slots[slot] = id + 1;
      (literal ? this.literalHashes : this.prefixHashes)[slot] = h;
    });
    this.sealed = true;
  }

  /** Uint32 words in a bit set over the key ids */
  get bitWords(): number {
    return (this.names.length + 31) >>> 5;
  }

  bitSet(keys: readonly number[]): Uint32Array {
    const bits = new Uint32Array(this.bitWords);
    for (const k of keys) bits[k >>> 5]! |= 1 << (k & 31);
    return bits;
  }

  /** The keys of every atom token `t` (a folded sentence word) matches, ascending. */
  keysOf(t: string): number[] {
    const out: number[] = [];
    this.collect(t, out);
    return out.sort((a, b) => a - b);
  }

  /** Append to `out` the keys of every atom token `t` matches (each once, in no particular order). */
  collect(t: string, out: number[]): void {
    if (!this.sealed) throw new Error('Vocabulary: seal() before lookups');
    const n = t.length;
    let h = HASH_SEED;
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ t.charCodeAt(i), HASH_PRIME);
      if (i === MIN_PREFIX - 1) {
        for (let slot = h & this.mask; this.prefixSlots[slot] !== 0; slot = (slot + 1) & this.mask) {
          if (this.prefixHashes[slot] !== h) continue;
          const id = this.prefixSlots[slot]! - 1;
          if (t.startsWith(this.texts[id]!)) out.push(id);
        }
      }
    }
    for (let slot = h & this.mask; this.literalSlots[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (this.literalHashes[slot] !== h) continue;
      const id = this.literalSlots[slot]! - 1;
      if (this.texts[id] === t) out.push(id);
    }
    if (this.numKey >= 0 && n > 0 && mayBeNumber(t.charCodeAt(0)) && isNumberToken(t)) out.push(this.numKey);
  }
}

// FNV-1a over UTF-16 code units
const HASH_SEED = 0x811c9dc5 | 0;
const HASH_PRIME = 0x01000193;
function hashOf(s: string, n: number): number {
  let h = HASH_SEED;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), HASH_PRIME);
  return h;
}

/** Can a token starting with this character be a number token ([-+]?[$€£¥]?digit)? */
const mayBeNumber = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x24 || c === 0x20ac || c === 0xa3 || c === 0xa5;

export function compileNarratives(narratives: readonly Narrative[]): Matcher {
  const patterns: CompiledPattern[] = [];
  const ids = new Map<string, number>();
  const idOf = (source: string): number => {
    let id = ids.get(source);
    if (id === undefined) {
      id = patterns.length;
      patterns.push(compilePattern(source));
      ids.set(source, id);
    }
    return id;
  };
  const compiled = narratives.map(
    (n): CompiledNarrative => ({
      narrative: n,
      rule: `narratives/${n.tag}@${n.version}`,
      terms: n.terms.map((t) => ({ term: t, id: idOf(t.pattern), requires: (t.requires ?? []).map(idOf), unless: (t.unless ?? []).map(idOf) })),
      requires: n.requires.map(idOf),
      unless: n.unless.map(idOf),
      negations: n.negations.map(idOf),
      hedges: n.hedges.map(idOf),
      excludes: n.excludes.map(idOf),
    }),
  );

  const vocab = new Vocabulary();
  const rawNeeds = patterns.map((p) =>
    p.elements.flatMap((e): Array<{ single: number[]; multi: number[][] }> => {
      if (e.kind !== 'group' || e.optional) return [];
      const single: number[] = [];
      const multi: number[][] = [];
      for (const alt of e.alts) {
        const keys = [...new Set(alt.map((a) => vocab.keyOf(a)))];
        if (keys.length === 1) single.push(keys[0]!);
        else multi.push(keys);
      }
      return [{ single, multi }];
    }),
  );
  // (the key ids are all assigned now: the lookup tables and bit sets can be sized)
  vocab.seal();
  const needs = rawNeeds.map((list) => list.map((n): Need => ({ singles: n.single, single: vocab.bitSet(n.single), multi: n.multi })));
  const firstKeys = patterns.map((p) => {
    const first = p.elements[0]!;
    return first.kind === 'group' && !first.optional ? vocab.bitSet(first.alts.map((alt) => vocab.keyOf(alt[0]!))) : null;
  });

  const termOf: number[][] = patterns.map(() => []);
  compiled.forEach((c, ni) => {
    for (const t of c.terms) if (!termOf[t.id]!.includes(ni)) termOf[t.id]!.push(ni);
  });

  // File each term pattern under its most selective required element: the one whose weakest alternative is
  // longest (longer words are rarer), so common words like "the" never pull in candidates. An alternative of
  // several words is filed under its most selective word, since the sentence must hold all of them.
  const index = new Map<string, number[]>();
  const byKey: number[][] = vocab.names.map(() => []);
  const always: number[] = [];
  const keyScore = (k: number): number => {
    const name = vocab.names[k]!;
    return name === '#num' || STOPWORDS.has(name.slice(2)) ? 1 : name.length - 2;
  };
  const bestOf = (keys: number[]): number => keys.reduce((b, k) => (keyScore(k) > keyScore(b) ? k : b));
  patterns.forEach((_p, id) => {
    if (termOf[id]!.length === 0) return;
    let best: number[] | undefined;
    let bestScore = -1;
    for (const need of rawNeeds[id]!) {
      const keys = [...need.single, ...need.multi.map(bestOf)];
      const score = Math.min(...keys.map(keyScore));
      if (score > bestScore) {
        best = keys;
        bestScore = score;
      }
    }
    if (!best) {
      always.push(id);
      return;
    }
    for (const k of new Set(best)) {
      byKey[k]!.push(id);
      const name = vocab.names[k]!;
      const list = index.get(name);
      if (list) list.push(id);
      else index.set(name, [id]);
    }
  });
  return { patterns, narratives: compiled, index, always, vocab, byKey, needs, firstKeys, termOf, scratch: { marks: new Uint32Array(patterns.length), stamp: 0 } };
}

/** The matches of one sentence: term patterns found through the index, any other pattern computed on demand. */
export class SentenceHits {
  /** per pattern id looked at: its token-index matches [start, end), or null (no match) */
  private readonly found = new Map<number, Array<[number, number]> | null>();
  /** the keys the sentence's tokens hold: a bit set over key ids, and the same keys as a list */
  private readonly bits: Uint32Array;
  private readonly keys: number[] = [];
  /** every (token, key) pair: keyAt[j] is held by token tokenAt[j]; tokenAt ascends */
  private readonly keyAt: number[] = [];
  private readonly tokenAt: number[] = [];
  /** ids of the term patterns that matched, ascending */
  readonly terms: number[] = [];

  constructor(
    private readonly m: Matcher,
    private readonly words: readonly string[],
  ) {
    this.bits = new Uint32Array(m.vocab.bitWords);
    const { keyAt, tokenAt } = this;
    for (let i = 0; i < words.length; i++) {
      m.vocab.collect(words[i]!, keyAt);
      while (tokenAt.length < keyAt.length) tokenAt.push(i);
    }
    for (const k of keyAt) {
      if (this.holdsKey(k)) continue;
      this.bits[k >>> 5]! |= 1 << (k & 31);
      this.keys.push(k);
    }
    // the candidate terms: the patterns filed under the sentence's keys, each tried once
    const tried = m.scratch;
    if (tried.stamp === 0xffffffff) {
      tried.marks.fill(0);
      tried.stamp = 0;
    }
    const stamp = ++tried.stamp;
    for (const id of m.always) this.tryTerm(id, tried.marks, stamp);
    for (const k of this.keys) for (const id of m.byKey[k]!) this.tryTerm(id, tried.marks, stamp);
    if (this.terms.length > 1) this.terms.sort((a, b) => a - b);
  }

  private tryTerm(id: number, marks: Uint32Array, stamp: number): void {
    if (marks[id] === stamp) return;
    marks[id] = stamp;
    if (this.get(id)) this.terms.push(id);
  }

  /**
   * Did term pattern `id` match? Exact without running anything new: a term that matches always holds the keys it
   * is filed under, so it was among the candidates, and its matches are in `found`.
   */
  hasTerm(id: number): boolean {
    return this.m.termOf[id]!.length > 0 && this.found.get(id) != null;
  }

  /** Matches of pattern `id` in this sentence (computed once). */
  get(id: number): Array<[number, number]> | undefined {
    let r = this.found.get(id);
    if (r === undefined) {
      r = null;
      if (this.possible(id)) {
        const matches = findMatches(this.m.patterns[id]!, this.words, 0, this.words.length, this.startsOf(id));
        if (matches.length) r = matches;
      }
      this.found.set(id, r);
    }
    return r ?? undefined;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Does the sentence hold, for every required element of pattern `id`, all the words of one alternative? */
  private possible(id: number): boolean {
    if (this.keys.length === 0) return false;
    for (const need of this.m.needs[id]!) if (!this.holds(need)) return false;
    return true;
  }

  private holds(need: Need): boolean {
    if (need.singles.length < this.keys.length) {
      for (const k of need.singles) if (this.holdsKey(k)) return true;
    } else {
      for (const k of this.keys) if (need.single[k >>> 5]! & (1 << (k & 31))) return true;
    }
    for (const alt of need.multi) if (this.holdsAll(alt)) return true;
    return false;
  }

  private holdsAll(keys: readonly number[]): boolean {
    for (const k of keys) if (!this.holdsKey(k)) return false;
    return true;
  }

  private holdsKey(k: number): boolean {
    return (this.bits[k >>> 5]! & (1 << (k & 31))) !== 0;
  }

  /** The positions where a match of pattern `id` can start, ascending (undefined: any position can). */
  private startsOf(id: number): number[] | undefined {
    const first = this.m.firstKeys[id];
    if (!first) return undefined;
    const starts: number[] = [];
    for (let j = 0; j < this.keyAt.length; j++) {
      const k = this.keyAt[j]!;
      const pos = this.tokenAt[j]!;
      if (first[k >>> 5]! & (1 << (k & 31)) && starts[starts.length - 1] !== pos) starts.push(pos);
    }
    return starts;
  }
}

/** Match one sentence: run the candidate terms now, the rest lazily. */
export function matchSentence(m: Matcher, st: SentenceTokens): SentenceHits {
  return new SentenceHits(m, st.words);
}
