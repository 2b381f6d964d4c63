import type { Doc } from '../segment/doc.js';
import type { Level, LevelKind } from '../types.js';
import { NUMBER, parseNumber } from './numbers.js';
import { defaultLexicons } from './lexicon.js';
import type { EntityMention, ExtractContext, Extractor } from './types.js';

// "closed at 4,839.81", "to end at 19,303.51 points", "an intraday high of 4,842.07", "to 13,461.92", and Reuters'
// "was down 39.81 points, or 0.31 percent, at 12,831.94".
// The number must follow a level preposition: "fell 212.37 points" (a point change) never matches.
// ("(?=at)" before the look-behind changes no match; it spares the look-behind at every word that is not "at".)
const LEVEL_RE = new RegExp(
  String.raw`\b(?:(close[sd]?|closing|end(?:ed|s|ing)?|finish(?:ed|es|ing)?|settle[sd]?|settling)(?:\s+(?:unofficially|higher|lower|up|down|flat|sharply|slightly|marginally|little\s+changed|a\s+fraction|(?:on\s+)?\w+day)){0,2}\s+(?:the\s+(?:day|session|week)\s+)?(?:at|on)|(open(?:ed|s)?)\s+at|((?:intraday|session|all-time|record|\d+-week|new|fresh)?\s*(?:high|peak)\s+(?:of|at)|(?:an?\s+)?(?:intraday|all-time|fresh|new)?\s*record(?:\s+(?:closing\s+)?high)?(?:\s+intraday)?(?:\s+level)?\s+(?:of|at)|as\s+high\s+as)|((?:intraday|session|\d+-week|new|fresh)?\s*low\s+(?:of|at)|as\s+low\s+as)|(stood|was|were|trad(?:e|es|ed|ing)|hovered|sat)\s+(?:at|near|around)|(to|(?=at)(?<=(?:points?|percent|per\s?cent|pct|%)(?:,?\s+(?:higher|lower|up|down))?,?\s{0,2})at)|(touched|touching|hit|hitting|reached|reaching))\s+(?:a\s+(?:record\s+|new\s+)?(?:close|closing\s+(?:high|level)|level)\s+of\s+|(?:a\s+)?(?:new\s+|fresh\s+)?(?:record|all-time\s+high)(?:\s+(?:high|close|closing\s+high))?\s+(?:of\s+)?)?(${NUMBER})(\s*points?)?(?![\d%]|\s*(?:%|percent|per\s*cent|pct|percentage|basis|bps|billion|million|trillion|bn|mn|shares|contracts|GMT|ET|EDT|EST|BST|CET|JST|[ap]\.m\.|local\s+time))`,
  'gi',
);
// Index levels are large numbers; smaller values are point changes, prices or counts. VIX is the exception.
const MIN_LEVEL = 100;
const MIN_VIX_LEVEL = 5;
// A level said as a target or forecast is not a level the index reached.
const NOT_REALIZED = /\b(target|forecast|predict|expect|could|would|might|may|see[sn]?|project|estimate|aim|goal|year-end|end-year|by the end of)\b/i;
// How far back (characters) the subject index may stand from the number.
const MAX_SUBJECT_DISTANCE = 160;
// A sentence without an index name may continue the one before: look back this many sentences for its subject.
const CARRY_SENTENCES = 2;
// ...only when the sentence's own subject refers back to it ("Its intraday value also hit ...", "Earlier, it touched ...");
// "German Bund futures jumped 2.6 points to 138.12" has a subject of its own
const CARRY_REFERENCE = /^\W*(?:[A-Za-z]+(?:\s+[a-z]+)?,\s+)?(?:but\s+|and\s+|still,?\s+|meanwhile,?\s+|also,?\s+)?(?:the\s+(?:index|benchmark(?:\s+index)?|blue-chip\s+(?:index|average)|broader\s+index|broad\s+index|tech-heavy\s+index|average|composite|gauge|indicator|measure|barometer)|it|its)\b/i;
// "its record closing high of 1,565.15, reached on October 9, 2007": a past record cited for comparison
const HISTORIC_AFTER = /^\s*,?\s*(?:(?:which|that)\s+(?:it\s+)?)?(?:(?:also\s+)?(?:set|reached|hit|touched|recorded)\s+)?(?:on|in)\s+(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+)?(?:19|20)\d\d\b/;
const CLOSE_WORDS = /\b(clos(e|ed|es|ing)|end(ed|ing)?|finish(ed|ing)?|settled)\b/i;
const FORECAST_AFTER = /^[^.;]{0,12}\b(by (?:the )?(?:year-end|end of|next)|target|next year|in \d{4})/i;
const YEAR = /^(19|20)\d\d$/;
// "US stocks ... closing at 4,958.61": a sentence whose subject is the market itself states the level of the index
// the article is about. Only a sentence that opens on such a subject, and only when one broad index clearly leads the
// article (strictly more mentions than any other broad index), resolves this way.
const MARKET_SUBJECT = /^\W*(?:(?:yet|but|and|still|meanwhile|so),?\s+)?(?:(?:u\.?s\.?|american|the)\s+)?(?:stocks|equities|shares|wall\s+street|the\s+(?:stock\s+)?market|(?:the\s+)?(?:broad|broader)\s+market|the\s+(?:main\s+|major\s+)?(?:indexes|indices|benchmark|index))\b/i;
// "hit/touched/reached 1,449.33" is a level; "hit 10,000", "topped 13,000" are milestones (thresholds), not readings
const ROUND = 100;

/** The broad index the article is about: strictly more mentions than any other broad index, else none. */
function leadingIndex(idx: EntityMention[], kinds: Map<string, string>): EntityMention | undefined {
  const counts = new Map<string, EntityMention[]>();
  for (const e of idx) if (kinds.get(e.key) === 'broad' && e.rule !== 'indices/futures') counts.set(e.key, [...(counts.get(e.key) ?? []), e]);
  const ranked = [...counts.values()].sort((a, b) => b.length - a.length);
  if (!ranked.length || (ranked[1] && ranked[1].length >= ranked[0]!.length)) return undefined;
  return ranked[0]![0];
}

/** The last item of `list` that passes `test` (list.filter(test).pop(), without the copy). */
function lastWhere<T>(list: T[], test: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i];
  return undefined;
}

export const levels: Extractor<'levels'> = {
  meta: { id: 'levels', version: 1, description: 'Index levels: closes, opens, intraday highs/lows and plain levels, never point changes or targets' },
  kind: 'levels',
  extract(doc: Doc, ctx: ExtractContext): Level[] {
    const out: Level[] = [];
    const idx = ctx.entities.filter((e) => e.type === 'index');
    if (!idx.length) return out;
    const kinds = new Map(defaultLexicons().indices.map((i) => [i.name, i.kind]));
    let lead: EntityMention | undefined | null = null; // computed on first need
    const sentOfLevel: number[] = [];
    LEVEL_RE.lastIndex = 0;
    for (let m = LEVEL_RE.exec(doc.norm); m; m = LEVEL_RE.exec(doc.norm)) {
      const numStr = m[8]!;
      if (YEAR.test(numStr)) continue;
      // "decliners beat advancers by 1,405 to 1,079", "a range of 1,390 to 1,400": a count or range, not a move to a level
      if (m[6] && /\d\s*$/.test(doc.norm.slice(Math.max(0, m.index - 3), m.index))) continue;
      const value = parseNumber(numStr);
      if (m[7] && !numStr.includes('.') && value % ROUND === 0) continue;
      const numStart = m.index + m[0].lastIndexOf(numStr, m[0].length - (m[9]?.length ?? 0));
      const si = doc.sentenceAt(m.index);
      if (si < 0) continue;
      const sent = doc.sentences[si]!;
      // subject: the nearest index named before the number in the same sentence; failing that, the index the
      // previous sentences were about ("Its intraday value also hit a new high of 4,842.07"); failing that, for a
      // sentence about the market itself, the index the article is about
      let rule: string | null = null;
      let subject =
        lastWhere(idx, (e) => e.end <= m!.index && e.start >= sent.start && m!.index - e.end <= MAX_SUBJECT_DISTANCE) ??
        (CARRY_REFERENCE.test(doc.norm.slice(sent.start, m.index)) ? idx.filter((e) => e.end <= sent.start && e.start >= (doc.sentences[Math.max(0, si - CARRY_SENTENCES)]?.start ?? 0)).pop() : undefined);
      if (!subject && MARKET_SUBJECT.test(doc.norm.slice(sent.start, m.index))) {
        if (lead === null) lead = leadingIndex(idx, kinds);
        if (lead) [subject, rule] = [lead, 'levels/article-index'];
      }
      if (!subject) continue;
      // "S&P 500 futures were up 5 points at 1,301.50": a futures contract's price, not the index's level
      if (subject.rule === 'indices/futures') continue;
      if (value < (subject.key.includes('Volatility') || subject.key === 'VIX' ? MIN_VIX_LEVEL : MIN_LEVEL)) continue;
      // "Strategists see the S&P 500 rising to 6,500 by year-end": a forecast, wherever the cue stands in the clause
      if (NOT_REALIZED.test(doc.norm.slice(sent.start, numStart)) || FORECAST_AFTER.test(doc.norm.slice(numStart + numStr.length, sent.end))) continue;
      if (HISTORIC_AFTER.test(doc.norm.slice(numStart + numStr.length, sent.end))) continue;
      let kind: LevelKind = 'level';
      let r = 'levels/to';
      if (m[1]) [kind, r] = ['close', 'levels/closed-at'];
      else if (m[2]) [kind, r] = ['open', 'levels/opened-at'];
      else if (m[3]) [kind, r] = [/intraday|session/i.test(m[3]) || !/record|all-time/i.test(m[3]) || (!/clos/i.test(m[3]) && !CLOSE_WORDS.test(sent.text)) ? 'intraday-high' : 'close', 'levels/high-of'];
      else if (m[4]) [kind, r] = ['intraday-low', 'levels/low-of'];
      else if (m[5]) [kind, r] = ['level', 'levels/stood-at'];
      else if (m[7]) [kind, r] = ['level', 'levels/reached'];
      else {
        if (/at$/i.test(m[6]!)) r = 'levels/change-then-at';
        if (CLOSE_WORDS.test(sent.text)) kind = 'close';
        // "The S&P 500 climbed 0.93% to end the session at 4,338.93. The Nasdaq gained 1.53% to 13,461.92": the
        // next sentence of the same closing list reports a close too
        // (or the same sentence: "..., while the Dow rose 0.56% to 34,066.33")
        else if (out.some((l, k) => l.kind === 'close' && si - sentOfLevel[k]! <= 1)) kind = 'close';
      }
      out.push({ index: subject.name, value, kind, span: doc.span(numStart, numStart + numStr.length), rule: rule ?? r });
      sentOfLevel.push(si);
    }
    return out;
  },
};
