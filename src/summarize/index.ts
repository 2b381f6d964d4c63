import type { Doc } from '../segment/doc.js';
import { isBoilerplateLine } from '../ingest/clean.js';

export const DEFAULT_SUMMARY_SENTENCES = 3;

// Sentences that open with a pronoun or discourse marker lean on the sentence before them.
const DANGLING = /^(however|but|still|yet|also|meanwhile|moreover|furthermore|in addition|that|this|these|those|it|its|they|their|he|she|his|her|such|so|and|or|then|instead|as a result|even so|by contrast|on the other hand|similarly|likewise)\b/i;
const MIN_WORDS = 6; // shorter "sentences" are headings or labels
const MAX_WORDS = 70; // longer ones are run-ons or lists
// Lead bias: news puts the point first. Position score decays with sentence index.
const LEAD_DECAY = 0.12;
const BULLET = /^(?:[-–•*·▪◦]\s*)+/;
const FIGURE = /\d(?:[\d,.]*)\s?(?:%|percent|per cent|pct|points?)|\$\d/i;

interface Candidate {
  index: number;
  score: number;
}

/**
 * Extractive, lead-biased summary: the best `n` sentences in text order, never a boilerplate line and never a
 * sentence that opens with a dangling pronoun/discourse marker unless the sentence before it is chosen too.
 */
export function summarize(doc: Doc, n = DEFAULT_SUMMARY_SENTENCES): string[] {
  const cands: Candidate[] = [];
  doc.sentences.forEach((s, i) => {
    const words = s.text.split(/\s+/).filter(Boolean).length;
    if (words < MIN_WORDS || words > MAX_WORDS) return;
    if (isBoilerplateLine(s.text)) return;
    if (!/[.!?"”’)]$/.test(s.text.trim())) return; // headings and list labels have no final punctuation
    let score = Math.exp(-LEAD_DECAY * i);
    if (FIGURE.test(s.text)) score += 0.15;
    if (/^[“"]/.test(s.text)) score -= 0.2; // a bare quote without its attribution reads badly out of context
    cands.push({ index: i, score });
  });
  const chosen = new Set<number>();
  for (const c of [...cands].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (chosen.size >= n) break;
    if (DANGLING.test(doc.sentences[c.index]!.text.trim()) && !chosen.has(c.index - 1)) continue;
    chosen.add(c.index);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => {
    const s = doc.sentences[i]!;
    // a list item keeps its words, not its bullet ("- • Large-cap tech led")
    const bullet = BULLET.exec(s.text)?.[0].length ?? 0;
    // hard-wrapped copy keeps its line breaks in the record text; a summary sentence reads on one line
    return doc.span(s.start + bullet, s.end).text.replace(/\s+/g, ' ');
  });
}
