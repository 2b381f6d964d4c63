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

export const money: Extractor<'money'> = {
  meta: { id: 'money', version: 1, description: 'Money amounts with currency, scale, metric and subject' },
  kind: 'money',
  extract(doc: Doc, ctx: ExtractContext): Money[] {
    const out: Money[] = [];
    const text = doc.norm;
    const tick = ctx.entities.filter((e) => e.type === 'ticker');
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
      const before = text.slice(Math.max(sent.start, m.index - METRIC_WINDOW), m.index);
      // the noun right after the amount wins ("a $60 billion buyback", "$2 billion in revenue"), else the nearest before
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + METRIC_AFTER_WINDOW);
      let metric: string | null = METRICS.find(([re]) => new RegExp(`^\\s+(?:(?:in|of)\\s+)?(?:${re.source})`, 'i').test(after))?.[1] ?? null;
      let bestPos = -1;
      for (const [re, name] of metric ? [] : METRICS) {
        const found = [...before.matchAll(new RegExp(re.source, 'gi'))].pop();
        if (found && found.index! > bestPos) [metric, bestPos] = [name, found.index!];
      }
      const subj = tick.filter((e) => e.end <= m!.index && e.start >= sent.start && m!.index - e.end <= MAX_SUBJECT_DISTANCE).pop();
      out.push({ amount, currency, metric, subject: subj ? subj.key : null, span: doc.span(m.index, m.index + m[0].length), rule: m[2] !== undefined ? 'money/symbol-amount' : 'money/amount-word' });
    }
    return out;
  },
};
