import type { Doc } from '../segment/doc.js';
import type { Level, LevelKind } from '../types.js';
import { NUMBER, parseNumber } from './numbers.js';
import type { ExtractContext, Extractor } from './types.js';

// "closed at 4,839.81", "to end at 19,303.51 points", "an intraday high of 4,842.07", "to 13,461.92", and Reuters'
// "was down 39.81 points, or 0.31 percent, at 12,831.94".
// The number must follow a level preposition: "fell 212.37 points" (a point change) never matches.
const LEVEL_RE = new RegExp(
  String.raw`\b(?:(close[sd]?|closing|end(?:ed|s)?|finish(?:ed|es)?|settle[sd]?)(?:\s+(?:unofficially|higher|lower|up|down|flat|on\s+\w+day))?\s+(?:the\s+(?:day|session|week)\s+)?(?:at|on)|(open(?:ed|s)?)\s+at|((?:intraday|session|all-time|record|\d+-week|new|fresh)?\s*(?:high|peak)\s+(?:of|at)|as\s+high\s+as)|((?:intraday|session|\d+-week|new|fresh)?\s*low\s+(?:of|at)|as\s+low\s+as)|(stood|was|were|trading|traded|hovered|sat)\s+(?:at|near|around)|(to|(?<=(?:points?|percent|per\s?cent|pct|%),\s{0,2})at))\s+(?:a\s+(?:record\s+|new\s+)?(?:close|closing\s+(?:high|level)|level)\s+of\s+|(?:a\s+)?(?:new\s+|fresh\s+)?(?:record|all-time\s+high)(?:\s+(?:high|close|closing\s+high))?\s+(?:of\s+)?)?(${NUMBER})(\s*points?)?(?![\d%]|\s*(?:%|percent|per\s*cent|pct|percentage|basis|bps|billion|million|trillion|bn|mn|shares|contracts))`,
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
const FORECAST_AFTER = /^[^.;]{0,12}\b(by (?:the )?(?:year-end|end of|next)|target|next year|in \d{4})/i;
const YEAR = /^(19|20)\d\d$/;

export const levels: Extractor<'levels'> = {
  meta: { id: 'levels', version: 1, description: 'Index levels: closes, opens, intraday highs/lows and plain levels, never point changes or targets' },
  kind: 'levels',
  extract(doc: Doc, ctx: ExtractContext): Level[] {
    const out: Level[] = [];
    const idx = ctx.entities.filter((e) => e.type === 'index');
    if (!idx.length) return out;
    LEVEL_RE.lastIndex = 0;
    for (let m = LEVEL_RE.exec(doc.norm); m; m = LEVEL_RE.exec(doc.norm)) {
      const numStr = m[7]!;
      if (YEAR.test(numStr)) continue;
      const value = parseNumber(numStr);
      const numStart = m.index + m[0].lastIndexOf(numStr, m[0].length - (m[8]?.length ?? 0));
      const si = doc.sentenceAt(m.index);
      if (si < 0) continue;
      const sent = doc.sentences[si]!;
      // subject: the nearest index named before the number in the same sentence; failing that, the index the
      // previous sentences were about ("Its intraday value also hit a new high of 4,842.07")
      const subject =
        idx.filter((e) => e.end <= m!.index && e.start >= sent.start && m!.index - e.end <= MAX_SUBJECT_DISTANCE).pop() ??
        idx.filter((e) => e.end <= sent.start && e.start >= (doc.sentences[Math.max(0, si - CARRY_SENTENCES)]?.start ?? 0)).pop();
      if (!subject) continue;
      if (value < (subject.key.includes('Volatility') || subject.key === 'VIX' ? MIN_VIX_LEVEL : MIN_LEVEL)) continue;
      // "Strategists see the S&P 500 rising to 6,500 by year-end": a forecast, wherever the cue stands in the clause
      if (NOT_REALIZED.test(doc.norm.slice(sent.start, numStart)) || FORECAST_AFTER.test(doc.norm.slice(numStart + numStr.length, sent.end))) continue;
      let kind: LevelKind = 'level';
      let rule = 'levels/to';
      if (m[1]) [kind, rule] = ['close', 'levels/closed-at'];
      else if (m[2]) [kind, rule] = ['open', 'levels/opened-at'];
      else if (m[3]) [kind, rule] = [/intraday|session/i.test(m[3]) || !/record|all-time/i.test(m[3]) ? 'intraday-high' : 'close', 'levels/high-of'];
      else if (m[4]) [kind, rule] = ['intraday-low', 'levels/low-of'];
      else if (m[5]) [kind, rule] = ['level', 'levels/stood-at'];
      else {
        if (/at$/i.test(m[6]!)) rule = 'levels/change-then-at';
        if (/\b(clos(e|ed|ing)|end(ed)?|finish(ed)?|settled)\b/i.test(doc.norm.slice(sent.start, sent.end))) kind = 'close';
      }
      out.push({ index: subject.name, value, kind, span: doc.span(numStart, numStart + numStr.length), rule });
    }
    return out;
  },
};
