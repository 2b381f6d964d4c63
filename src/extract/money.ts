import type { Doc } from '../segment/doc.js';
import type { Money } from '../types.js';
import { NUMBER, parseNumber } from './numbers.js';
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
  [/\b(guidance|outlook|forecast)\b/i, 'guidance'],
  [/\b(debt|bonds?|notes?|loan)\b/i, 'debt'],
  [/\b(deal|acquisition|acquire|buy|takeover|merger)\b/i, 'deal'],
  [/\b(inflows?|outflows?)\b/i, 'fund flows'],
];
const METRIC_WINDOW = 60; // characters before the amount searched for a metric word
const METRIC_AFTER_WINDOW = 30;
const MAX_SUBJECT_DISTANCE = 150;
const SAME_SCALE = 10; // a comparison amount within 10x of the one before is the same kind of figure

export const money: Extractor<'money'> = {
  meta: { id: 'money', version: 1, description: 'Money amounts with currency, scale, metric and subject' },
  kind: 'money',
  extract(doc: Doc, ctx: ExtractContext): Money[] {
    const out: Money[] = [];
    const text = doc.norm;
    const tick = ctx.entities.filter((e) => e.type === 'ticker');
    const starts: number[] = []; // where earlier amounts stand (norm offsets)
    const used = new Set<number>(); // metric words already taken by the amount before them
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
        amount = parseNumber(m[2]) * (m[3] ? (SCALE[m[3].toLowerCase()] ?? 1) : 1);
      } else {
        currency = { dollars: 'USD', euros: 'EUR', pounds: 'GBP', yen: 'JPY' }[m[6]!.toLowerCase()] ?? 'USD';
        amount = parseNumber(m[4]!) * (m[5] ? (SCALE[m[5].toLowerCase()] ?? 1) : 1);
      }
      if (!Number.isFinite(amount)) continue;
      // 1. the noun right after the amount: "a $60 billion buyback", "$2.84 per share" (that word is then used up)
      const amountEnd = m.index + m[0].length;
      const after = text.slice(amountEnd, amountEnd + METRIC_AFTER_WINDOW);
      let metric: string | null = null;
      for (const [re, name] of METRICS) {
        const hit = new RegExp(`^\\s+(?:(?:in|of)\\s+)?(${re.source})`, 'i').exec(after);
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
        const before = text.slice(from, m.index);
        let best: { name: string; pos: number } | null = null;
        for (const [re, name] of METRICS) {
          const found = [...before.matchAll(new RegExp(re.source, 'gi'))].pop();
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
      out.push({ amount, currency, metric, subject: subj ? subj.key : null, span: doc.span(m.index, m.index + m[0].length), rule: m[2] !== undefined ? 'money/symbol-amount' : 'money/amount-word' });
    }
    return out;
  },
};
