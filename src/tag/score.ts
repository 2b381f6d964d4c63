import type { Extractions } from '../extract/types.js';
import type { Doc } from '../segment/doc.js';
import type { Breadth, Tag, TagEvidence } from '../types.js';
import { figureSignals } from './figures.js';
import { defaultNarratives } from './load.js';
import { compileNarratives, matchSentence, type CompiledNarrative, type Matcher, type SentenceHits } from './matcher.js';
import { matchesAnyAtom, type CompiledPattern } from './pattern.js';
import type { Narrative } from './schema.js';
import { sentenceTokens, type SentenceTokens } from './tokens.js';

/** A negation or hedge counts when it ends at most this many tokens before the term ("no sign that the Fed will cut"). */
export const SCOPE_WINDOW = 6;
/** Clause punctuation between a modifier and the term ends the modifier's scope ("Stocks did not fall, and traders bet on cuts"). */
// (quotation marks are not barriers: they often just wrap a name, as in: while the "Magnificent Seven" led)
const SCOPE_BARRIERS = new Set([',', ';', ':', '(', ')', '—', '–', '-', '.', '!', '?']);
/** Excludes reach further back (counted from their end), to the subject of the clause ("Oil prices in New York closed at a record"). */
export const EXCLUDE_WINDOW = 10;
/** Words that open a new clause: an exclude before one of them is about another clause ("oil fell as the Dow hit a record"). */
const CLAUSE_WORDS = new Set(['and', 'while', 'but', 'after', 'whereas', 'although', 'though', 'because', 'since', 'when', 'which', 'with', 'even', 'despite']);
/** A hedged term ("the Fed could cut") is half as strong. */
export const HEDGE_FACTOR = 0.5;
/** The k-th repeat of the same term (by strength) counts DECAY^k: repetition adds, but saturates at 2x. */
export const REPEAT_DECAY = 0.5;
/** At most this many evidence spans per tag (the strongest); the score uses all of them. */
export const MAX_EVIDENCE = 10;
/**
 * Breadth is "mixed" only when both breadth narratives pass their thresholds and the weaker has at least this
 * share of the stronger's evidence sum: articles about a narrow rally nearly always mention broadening as the hope
 * ("watch whether it broadens"), so a clear majority decides.
 */
export const MIXED_RATIO = 0.75;
const NARROW = 'narrow-rally';
const BROADENING = 'broadening-rally';

export interface TagResult {
  tags: Tag[];
  breadth: Breadth;
  breadthScores: { narrow: number; broadening: number };
}

const EMPTY_EXTRACTIONS: Extractions = { tickers: [], indices: [], levels: [], moves: [], money: [], quotes: [] };

// Compiled matchers are cached per narratives array (the default array is loaded once), so tagDoc stays cheap.
const matchers = new WeakMap<readonly Narrative[], Matcher>();
function matcherFor(narratives: readonly Narrative[]): Matcher {
  let m = matchers.get(narratives);
  if (!m) {
    m = compileNarratives(narratives);
    matchers.set(narratives, m);
  }
  return m;
}

interface Hit {
  term: string;
  termIndex: number;
  sentence: number;
  start: number;
  end: number;
  weight: number;
}

/** Squash an evidence sum into [0, 1): one strong term (~1) gives ~0.63, three give ~0.95. */
export const squash = (sum: number): number => 1 - Math.exp(-Math.max(0, sum));
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Score every narrative on a segmented doc and derive the breadth label. Pure and deterministic. */
export function tagDoc(doc: Doc, ex: Extractions = EMPTY_EXTRACTIONS, narratives: readonly Narrative[] = defaultNarratives()): TagResult {
  const m = matcherFor(narratives);
  const sentences = sentenceTokens(doc);
  const figures = figureSignals(ex);

  // one pass over the sentences: each is matched once, and only the narratives owning a matched term look at it
  const hitsOf: Hit[][] = m.narratives.map(() => []);
  const touched = new Uint8Array(m.narratives.length);
  for (const st of sentences) {
    const hits = matchSentence(m, st);
    if (hits.terms.length === 0) continue;
    touched.fill(0);
    for (const id of hits.terms) for (const ni of m.termOf[id]!) touched[ni] = 1;
    for (let ni = 0; ni < touched.length; ni++) if (touched[ni]) narrativeHits(m, m.narratives[ni]!, st, hits, hitsOf[ni]!);
  }

  const scored: Array<{ tag: Tag; sum: number }> = [];
  const sums = new Map<string, { sum: number; score: number; passed: boolean }>();
  m.narratives.forEach((cn, ni) => {
    const hits = hitsOf[ni]!;
    let sum = 0;
    const evidence: Array<TagEvidence & { order: number }> = [];
    // diminishing returns per distinct term
    const byTerm = new Map<number, Hit[]>();
    for (const h of hits) {
      const list = byTerm.get(h.termIndex);
      if (list) list.push(h);
      else byTerm.set(h.termIndex, [h]);
    }
    for (const list of byTerm.values()) {
      list.sort((a, b) => b.weight - a.weight || a.sentence - b.sentence || a.start - b.start);
      list.forEach((h, k) => {
        const w = h.weight * REPEAT_DECAY ** k;
        sum += w;
        const st = sentences[h.sentence]!;
        const span = doc.span(st.starts[h.start]!, st.ends[h.end - 1]!);
        evidence.push({ ...span, term: h.term, weight: round(w), order: span.start });
      });
    }
    if (hits.length) {
      for (const f of figures) {
        if (f.tag !== cn.narrative.tag) continue;
        sum += f.weight;
        evidence.push({ ...f.span, term: f.term, weight: f.weight, order: f.span.start });
      }
    }
    const score = round(squash(sum));
    const passed = evidence.length > 0 && score >= cn.narrative.threshold;
    sums.set(cn.narrative.tag, { sum, score, passed });
    if (!passed) return;
    const kept = evidence
      .sort((a, b) => b.weight - a.weight || a.order - b.order)
      .slice(0, MAX_EVIDENCE)
      .sort((a, b) => a.order - b.order || a.end - b.end)
      .map(({ order: _order, ...e }) => e);
    scored.push({ tag: { tag: cn.narrative.tag, score, rule: cn.rule, evidence: kept }, sum });
  });
  scored.sort((a, b) => b.sum - a.sum || (a.tag.tag < b.tag.tag ? -1 : 1));

  const narrow = sums.get(NARROW);
  const broad = sums.get(BROADENING);
  return {
    tags: scored.map((s) => s.tag),
    breadth: breadthOf(narrow, broad),
    breadthScores: { narrow: narrow?.score ?? 0, broadening: broad?.score ?? 0 },
  };
}

type Side = { sum: number; passed: boolean } | undefined;

/** none: neither breadth narrative has real evidence (most daily wraps); mixed: both strong and close; else the stronger. */
export function breadthOf(narrow: Side, broad: Side): Breadth {
  const n = narrow?.passed ? narrow.sum : 0;
  const b = broad?.passed ? broad.sum : 0;
  if (n === 0 && b === 0) return 'none';
  if (n > 0 && b > 0 && Math.min(n, b) / Math.max(n, b) >= MIXED_RATIO) return 'mixed';
  return n >= b ? 'narrow' : 'broadening';
}

/**
 * The accepted term matches of one narrative in one sentence, after requires / negations / hedges / overlaps,
 * appended to `out`. The sentence holds at least one of the narrative's terms.
 */
function narrativeHits(m: Matcher, cn: CompiledNarrative, st: SentenceTokens, hits: SentenceHits, out: Hit[]): void {
  // sentence-level conditions, for the whole narrative and for each term
  if (cn.requires.length && !anyHit(hits, cn.requires)) return;
  if (anyHit(hits, cn.unless)) return;
  const cands: Hit[] = [];
  cn.terms.forEach((ct, termIndex) => {
    const found = hits.hasTerm(ct.id) ? hits.get(ct.id) : undefined;
    if (!found) return;
    if (ct.requires.length && !anyHit(hits, ct.requires)) return;
    if (anyHit(hits, ct.unless)) return;
    const pattern = m.patterns[ct.id]!;
    for (const [start, end] of found) {
      if (applies(hits, cn.negations, start, end, st, pattern, modifies) || applies(hits, cn.excludes, start, end, st, pattern, excludes)) continue;
      const weight = ct.term.weight * (applies(hits, cn.hedges, start, end, st, pattern, modifies) ? HEDGE_FACTOR : 1);
      cands.push({ term: ct.term.pattern, termIndex, sentence: st.sentence, start, end, weight });
    }
  });
  // overlapping terms of one narrative are one piece of evidence: keep the strongest
  cands.sort((a, b) => b.weight - a.weight || a.start - b.start || a.termIndex - b.termIndex);
  const kept: Hit[] = [];
  for (const c of cands) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  out.push(...kept);
}

const anyHit = (hits: SentenceHits, ids: number[]): boolean => ids.some((id) => hits.has(id));

type Scope = (ms: number, me: number, s: number, e: number, st: SentenceTokens, term: CompiledPattern) => boolean;

/** Does a match of one of the modifier patterns `ids` apply to the term match [start, end)? */
function applies(hits: SentenceHits, ids: number[], start: number, end: number, st: SentenceTokens, term: CompiledPattern, test: Scope): boolean {
  for (const id of ids) {
    const found = hits.get(id);
    if (found) for (const [ms, me] of found) if (test(ms, me, start, end, st, term)) return true;
  }
  return false;
}

/**
 * Does a modifier match [ms, me) apply to the term match [s, e)? It must end within SCOPE_WINDOW tokens before the
 * term, or inside it; no clause punctuation may separate it from the term; and inside the term it
 * must not be one of the term's own words (so "no longer limited to" is not negated by its own "no").
 */
function modifies(ms: number, me: number, s: number, e: number, st: SentenceTokens, term: CompiledPattern): boolean {
  if (me < s - SCOPE_WINDOW || me > e) return false;
  for (let k = me; k < s; k++) if (SCOPE_BARRIERS.has(st.words[k]!)) return false;
  for (let k = Math.max(ms, s); k < me; k++) if (matchesAnyAtom(term, st.words[k]!)) return false;
  return true;
}

/**
 * An exclude names what the sentence is really about, usually the subject of the clause, which can sit further
 * back than a negation ("Oil prices in New York closed at a record high"): it applies from EXCLUDE_WINDOW tokens
 * before the term up to the clause boundary, and wherever it overlaps the term (which lets it look ahead: "record
 * revenue").
 */
function excludes(xs: number, xe: number, s: number, e: number, st: SentenceTokens, _term: CompiledPattern): boolean {
  if (xe > s) return xs < e;
  if (xe < s - EXCLUDE_WINDOW) return false;
  for (let k = xe; k < s; k++) if (SCOPE_BARRIERS.has(st.words[k]!) || CLAUSE_WORDS.has(st.words[k]!)) return false;
  return true;
}
