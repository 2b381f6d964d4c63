import type { Doc } from '../segment/doc.js';
import type { Money } from '../types.js';
import { defaultLexicons, lexiconRegex, regexFor, type LexiconRegex } from './lexicon.js';
import { NUMBER, scaledNumber } from './numbers.js';
import type { ExtractContext, Extractor } from './types.js';

const SYMBOLS: Record<string, string> = { $: 'USD', 'US$': 'USD', 'C$': 'CAD', 'A$': 'AUD', 'HK$': 'HKD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const CODES = 'USD|EUR|GBP|JPY|CNY|CAD|AUD|CHF|HKD|INR';
const SCALE: Record<string, number> = { trillion: 1e12, tn: 1e12, t: 1e12, billion: 1e9, bn: 1e9, b: 1e9, million: 1e6, mln: 1e6, mn: 1e6, m: 1e6, thousand: 1e3, k: 1e3 };
const SCALE_WORDS = 'trillion|billion|million|thousand|bn|mln|mn|tn|[bmkt](?![a-z])';

// "$86.3 billion", "US$4.5 million", "€2bn", "USD 5 billion", "$1.2 trillion", "$182.50"
const MONEY_RE = new RegExp(
  String.raw`(?<![\w$])(US\$|C\$|A\$|HK\$|\$|€|£|¥|(?:${CODES})\s?)(${NUMBER})(?:\s?(${SCALE_WORDS}))?(?![\w%])|(?<![\w.,])(${NUMBER})\s?(${SCALE_WORDS})?\s(dollars|euros|pounds|yen)\b`,
  'gi',
);
// Metric words and the canonical metric they name, matched in the few words before the amount.
const METRICS: Array<[RegExp, string]> = [
  [/\b(revenue|revenues|sales|top line)\b/i, 'revenue'],
  [/\b(net income|net profit|profit|earnings|bottom line)\b/i, 'net income'],
  [/\b(operating income|operating profit|ebitda)\b/i, 'operating income'],
  [/\b(per share|eps)\b/i, 'eps'],
  [/\b(buybacks?|repurchases?)\b/i, 'buyback'],
  [/\b(dividends?)\b/i, 'dividend'],
  [/\b(market (?:value|cap|capitalization|capitalisation)|valuation|valued at|worth)\b/i, 'market value'],
  [/\b(free cash flow|cash flow)\b/i, 'cash flow'],
  [/\b(capital expenditures?|capex|spending|invest(?:ment|ing)?)\b/i, 'capex'],
  [/\b(consensus|analysts'? (?:forecasts?|estimates?|expectations?)|looking for)\b/i, 'estimate'],
  [/(?<!consensus |analysts'? |analyst )\b(guidance|outlook|forecast)\b/i, 'guidance'],
  [/\b(debt|bonds?|notes?|loan)\b/i, 'debt'],
  [/\b(deal|acquisition|acquire|buy|takeover|merger)\b/i, 'deal'],
  [/\b(inflows?|outflows?)\b/i, 'fund flows'],
];
// The same metric words compiled once: right after an amount ("a $60 billion buyback") and anywhere before it.
const METRICS_AFTER: Array<[RegExp, string]> = METRICS.map(([re, name]) => [new RegExp(`^\\s+(?:(?:in|of)\\s+)?(${re.source})`, 'i'), name]);
const METRICS_ALL: Array<[RegExp, string]> = METRICS.map(([re, name]) => [new RegExp(re.source, 'gi'), name]);
const METRIC_WINDOW = 60; // characters before the amount searched for a metric word
const METRIC_AFTER_WINDOW = 30;
const COMMODITY_WINDOW = 150; // characters before a price searched for the commodity it prices
const MAX_SUBJECT_DISTANCE = 150;
const SAME_SCALE = 10; // a comparison amount within 10x of the one before is the same kind of figure
// "($1 = 81.915 yen)": Reuters' conversion-rate note is not an amount anyone reported
const RATE_NOTE = /\(\s*(?:US)?\$\s?1\s*=\s*[^()]{1,40}\)/g;
// "$4.93 a share": earnings per share
const PER_SHARE_AFTER = /^\s+(?:a|per)\s+(?:diluted\s+)?share\b/i;
// "$51 a barrel", "$1,649 an ounce", "$3.50 a gallon": a commodity's unit price
const UNIT_PRICE_AFTER = /^\s+(?:a|an|per)\s+(?:barrel|ounce|troy\s+ounce|oz|gallon|tonne|ton|metric\s+ton|pound|lb|bushel|mmBtu|megawatt[- ]hour|MWh|bbl)\b/i;
// "rose 3.2 percent to $39.29", "shares were up 1.4 percent at $66.48", "shares closed at $31.68", "as high as $39.60"
const SHARE_PRICE_BEFORE = /(?:(?:%|percent|per\s?cent|pct|points?|cents?)\s*,?\s+(?:higher\s+|lower\s+)?(?:to\s+(?:close\s+at\s+|end\s+at\s+|finish\s+at\s+|settle\s+at\s+)?|at\s+)|\b(?:shares?|stock|ADRs?)\s+(?:(?:[^.;$]|\.(?=\d)){0,40}?\b)?(?:rose|fell|gained|lost|added|shed|dropped|declined|slid|jumped|climbed|tumbled|slumped|surged|eased|dipped|advanced|were|was|closed|ended|traded|trading|hit|touched|climbing|falling|rising)\b(?:[^.;$]|\.(?=\d)){0,30}?\b(?:to|at|as\s+(?:high|low)\s+as|above|below|near)\s+|\bshare\s+price\s+(?:of\s+|at\s+)?|\b(?:to\s+)?(?:clos(?:e|ed|ing)|end(?:ed|ing)?|finish(?:ed|ing)?|settl(?:e|ed|ing)|trad(?:e|ed|ing)|touched|hitting|hit|open(?:ed)?)\s+(?:at\s+)?|\b(?:high|low|record|peak)\s+of\s+|\bas\s+(?:high|low)\s+as\s+)$/i;
// "fell $1.46 to settle at $51.05", "down $1.59 or 2.6 percent": a change, not a price
const CHANGE_BEFORE = /\b(?:rose|fell|gained|lost|added|shed|dropped|declined|slid|jumped|climbed|tumbled|slumped|surged|eased|dipped|gave\s+up|up|down)\s+(?:(?:more\s+than|about|nearly|almost|over|some|roughly|around|as\s+much\s+as)\s+)?$/i;
// "the euro fell 0.6 percent to $1.3399", "the dollar rose to 76.66 yen", "a sterling exchange rate of $1.6346"
const FX_BEFORE = /\b(?:euro|dollar|sterling|pound|yen|yuan|franc|exchange\s+rate|currency)\b(?:[^.;$€£¥]|\.(?=\d)){0,50}$/i;

let commodityRe: { re: LexiconRegex | null; byAlias: Map<string, string> } | null = null;

/** The commodity named last in `s` ("U.S. crude", "Spot gold"), by the commodity lexicon; null when none. */
function commodityBefore(s: string): string | null {
  if (!commodityRe) {
    const byAlias = new Map<string, string>();
    for (const c of defaultLexicons().commodities) if (c.kind === 'commodity') for (const a of [c.name, ...c.aliases]) if (!byAlias.has(a.toLowerCase())) byAlias.set(a.toLowerCase(), c.name);
    commodityRe = { re: lexiconRegex(byAlias.keys(), '(?![A-Za-z0-9&])', 'gi'), byAlias };
  }
  const hit = commodityRe.re ? lastMatch(regexFor(commodityRe.re, s), s) : null;
  return hit ? commodityRe.byAlias.get(hit[0].toLowerCase())! : null;
}

/** The last match of the global regex `re` in `s` (what [...s.matchAll(re)].pop() gives, without the copies). */
function lastMatch(re: RegExp, s: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    last = m;
    if (m[0] === '') re.lastIndex++; // as matchAll steps over an empty match
  }
  return last;
}

export const money: Extractor<'money'> = {
  meta: { id: 'money', version: 1, description: 'Money amounts with currency, scale, metric and subject' },
  kind: 'money',
  extract(doc: Doc, ctx: ExtractContext): Money[] {
    const out: Money[] = [];
    const text = doc.norm;
    const tick = ctx.entities.filter((e) => e.type === 'ticker');
    const starts: number[] = []; // where earlier amounts stand (norm offsets)
    const used = new Set<number>(); // metric words already taken by the amount before them
    const notes: Array<[number, number]> = [...text.matchAll(RATE_NOTE)].map((n) => [n.index!, n.index! + n[0].length]);
    MONEY_RE.lastIndex = 0;
    for (let m = MONEY_RE.exec(text); m; m = MONEY_RE.exec(text)) {
      const si = doc.sentenceAt(m.index);
      if (si < 0) continue;
      const sent = doc.sentences[si]!;
      let currency: string;
      let amount: number;
      if (m[2] !== undefined) {
        const sym = m[1]!.trim();
        currency = SYMBOLS[sym] ?? sym.toUpperCase();
        amount = scaledNumber(m[2], m[3] ? (SCALE[m[3].toLowerCase()] ?? 1) : 1);
      } else {
        currency = { dollars: 'USD', euros: 'EUR', pounds: 'GBP', yen: 'JPY' }[m[6]!.toLowerCase()] ?? 'USD';
        amount = scaledNumber(m[4]!, m[5] ? (SCALE[m[5].toLowerCase()] ?? 1) : 1);
      }
      if (!Number.isFinite(amount)) continue;
      if (notes.some(([a, b]) => m!.index >= a && m!.index < b)) continue;
      const amountEnd = m.index + m[0].length;
      const after = text.slice(amountEnd, amountEnd + METRIC_AFTER_WINDOW);
      const before = text.slice(Math.max(sent.start, m.index - METRIC_WINDOW), m.index);
      let metric: string | null = null;
      let commodity: string | null = null;
      // 0. the unit after the amount or the phrase right before it says what it is: a per-share figure, a commodity's
      //    unit price, a price change, a share price, an exchange rate
      const perShare = PER_SHARE_AFTER.exec(after);
      if (perShare) {
        metric = 'eps';
        used.add(amountEnd + perShare[0].search(/\S/)); // "per share" is this amount's word, not a later one's
      }
      else if (UNIT_PRICE_AFTER.test(after)) {
        metric = CHANGE_BEFORE.test(before) ? 'price change' : 'commodity price';
        commodity = commodityBefore(text.slice(Math.max(sent.start, m.index - COMMODITY_WINDOW), m.index));
      } else if (CHANGE_BEFORE.test(before) && !/\b(?:revenue|sales|profit|earnings|income)\b/i.test(before)) {
        metric = 'price change';
        if (!tick.some((e) => e.end <= m!.index && e.start >= sent.start)) commodity = commodityBefore(text.slice(Math.max(sent.start, m.index - COMMODITY_WINDOW), m.index));
      }
      else if (FX_BEFORE.test(before) && !tick.some((e) => e.end <= m!.index && e.start >= sent.start) && amount < 1000 && !m[3] && !m[5]) metric = 'exchange rate';
      else if (SHARE_PRICE_BEFORE.test(before) && !m[3] && !m[5] && tick.some((e) => e.end <= m!.index && e.start >= sent.start)) metric = 'share price';
      else if (CHANGE_BEFORE.test(before) || SHARE_PRICE_BEFORE.test(before)) {
        // a commodity priced without its unit: "U.S. crude fell 66 cents to settle at $79.85"
        commodity = commodityBefore(text.slice(Math.max(sent.start, m.index - COMMODITY_WINDOW), m.index));
        if (commodity && !m[3] && !m[5]) metric = CHANGE_BEFORE.test(before) ? 'price change' : 'commodity price';
      }
      // 1. the noun right after the amount: "a $60 billion buyback", "$2.84 per share" (that word is then used up)
      if (!metric) for (const [re, name] of METRICS_AFTER) {
        const hit = re.exec(after);
        if (hit) {
          metric = name;
          used.add(amountEnd + hit[0].length - hit[1]!.length);
          break;
        }
      }
      // 2. else the nearest metric word before it in the sentence, unless another amount already stands between them
      //    or took that word: then this is a comparison figure ("revenue of $23.5 billion, against forecasts of
      //    $22.6 billion") and takes the metric of the nearest earlier amount of the same size
      if (!metric) {
        const from = Math.max(sent.start, m.index - METRIC_WINDOW);
        let best: { name: string; pos: number } | null = null;
        for (const [re, name] of METRICS_ALL) {
          const found = lastMatch(re, before);
          if (found && (!best || from + found.index! > best.pos)) best = { name, pos: from + found.index! };
        }
        const between = best ? starts.some((p) => p > best!.pos && p < m!.index) || used.has(best.pos) : false;
        if (best && !between) metric = best.name;
        else if (amount > 0) {
          const sentStartOrig = doc.span(sent.start, sent.start).start;
          const prev = [...out].reverse().find((p) => p.span.start >= sentStartOrig && p.currency === currency && p.amount / amount < SAME_SCALE && amount / p.amount < SAME_SCALE);
          if (prev) metric = prev.metric;
        }
      }
      starts.push(m.index);
      const subj = tick.filter((e) => e.end <= m!.index && e.start >= sent.start && m!.index - e.end <= MAX_SUBJECT_DISTANCE).pop();
      out.push({ amount, currency, metric, subject: commodity ?? (subj ? subj.key : null), span: doc.span(m.index, m.index + m[0].length), rule: m[2] !== undefined ? 'money/symbol-amount' : 'money/amount-word' });
    }
    return out;
  },
};
