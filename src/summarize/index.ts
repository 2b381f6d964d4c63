// Extractive summaries: whole sentences of the article, in text order, chosen by rules that can be read back.
//
// Two profiles, chosen per document from its own text (never from where it came from):
// - news (the default): lead bias, because news puts the point first (Lead-3 is the strong and faithful baseline
//   on news); a figure adds a little, an opening bare quote takes a little away.
// - call: a long spoken text (an earnings-call transcript: at least CALL_MIN_SENTENCES sentences, and first-person
//   "we / our / I" in at least CALL_FIRST_PERSON of them). The point of a call is not in its first lines (those
//   are safe-harbour and housekeeping) but in the sentences that state results and guidance with figures, so
//   figures, result words and guidance words score, and position only breaks ties.
// In both: furniture (share buttons, newsletter prompts, podcast players, disclaimers, comments, safe harbour,
// operator and greetings) is never chosen; a sentence that opens with a pronoun or discourse marker is chosen only
// together with the sentence before it; a sentence that says again what a chosen one said is skipped.
import type { Doc } from '../segment/doc.js';
import { isBoilerplateLine } from '../ingest/clean.js';
import { FIRST_PERSON, GUIDANCE, MONEY, PERCENT, PERIOD, PER_SHARE, RESULT, furniture, isDangling } from './rules.js';
import { cleanSummaryText, widenToCodePoints } from './text.js';
import { ContentWords } from './words.js';

export { isDangling, furniture } from './rules.js';
export { cleanSummaryText } from './text.js';
export { ContentWords, STOP_WORDS } from './words.js';

export const DEFAULT_SUMMARY_SENTENCES = 3;

const MIN_WORDS = 6; // shorter "sentences" are headings, labels or interjections
const MAX_WORDS = 70; // longer ones are run-ons or lists
const LEAD_DECAY = 0.12; // news: position score exp(-0.12 i)
/** news: weight of centrality, the mean share of the article's sentences that hold each of the sentence's content words */
const CENTRALITY = 2;
const CALL_MIN_SENTENCES = 40;
const CALL_FIRST_PERSON = 0.3;
/** content-word overlap (share of the shorter sentence) above which a sentence repeats a chosen one */
const REDUNDANT = 0.6;
const FRAGMENT_END = /\b(?:a|an|the|and|or|who|whose|its|their|our)\s*[.!?]$/; // lower case: "hepatitis A." and "Class A." end well
const BULLET = /^(?:[-–•*·▪◦]\s*)+/;
const LETTER = /\p{L}/u;
const FIGURE = /\d(?:[\d,.]*)\s?(?:%|percent|per cent|pct|points?)|\$\d/i;

export type SummaryProfile = 'news' | 'call';

export interface SummaryChoice {
  /** index into doc.sentences */
  index: number;
  /** the sentence as it goes into the summary (bullet dropped, one line, no invisible controls) */
  text: string;
  score: number;
  /** why it scored: 'lead', 'figure', 'money', 'per-share', 'result', 'guidance', 'period', 'quote-opening', ... */
  reasons: string[];
}

export interface SummaryPlan {
  profile: SummaryProfile;
  chosen: SummaryChoice[];
  /** sentences never eligible, with the rule that excluded them (furniture id, 'boilerplate-line', 'length', ...) */
  excluded: Array<{ index: number; rule: string }>;
  /** eligible sentences passed over because they open with a dangling word and their antecedent was not chosen */
  dangling: number[];
  /** eligible sentences passed over as repeats of a chosen sentence */
  redundant: number[];
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The document's profile: a long text spoken in the first person is a call; anything else reads as news. */
export function profileOf(doc: Doc): SummaryProfile {
  const n = doc.sentences.length;
  if (n < CALL_MIN_SENTENCES) return 'news';
  // first person outside quotation marks (a quote may run over several sentences): a news story full of quoted
  // analysts is still news
  const outside = doc.norm.replace(/"[^"]{0,3000}"|“[^“”]{0,3000}”/g, (q) => ' '.repeat(q.length));
  const firstPerson = doc.sentences.filter((s) => FIRST_PERSON.test(outside.slice(s.start, s.end))).length;
  return firstPerson / n >= CALL_FIRST_PERSON ? 'call' : 'news';
}

/** Shared content words as a share of the smaller list (0 when either has none); each list without repeats. */
function overlap(a: readonly number[], b: readonly number[]): number {
  if (!a.length || !b.length) return 0;
  let o = 0;
  for (const w of a) if (b.includes(w)) o++;
  return o / Math.min(a.length, b.length);
}

const printable = (c: number) => c > 32 && c < 127;

/** The sentence as the rules read it: trimmed, without a list bullet. */
function bare(text: string): string {
  // nearly every sentence starts and ends on a printable ASCII character (not a space), and starts on no bullet
  // ("-", "*"): nothing to cut
  const first = text.charCodeAt(0);
  if (printable(first) && first !== 45 && first !== 42 && printable(text.charCodeAt(text.length - 1))) return text;
  return text.trim().replace(BULLET, '');
}

/**
 * Why a sentence may never be chosen (the first rule that fires), or null when it is eligible. `text` is the
 * sentence trimmed and without a list bullet.
 */
function exclusion(text: string): string | null {
  // words with a letter: "14:11 EST, 25 October 2013." is a timestamp, not a sentence
  let words = 0;
  let lettered = 0;
  for (const w of text.split(/\s+/)) {
    if (!w) continue;
    words++;
    if (lettered < MIN_WORDS && LETTER.test(w)) lettered++; // once there are enough, the rest need no test
  }
  if (words > MAX_WORDS || lettered < MIN_WORDS) return 'length';
  // a sentence does not end on an article, a conjunction, a possessive or "who": it was cut ("a woman who .")
  // nor begin in lower case (a broken line's second half), unless the word is a brand like "iPhone" or "eBay"
  if (FRAGMENT_END.test(text) || /^[a-z]+(?:[\s,;:]|$)/.test(text)) return 'fragment';
  if (isBoilerplateLine(text)) return 'boilerplate-line';
  const f = furniture(text);
  if (f) return f;
  // headings and list labels have no final punctuation
  if (!/[.!?"”’')]$/.test(text)) return 'no-final-punctuation';
  return null;
}

interface Candidate {
  index: number;
  score: number;
  reasons: string[];
}

function scoreNews(text: string, i: number, central: number): Candidate {
  const reasons = ['lead'];
  let score = Math.exp(-LEAD_DECAY * i);
  // centrality: a sentence whose words recur through the article is about its topic (a stray caption, a byline
  // or a tweet is not); it reorders sentences of similar position, it does not overturn the lead
  if (central > 0) score += CENTRALITY * central;
  if (FIGURE.test(text)) (score += 0.15), reasons.push('figure');
  // a bare quote without its attribution reads badly out of context
  if (/^[“"']/.test(text)) (score -= 0.2), reasons.push('quote-opening');
  return { index: i, score, reasons };
}

function scoreCall(text: string, i: number, words: number): Candidate {
  const reasons: string[] = [];
  let score = 0.3 * Math.exp(-i / 40); // ties go to the earlier sentence (prepared remarks before Q&A)
  const money = MONEY.test(text);
  const pct = PERCENT.test(text);
  if (money) (score += 1), reasons.push('money');
  if (pct) (score += 0.4), reasons.push('percent');
  // earnings per share is the headline figure of every earnings report
  if (PER_SHARE.test(text)) (score += 1.6), reasons.push('per-share');
  if (RESULT.test(text)) (score += 0.5), reasons.push('result');
  if ((money || pct) && GUIDANCE.test(text)) (score += 0.6), reasons.push('guidance');
  if (PERIOD.test(text)) (score += 0.3), reasons.push('period');
  if (words > 45) (score -= 0.3), reasons.push('long');
  return { index: i, score, reasons };
}

/**
 * Choose the summary sentences of `doc`, with the reasons for each choice and for each sentence passed over.
 * `complete` (the default) lists the exclusion rule of every sentence; without it only the sentences the choice
 * looked at are checked and listed (summarize() needs the chosen sentences only; they are the same either way).
 */
export function planSummary(doc: Doc, n = DEFAULT_SUMMARY_SENTENCES, complete = true): SummaryPlan {
  const profile = profileOf(doc);
  const count = doc.sentences.length;
  // a sentence's score does not depend on its eligibility, so every sentence is scored (cheap) and the rules that
  // exclude one (dearer) run in score order, only until `n` sentences are chosen
  const texts = doc.sentences.map((s) => bare(s.text));
  // content words: for news, every sentence's (centrality needs each word's document frequency); for a call,
  // only those of the sentences compared for redundancy (calls run to hundreds of sentences)
  const vocabulary = new ContentWords();
  const words: Array<number[] | undefined> = [];
  const wordsOf = (i: number): number[] => {
    const s = doc.sentences[i]!;
    return (words[i] ??= vocabulary.of(s.text, doc.norm, s.start));
  };
  if (profile === 'news') for (let i = 0; i < count; i++) wordsOf(i);
  const order = texts.map((text, i) => {
    if (profile === 'call') return scoreCall(text, i, wordCount(text));
    const cw = wordsOf(i);
    let central = 0;
    for (const w of cw) central += vocabulary.df[w]!;
    return scoreNews(text, i, cw.length ? central / cw.length / count : 0);
  });
  order.sort((a, b) => b.score - a.score || a.index - b.index);

  const rule: Array<string | null | undefined> = []; // by sentence, once checked: the rule that excludes it, or null
  const excludedBy = (i: number) => (rule[i] === undefined ? (rule[i] = exclusion(texts[i]!)) : rule[i]);
  const chosen = new Map<number, Candidate>();
  const chosenWords: number[][] = [];
  const dangling: number[] = [];
  const redundant: number[] = [];
  for (const c of order) {
    if (chosen.size >= n) break;
    if (excludedBy(c.index)) continue;
    // the first sentence has nothing before it to lean on ("This is the moment ...", "It may have been her voice ...")
    if (c.index > 0 && isDangling(doc.sentences[c.index]!.text) && !chosen.has(c.index - 1)) {
      dangling.push(c.index);
      continue;
    }
    const cw = wordsOf(c.index);
    if (chosenWords.some((w) => overlap(cw, w) > REDUNDANT)) {
      redundant.push(c.index);
      continue;
    }
    chosen.set(c.index, c);
    chosenWords.push(cw);
  }
  if (complete) for (let i = 0; i < count; i++) excludedBy(i);
  const excluded: SummaryPlan['excluded'] = [];
  rule.forEach((r, index) => r && excluded.push({ index, rule: r }));
  return {
    profile,
    chosen: [...chosen.values()]
      .sort((a, b) => a.index - b.index)
      .map((c) => ({ index: c.index, text: sentenceText(doc, c.index), score: Math.round(c.score * 1000) / 1000, reasons: c.reasons })),
    excluded,
    dangling: dangling.sort((a, b) => a - b),
    redundant: redundant.sort((a, b) => a - b),
  };
}

/** A chosen sentence as summary text: the record text's words, without a list bullet, on one line. */
function sentenceText(doc: Doc, i: number): string {
  const s = doc.sentences[i]!;
  // a list item keeps its words, not its bullet ("- • Large-cap tech led")
  const bullet = BULLET.exec(s.text)?.[0].length ?? 0;
  const span = doc.span(s.start + bullet, s.end);
  const [a, b] = widenToCodePoints(doc.text, span.start, span.end);
  return cleanSummaryText(doc.text.slice(a, b));
}

/**
 * Extractive summary: the best `n` sentences in text order, never furniture, and never a sentence that opens with
 * a dangling pronoun or discourse marker unless the sentence before it is chosen too.
 */
export function summarize(doc: Doc, n = DEFAULT_SUMMARY_SENTENCES): string[] {
  return planSummary(doc, n, false).chosen.map((c) => c.text);
}
