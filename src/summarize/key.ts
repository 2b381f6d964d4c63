// Key figures and key quotes: the few extractions a reader should see first, chosen from what the extractors found
// (never new values), each pointing back at its extraction by kind and index and carrying that extraction's span.
//
// Prominence of a figure (a level or a move):
//   +2  the sentence it sits in is one of the first LEAD_SENTENCES (news puts the point first)
//   +1  it is about a stock index, or about a ticker named in the headline
//   +1  a close (levels) / a realized move (moves); a hypothetical or forecast move is never a key figure
//   +1 - (sentence / sentences)  earlier in the text is more prominent (ties go to text order)
// One figure per subject and kind (the first, most prominent, mention), at most MAX_KEY_FIGURES.
// Key quotes: only quotes with a named speaker. Prominence: speaker with a title or organisation +1, 8..60 words +1,
// earlier in the text +1 - (sentence / sentences). One quote per speaker, at most MAX_KEY_QUOTES.
import type { Doc } from '../segment/doc.js';
import type { Extractions } from '../extract/types.js';
import type { KeyFigure, KeyQuote } from '../types.js';

export const MAX_KEY_FIGURES = 5;
export const MAX_KEY_QUOTES = 3;
const LEAD_SENTENCES = 3;
const QUOTE_MIN_WORDS = 8;
const QUOTE_MAX_WORDS = 60;

interface Ranked<T> {
  item: T;
  score: number;
  at: number;
}

const byScore = <T>(a: Ranked<T>, b: Ranked<T>) => b.score - a.score || a.at - b.at;

/** The sentence index holding a record-text offset (the doc's sentences are in norm offsets; map by span). */
function sentenceOf(doc: Doc, start: number): number {
  let lo = 0;
  let hi = doc.sentences.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = doc.span(doc.sentences[mid]!.start, doc.sentences[mid]!.end);
    if (start < s.start) hi = mid - 1;
    else {
      found = mid;
      if (start < s.end) return mid;
      lo = mid + 1;
    }
  }
  return found;
}

export function keyFigures(doc: Doc, ex: Extractions): KeyFigure[] {
  const n = Math.max(doc.sentences.length, 1);
  const indexNames = new Set(ex.indices.map((i) => i.name));
  const titleSymbols = new Set(ex.tickers.filter((t) => t.inTitle).map((t) => t.symbol));
  const position = (start: number) => {
    const s = sentenceOf(doc, start);
    return (s < LEAD_SENTENCES ? 2 : 0) + 1 - Math.max(s, 0) / n;
  };
  const ranked: Array<Ranked<KeyFigure> & { subject: string }> = [];
  ex.levels.forEach((l, index) => {
    const score = position(l.span.start) + (indexNames.has(l.index) ? 1 : 0) + (l.kind === 'close' ? 1 : 0);
    ranked.push({ item: { kind: 'levels', index, span: l.span }, score, at: l.span.start, subject: `levels:${l.index}` });
  });
  ex.moves.forEach((m, index) => {
    if (!m.realized) return; // "could rise another 5%" is not a fact yet
    const about = indexNames.has(m.subject) || (m.symbol !== null && titleSymbols.has(m.symbol)) ? 1 : 0;
    const score = position(m.span.start) + about + 1;
    ranked.push({ item: { kind: 'moves', index, span: m.span }, score, at: m.span.start, subject: `moves:${m.symbol ?? m.subject}` });
  });
  const seen = new Set<string>();
  const out: KeyFigure[] = [];
  for (const r of ranked.sort(byScore)) {
    if (out.length >= MAX_KEY_FIGURES) break;
    if (seen.has(r.subject)) continue;
    seen.add(r.subject);
    out.push(r.item);
  }
  return out;
}

export function keyQuotes(doc: Doc, ex: Extractions): KeyQuote[] {
  const n = Math.max(doc.sentences.length, 1);
  const ranked: Array<Ranked<KeyQuote>> = [];
  ex.quotes.forEach((q, index) => {
    if (!q.speaker) return; // a key quote is one the reader can attribute
    const words = q.text.split(/\s+/).filter(Boolean).length;
    const score =
      (q.title || q.organization ? 1 : 0) +
      (words >= QUOTE_MIN_WORDS && words <= QUOTE_MAX_WORDS ? 1 : 0) +
      1 -
      Math.max(sentenceOf(doc, q.span.start), 0) / n;
    ranked.push({ item: { index, speaker: q.speaker, span: q.span }, score, at: q.span.start });
  });
  const seen = new Set<string>();
  const out: KeyQuote[] = [];
  for (const r of ranked.sort(byScore)) {
    if (out.length >= MAX_KEY_QUOTES) break;
    const who = r.item.speaker.toLowerCase();
    if (seen.has(who)) continue;
    seen.add(who);
    out.push(r.item);
  }
  return out;
}

/** Both lists, for the record: `...keyPoints(doc, ex)` in analyze(). */
export function keyPoints(doc: Doc, ex: Extractions): { keyFigures: KeyFigure[]; keyQuotes: KeyQuote[] } {
  return { keyFigures: keyFigures(doc, ex), keyQuotes: keyQuotes(doc, ex) };
}
