import type { Doc } from '../segment/doc.js';
import type { Move } from '../types.js';
import { NUMBER, parseNumber } from './numbers.js';
import { defaultLexicons, lexiconRegex, regexFor, type LexiconRegex } from './lexicon.js';
import type { EntityMention, ExtractContext, Extractor } from './types.js';

const UP_VERBS = 'recovered|regained|returned|rose|rise|rises|rising|risen|gained|gain|gains|gaining|jumped|jump|jumps|climbed|climb|climbs|advanced|advance|advances|added|add|adds|surged|surge|surges|soared|soar|soars|rallied|rally|rallies|rebounded|rebound|rebounds|grew|grow|grows|increased|increase|increases|spiked|spike|leapt|leaped|leap|popped|firmed|edged up|ticked up|inched up|moved up|shot up|went up|was up|were up|is up|are up|closed up|ended up|finished up|up|higher';
const DOWN_VERBS = 'fell|fall|falls|falling|fallen|lost|lose|loses|losing|dropped|drop|drops|declined|decline|declines|slid|slide|slides|tumbled|tumble|tumbles|sank|sink|sinks|slumped|slump|slumps|plunged|plunge|plunges|plummeted|shed|sheds|slipped|slip|slips|eased|ease|eases|dipped|dip|dips|retreated|retreat|retreats|skidded|shrank|decreased|edged down|ticked down|inched down|moved down|went down|was down|were down|is down|are down|closed down|ended down|finished down|down|lower';
const UNIT = String.raw`\s?(?:%|percent\b|per\s?cent\b|pct\b)`;
// Filler between a verb and its number: "rose by about 1.2%", "is up just 1.5 percent".
// "fell a more modest 2.67 per cent": an article plus up to two lower-case words.
const FILLER = String.raw`(?:\s+(?:by|about|almost|nearly|roughly|around|some|more\s+than|over|just|only|as\s+much\s+as|another|approximately|close\s+to|an?(?:\s+[a-z]+){1,2}?(?=\s+\d))){0,3}`;

// verb form: "fell 12 per cent", "up 185 per cent", "gained another 5 percent"
// Reuters form: "fell 212.37 points, or 0.5 percent"
const VERB_RE = new RegExp(String.raw`\b(${UP_VERBS}|${DOWN_VERBS})${FILLER}\s+[+-]?(?:(?:${NUMBER})\s+(?:of\s+a\s+)?points?,?\s+or\s+(?:about\s+|nearly\s+|almost\s+)?)?(${NUMBER})${UNIT}`, 'gi');
// signed form: "SPY +1.65%", "IWM -0.29%", "(−2.3%)"
const SIGN_RE = new RegExp(String.raw`(?<![\w.])([+-])\s?(${NUMBER})${UNIT}`, 'g');
// noun form: "a 1.74% gain in", "a 16 percent rally", "a 7.5% drop"
const NOUN_RE = new RegExp(String.raw`(?<![\d.,])(${NUMBER})${UNIT}\s+(gain|gains|rise|rises|jump|advance|rally|surge|increase|climb|rebound|decline|declines|drop|drops|fall|falls|loss|losses|slide|slump|plunge|tumble|decrease|dip|selloff|sell-off)\b`, 'gi');
// What every UNIT above can match, and more
const ANY_UNIT = /%|per\s?cent|pct/i;
const UP_VERB_RE = new RegExp(`^(?:${UP_VERBS})$`, 'i');
const UP_NOUNS = /^(gain|gains|rise|rises|jump|advance|rally|surge|increase|climb|rebound)$/i;

// Hypotheticals, forecasts and conditions: "would need to gain another 5 percent", "could climb 10% next year".
const UNREALIZED = /\b(would|could|might|may|will|should|need(?:s|ed)?\s+to|expects?|expected|forecasts?|predicts?|projects?|target|if|unless|potential(?:ly)?|estimates?)\b[^.;]{0,60}$/i;
const PERIODS: Array<[RegExp, string]> = [
  [/^[^.;]{0,40}?\b(so far this year|this year|year[- ]to[- ]date|ytd|in \d{4}|last year|for the year|on the year|since the start of the year)\b/i, ''],
  [/^[^.;]{0,40}?\b(this week|last week|for the week|on the week|over the week|weekly)\b/i, ''],
  [/^[^.;]{0,40}?\b((?:over|in) the (?:past|last) (?:\w+ )?(?:sessions?|days?|weeks?|months?|years?)|(?:over|in) (?:\w+|\d+) (?:straight |consecutive )?(?:sessions|days|weeks|months))\b/i, ''],
  [/^[^.;]{0,40}?\b(this month|last month|for the month|on the month|in (?:january|february|march|april|may|june|july|august|september|october|november|december))\b/i, ''],
  [/^[^.;]{0,40}?\b(this quarter|last quarter|for the quarter|in the (?:first|second|third|fourth) quarter)\b/i, ''],
  [/^[^.;]{0,60}?\b(since (?:the (?:end|start|beginning) of )?(?:january|february|march|april|may|june|july|august|september|october|november|december|\d{4}|last \w+))\b/i, ''],
  [/^[^.;]{0,30}?\b(on (?:monday|tuesday|wednesday|thursday|friday|the day)|today|on the session|in (?:early|late|midday|afternoon|morning) trad(?:e|ing)|after hours|in extended trading|premarket)\b/i, ''],
];
// The subject may stand this far (characters) before the verb.
const MAX_SUBJECT_DISTANCE = 120;

function periodAfter(text: string): string | null {
  for (const [re] of PERIODS) {
    const m = re.exec(text);
    if (m) return m[1]!.toLowerCase();
  }
  return null;
}

// A new clause between the entity and the verb has its own subject: "Nvidia is up 31%, while the equal-weight
// index has gained 4.2%", "XLE fell 1.9% as West Texas Intermediate crude slid 2.8 percent".
// A speech verb starts a reported clause with its own subject: "UBS said ..., adding that jet fuel prices are up 50%".
// A possessive names something the entity owns: "Goldman's estimate of its risk rose 40%" (but "Lilly's shares fell").
const CLAUSE_BREAK = /;|,\s*(?:but|and\s+(?:the|a|an|its|their)\b)|\b(?:while|whereas|although|though|said|says|adding|added|noted|wrote|told)\b|\bas\s+(?:the|a|an|[A-Z])|^['’]s\s+(?!(?:\w+\s+){0,2}(?:shares|stock|stocks|share price|market value|market cap|ADRs|bonds)\b)/;

const RESPECTIVELY = new RegExp(String.raw`^((?:\s*(?:,|and|,\s*and)\s*(?:${NUMBER})${UNIT})+),?\s*respectively`, 'i');
// Entities joined only by commas and "and" form one list subject.
const LIST_JOIN = /^\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$/;

/** Index of the first mention starting at or after `pos` (mentions are sorted by start): lookups stay logarithmic. */
function firstFrom(ents: EntityMention[], pos: number): number {
  let lo = 0;
  let hi = ents.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ents[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function groupEndingAt(ents: EntityMention[], last: EntityMention, text: string): EntityMention[] {
  let i = firstFrom(ents, last.start);
  while (ents[i] !== last) i++;
  const group = [last];
  for (let k = i - 1; k >= 0; k--) {
    const cur = group[0]!;
    const prev = ents[k]!;
    if (prev.end > cur.start) continue; // overlapping mentions (a name and its code)
    const between = text.slice(prev.end, cur.start);
    // "Nvidia (NVDA.O) and Apple": a code in parentheses right after its name belongs to it
    if (prev.key === cur.key && /^\s*\(?\s*$/.test(between)) continue;
    if (!LIST_JOIN.test(between.replace(/\s*\(\s*(?:[A-Z]+:\s*)?\.?[A-Z][A-Z0-9.]{0,9}\s*\)\s*/g, ' '))) break;
    group.unshift(prev);
  }
  // one subject may be named twice ("Nvidia (NVDA.O)"): keep each key once
  return group.filter((g, j) => group.findIndex((x) => x.key === g.key) === j);
}

// "The index is down 4.2 percent for the year", "Its shares fell 0.9 percent": the sentence opens with a reference to
// the index or stock the previous sentences named.
const INDEX_REFERENCE = /^\W*(?:but |and |still, |meanwhile, )?(?:the (?:index|benchmark(?: index)?|blue-chip (?:index|average)|broader index|broad index|tech-heavy index|average|composite)|it)\b/i;
const STOCK_REFERENCE = /^\W*(?:but |and |still, |meanwhile, )?(?:its (?:shares|stock)|the (?:stock|shares|company's (?:shares|stock)))\b/i;
const CARRY_SENTENCES = 2;

function carriedSubject(ents: EntityMention[], doc: Doc, si: number, verbAt: number): EntityMention | undefined {
  const sent = doc.sentences[si]!;
  const opening = doc.norm.slice(sent.start, verbAt);
  const type = INDEX_REFERENCE.test(opening) ? 'index' : STOCK_REFERENCE.test(opening) ? 'ticker' : null;
  // the reference must be the clause's own subject: nothing else named before the verb
  if (!type) return undefined;
  const k = firstFrom(ents, sent.start);
  if (k < ents.length && ents[k]!.start < verbAt) return undefined;
  const from = doc.sentences[Math.max(0, si - CARRY_SENTENCES)]!.start;
  let found: EntityMention | undefined;
  for (let j = firstFrom(ents, from); j < k; j++) {
    const e = ents[j]!;
    if (e.type === type && e.end <= sent.start) found = e;
  }
  return found;
}

// "the oil major", "gold miners", "euro zone": the word describes something else
const COMMODITY_AS_MODIFIER = /^[\s-]+(?:majors?|compan(?:y|ies)|producers?|stocks?|shares|sector|index|services|firms?|giants?|refiners?|groups?|explorers?|drillers?|industry|miners?|mining|zone|area|exporters?|importers?|demand|supply|inventories|output|tankers?|fields?|platforms?)\b/i;

let commodityRe: { re: LexiconRegex | null; byAlias: Map<string, string> } | null = null;

function withCommodities(ents: EntityMention[], text: string): EntityMention[] {
  if (!commodityRe) {
    const byAlias = new Map<string, string>();
    for (const c of defaultLexicons().commodities) for (const a of [c.name, ...c.aliases]) if (!byAlias.has(a.toLowerCase())) byAlias.set(a.toLowerCase(), c.name);
    commodityRe = { re: lexiconRegex(byAlias.keys(), '(?![A-Za-z0-9&])', 'gi'), byAlias };
  }
  const extra: EntityMention[] = [];
  const { byAlias } = commodityRe;
  const re = commodityRe.re ? regexFor(commodityRe.re, text) : null;
  for (let m = re?.exec(text); m; m = re!.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlapsAny(ents, start, end)) continue; // "Barrick Gold" is a company
    if (COMMODITY_AS_MODIFIER.test(text.slice(end, end + 24))) continue;
    const name = byAlias.get(m[0].toLowerCase())!;
    extra.push({ start, end, type: 'commodity', key: name, name, rule: 'moves/commodity' });
  }
  return extra.length ? [...ents, ...extra].sort((a, b) => a.start - b.start) : ents;
}

/** Longest mention, in characters, looked back over when testing overlap (names in the lexicons are far shorter). */
const MAX_MENTION_CHARS = 512;

function overlapsAny(ents: EntityMention[], start: number, end: number): boolean {
  for (let j = firstFrom(ents, end) - 1; j >= 0 && ents[j]!.start >= start - MAX_MENTION_CHARS; j--) if (ents[j]!.end > start) return true;
  return false;
}

// "Britain's FTSE 100, which is heavy with oil and mining companies, climbed 1.1%": names inside a relative clause
// between commas are not the subject.
const RELATIVE_CLAUSE = /,\s*(?:which|who|whose|whom)\b[^,;]*,/g;

/** The first mention (in start order) from `from` on that ends by `until`. */
function firstMentionWithin(ents: EntityMention[], from: number, until: number): EntityMention | undefined {
  for (let j = firstFrom(ents, from); j < ents.length && ents[j]!.start < until; j++) if (ents[j]!.end <= until) return ents[j];
  return undefined;
}

function subjectBefore(ents: EntityMention[], pos: number, sentStart: number, text: string): EntityMention | undefined {
  const lo = Math.max(sentStart, pos - MAX_SUBJECT_DISTANCE - 60);
  const skipped: Array<[number, number]> = [];
  RELATIVE_CLAUSE.lastIndex = 0;
  const window = text.slice(lo, pos);
  for (let m = RELATIVE_CLAUSE.exec(window); m; m = RELATIVE_CLAUSE.exec(window)) skipped.push([lo + m.index, lo + m.index + m[0].length]);
  let best: EntityMention | undefined;
  // only mentions in this sentence can be the subject (a sentence is at most MAX_SENTENCE_CHARS long)
  for (let j = firstFrom(ents, sentStart); j < ents.length; j++) {
    const e = ents[j]!;
    if (e.end > pos) break;
    if (skipped.some(([a, b]) => e.start >= a && e.end <= b)) continue;
    if (e.start >= sentStart && pos - e.end <= MAX_SUBJECT_DISTANCE + (skipped.length ? 60 : 0)) best = e;
  }
  if (best) {
    const gap = skipped.filter(([a]) => a >= best!.end).reduce((n, [a, b]) => n + (b - a), 0);
    if (pos - best.end - gap > MAX_SUBJECT_DISTANCE) return undefined;
    const between = skipped.reduce((t, [a, b]) => (a >= best!.end ? t.replace(text.slice(a, b), ' ') : t), text.slice(best.end, pos));
    if (CLAUSE_BREAK.test(between)) return undefined;
    return best;
  }
  return undefined;
}


export const moves: Extractor<'moves'> = {
  meta: { id: 'moves', version: 1, description: 'Percentage moves with subject, direction, period and realized flag' },
  kind: 'moves',
  extract(doc: Doc, ctx: ExtractContext): Move[] {
    const text = doc.norm;
    // commodities and currencies are subjects of moves too ("Brent crude rose 2%"), never of levels or money
    // every form needs a percentage: a text without a percent unit has no moves (and needs no commodity scan)
    if (!ANY_UNIT.test(text)) return [];
    const ents = withCommodities(ctx.entities, text);
    const out: Move[] = [];
    // numbers claimed by one rule form are not read again by another
    const taken = new Set<number>();
    const seen = new Set<string>();
    const emit = (anchor: number, numStart: number, numStr: string, unitEnd: number, up: boolean, subject: EntityMention | undefined, rule: string) => {
      // a futures contract named after an index ("S&P 500 futures rose 0.3%") is not the index: no move
      if (!subject || subject.rule === 'indices/futures' || seen.has(`${numStart}:${subject.key}`) || taken.has(numStart)) return;
      const si = doc.sentenceAt(numStart);
      if (si < 0) return;
      const sent = doc.sentences[si]!;
      seen.add(`${numStart}:${subject.key}`);
      const value = parseNumber(numStr);
      const before = text.slice(Math.max(sent.start, subject.end), anchor);
      out.push({
        subject: subject.name,
        symbol: subject.type === 'ticker' ? subject.key : null,
        percent: up ? value : -value,
        direction: up ? 'up' : 'down',
        // the period belongs to this clause: "rose 1.5%, with year-to-date gains of 41%" has none
        period: periodAfter(text.slice(unitEnd, sent.end).split(/[,;]/)[0]!),
        realized: !UNREALIZED.test(before),
        span: doc.span(Math.min(anchor, numStart), unitEnd),
        rule,
      });
    };
    VERB_RE.lastIndex = 0;
    for (let m = VERB_RE.exec(text); m; m = VERB_RE.exec(text)) {
      const verb = m[1]!.toLowerCase();
      const up = UP_VERB_RE.test(verb);
      const numStart = m.index + m[0].lastIndexOf(m[2]!);
      const si = doc.sentenceAt(m.index);
      if (si < 0) continue;
      // "Meta (up 185 per cent)": the subject is the entity right before the parenthesis
      const carried = carriedSubject(ents, doc, si, m.index);
      const subj = subjectBefore(ents, m.index, doc.sentences[si]!.start, text) ?? carried;
      if (!subj) continue;
      if (subj === carried) {
        emit(m.index, numStart, m[2]!, m.index + m[0].length, up, subj, 'moves/carried-subject');
        taken.add(numStart);
        continue;
      }
      const group = groupEndingAt(ents, subj, text);
      const end = m.index + m[0].length;
      // "Exxon and Chevron fell 1.7% and 2.3%, respectively"
      const resp = RESPECTIVELY.exec(text.slice(end, end + 120));
      if (resp && group.length > 1) {
        const nums = [{ start: numStart, str: m[2]!, end }];
        const more = new RegExp(`(${NUMBER})${UNIT}`, 'g');
        for (let k = more.exec(resp[1]!); k; k = more.exec(resp[1]!)) nums.push({ start: end + k.index, str: k[1]!, end: end + k.index + k[0].length });
        if (nums.length === group.length) {
          nums.forEach((n, i) => emit(m!.index, n.start, n.str, n.end, up, group[i], 'moves/respectively'));
          nums.forEach((n) => taken.add(n.start));
          continue;
        }
      }
      // "Apple and Microsoft each rose about 1.5%": every subject of the list moved
      for (const g of group) emit(m.index, numStart, m[2]!, end, up, g, group.length > 1 ? 'moves/verb-shared' : 'moves/verb');
      taken.add(numStart);
    }
    SIGN_RE.lastIndex = 0;
    for (let m = SIGN_RE.exec(text); m; m = SIGN_RE.exec(text)) {
      const si = doc.sentenceAt(m.index);
      if (si < 0) continue;
      // the subject must be adjacent: "SPY +1.65%", "Nvidia (+3.2%)"
      const subj = subjectBefore(ents, m.index, doc.sentences[si]!.start, text);
      if (!subj || !/^[\s(:,]*$/.test(text.slice(subj.end, m.index))) continue;
      emit(m.index, m.index + m[0].indexOf(m[2]!), m[2]!, m.index + m[0].length, m[1] === '+', subj, 'moves/signed');
      taken.add(m.index + m[0].indexOf(m[2]!));
    }
    NOUN_RE.lastIndex = 0;
    for (let m = NOUN_RE.exec(text); m; m = NOUN_RE.exec(text)) {
      const si = doc.sentenceAt(m.index);
      if (si < 0) continue;
      const sent = doc.sentences[si]!;
      const end = m.index + m[0].length;
      // "a 1.74% gain in the Nasdaq": subject after "in/for/by"; else the nearest before
      // "a 1.74% gain in consumer discretionary (.SPLRCD)": the entity named in the same phrase after "in"
      const after = /^\s+(?:in|for|by|on)\s+[^,;.]{0,40}/i.exec(text.slice(end, end + 60));
      const named = after ? firstMentionWithin(ents, end, end + after[0].length + 8) : undefined;
      // "a 7% fall for pharmaceutical stocks in the S&P 500" is about the stocks, not the index
      const gap = named ? text.slice(end + /^\s+\w+\s+/.exec(text.slice(end))![0].length, named.start) : '';
      const subj = after ? (named && !/\b(?:stocks|shares|names|companies|firms|members|in|of)\b/i.test(gap) && gap.split(/\s+/).filter(Boolean).length <= 3 ? named : undefined) : subjectBefore(ents, m.index, sent.start, text);
      emit(m.index, m.index, m[1]!, m.index + m[0].length - m[2]!.length - 1, UP_NOUNS.test(m[2]!), subj, 'moves/noun');
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  },
};
