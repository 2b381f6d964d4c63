import { compilePattern, findMatches, isNumberToken, MIN_PREFIX, type CompiledPattern } from './pattern.js';
import type { Narrative, NarrativeTerm } from './schema.js';
import type { SentenceTokens } from './tokens.js';

// One indexed matcher for all narratives (compromise's "needs" idea): every distinct pattern string of every
// narrative (terms, requires, unless, negations, hedges, excludes) is compiled once. The index maps one of each
// term's required words to the term, and a candidate runs only when the sentence holds every word it needs. The
// other patterns only qualify a term, so they run on demand, in the sentences where a term of theirs matched.

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
  /** index key -> ids of the term patterns filed under it */
  index: Map<string, number[]>;
  /** term patterns with no indexable word: tried on every sentence */
  always: number[];
  /** the index split by key kind, so a sentence looks its tokens up without building key strings */
  byWord: Map<string, number[]>;
  byPrefix: Map<string, number[]>;
  byNumber: number[];
  /** per pattern id: its needs, split the same way */
  needs: NeedSet[][];
}

/** One required element's keys: the sentence must hold one of these words, prefixes, or (num) a number. */
interface NeedSet {
  words: string[];
  prefixes: string[];
  num: boolean;
}

/** Words too common to file a pattern under (any other required word is a better filter). */
const STOPWORDS = new Set(
  ['the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'and', 'or', 'as', 'is', 'was', 'are', 'were', 'be', 'its', 'their', 'it', 'that', 'with', 'from'].map(
    (w) => `l:${w}`,
  ),
);

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
  const index = new Map<string, number[]>();
  const always: number[] = [];
  const termIds = new Set(compiled.flatMap((c) => c.terms.map((t) => t.id)));
  patterns.forEach((p, id) => {
    if (!termIds.has(id)) return;
    // file the pattern under its most selective required element: the one whose keys are longest
    // (longer words are rarer), so common words like "the" never pull in candidates
    let best: string[] | undefined;
    let bestScore = -1;
    for (const need of p.needs) {
      const score = Math.min(...need.map((k) => (k === '#num' || STOPWORDS.has(k) ? 1 : k.length)));
      if (score > bestScore) {
        best = need;
        bestScore = score;
      }
    }
    if (!best) {
      always.push(id);
      return;
    }
    for (const k of best) {
      const list = index.get(k);
      if (list) list.push(id);
      else index.set(k, [id]);
    }
  });
  const byWord = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  let byNumber: number[] = [];
  for (const [k, list] of index) {
    if (k === '#num') byNumber = list;
    else (k.startsWith('l:') ? byWord : byPrefix).set(k.slice(2), list);
  }
  const needs = patterns.map((p) =>
    p.needs.map((need) => ({
      words: need.filter((k) => k.startsWith('l:')).map((k) => k.slice(2)),
      prefixes: need.filter((k) => k.startsWith('p:')).map((k) => k.slice(2)),
      num: need.includes('#num'),
    })),
  );
  return { patterns, narratives: compiled, index, always, byWord, byPrefix, byNumber, needs };
}

/** The matches of one sentence: term patterns found through the index, any other pattern computed on demand. */
export class SentenceHits {
  /** token-index matches [start, end) per pattern id; null = tried, no match */
  private readonly found = new Map<number, Array<[number, number]> | null>();
  // the sentence's index keys, without building key strings per token: its words, their prefixes, and numbers
  private readonly words_ = new Set<string>();
  private readonly prefixes = new Set<string>();
  private hasNumber = false;
  /** ids of the term patterns that matched, ascending */
  readonly terms: number[] = [];
  private readonly termSet = new Set<number>();

  constructor(
    private readonly m: Matcher,
    private readonly words: readonly string[],
  ) {
    const candidates = new Set<number>(m.always);
    const add = (ids: number[] | undefined) => {
      if (ids) for (const id of ids) candidates.add(id);
    };
    for (const w of words) {
      if (!this.words_.has(w)) {
        this.words_.add(w);
        add(m.byWord.get(w));
        if (w.length >= MIN_PREFIX) {
          const pre = w.slice(0, MIN_PREFIX);
          if (!this.prefixes.has(pre)) {
            this.prefixes.add(pre);
            add(m.byPrefix.get(pre));
          }
        }
        if (!this.hasNumber && isNumberToken(w)) {
          this.hasNumber = true;
          add(m.byNumber);
        }
      }
    }
    for (const id of [...candidates].sort((a, b) => a - b)) if (this.get(id)) this.terms.push(id);
    for (const id of this.terms) this.termSet.add(id);
  }

  /**
   * Did term pattern `id` match? Exact without running anything: a term that matches always holds its indexed word,
   * so it was among the candidates.
   */
  hasTerm(id: number): boolean {
    return this.termSet.has(id);
  }

  /** Matches of pattern `id` in this sentence (computed once). */
  get(id: number): Array<[number, number]> | undefined {
    let r = this.found.get(id);
    if (r === undefined) {
      r = null;
      if (this.m.needs[id]!.every((need) => this.holds(need))) {
        const matches = findMatches(this.m.patterns[id]!, this.words);
        if (matches.length) r = matches;
      }
      this.found.set(id, r);
    }
    return r ?? undefined;
  }

  private holds(need: NeedSet): boolean {
    if (need.num && this.hasNumber) return true;
    for (const w of need.words) if (this.words_.has(w)) return true;
    for (const p of need.prefixes) if (this.prefixes.has(p)) return true;
    return false;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }
}

/** Match one sentence: run the candidate terms now, the rest lazily. */
export function matchSentence(m: Matcher, st: SentenceTokens): SentenceHits {
  return new SentenceHits(m, st.words);
}
