import type { Extractions } from '../extract/types.js';
import type { Move, Span } from '../types.js';

// Extracted figures as modest, corroborating evidence for three narratives. Principle: numbers confirm a story the
// text already tells, they never start one. Every daily wrap reports the Russell 2000 next to the S&P 500, and on
// any given day one of them does better, so a figure alone would turn ordinary wraps into "narrow" or "broadening"
// articles. score.ts therefore adds these signals only to a narrative that already has lexicon evidence.

/** A realized move of a small-cap benchmark: the article reports how small caps did. */
export const SMALL_CAP_MOVE_WEIGHT = 0.3;
/** Cap-weighted benchmark up while small caps / equal weight lag: the textbook picture of a narrow rally. */
export const LAGGING_BREADTH_WEIGHT = 0.4;
/** Small caps / equal weight beating a rising cap-weighted benchmark: the picture of a broadening rally. */
export const LEADING_BREADTH_WEIGHT = 0.4;
/** Percentage points between the two moves before the gap means anything (smaller gaps are daily noise). */
export const BREADTH_GAP_POINTS = 0.5;

export interface FigureSignal {
  tag: string;
  /** shown as the evidence term */
  term: string;
  weight: number;
  span: Span;
}

const SMALL_CAP_NAME = /russell 2000|small[- ]?caps?\b|s&p (small ?cap )?600|russell micro/i;
const SMALL_CAP_SYMBOL = new Set(['IWM', 'IJR', 'VB', 'RUT', '^RUT', 'VTWO']);
const EQUAL_WEIGHT_NAME = /equal[- ]?weight/i;
const EQUAL_WEIGHT_SYMBOL = new Set(['RSP', 'SPXEW']);
const CAP_WEIGHTED_NAME = /^(s&p 500|nasdaq composite|nasdaq-100|nasdaq 100|nasdaq|dow jones industrial average)$/i;
const CAP_WEIGHTED_SYMBOL = new Set(['SPY', 'VOO', 'IVV', 'QQQ', 'DIA', 'SPX', '^GSPC']);

const isSmallCap = (m: Move) => SMALL_CAP_NAME.test(m.subject) || (m.symbol !== null && SMALL_CAP_SYMBOL.has(m.symbol.toUpperCase()));
const isEqualWeight = (m: Move) => EQUAL_WEIGHT_NAME.test(m.subject) || (m.symbol !== null && EQUAL_WEIGHT_SYMBOL.has(m.symbol.toUpperCase()));
const isBroad = (m: Move) => isSmallCap(m) || isEqualWeight(m);
const isCapWeighted = (m: Move) => !isBroad(m) && (CAP_WEIGHTED_NAME.test(m.subject.trim()) || (m.symbol !== null && CAP_WEIGHTED_SYMBOL.has(m.symbol.toUpperCase())));

export function figureSignals(ex: Extractions | undefined): FigureSignal[] {
  const moves = (ex?.moves ?? []).filter((m) => m.realized && Number.isFinite(m.percent));
  const out: FigureSignal[] = [];
  for (const m of moves) {
    if (isSmallCap(m)) out.push({ tag: 'small-caps', term: 'figure:small-cap-move', weight: SMALL_CAP_MOVE_WEIGHT, span: m.span });
  }
  const capUp = moves.filter((m) => isCapWeighted(m) && m.percent > 0);
  let lagging: FigureSignal | undefined;
  let leading: FigureSignal | undefined;
  for (const b of moves.filter(isBroad)) {
    for (const c of capUp) {
      if (c.period !== b.period) continue;
      if (!lagging && b.percent < c.percent - BREADTH_GAP_POINTS) {
        lagging = { tag: 'narrow-rally', term: 'figure:broad-index-lags', weight: LAGGING_BREADTH_WEIGHT, span: b.span };
      }
      if (!leading && b.percent > c.percent + BREADTH_GAP_POINTS) {
        leading = { tag: 'broadening-rally', term: 'figure:broad-index-leads', weight: LEADING_BREADTH_WEIGHT, span: b.span };
      }
    }
  }
  if (lagging) out.push(lagging);
  if (leading) out.push(leading);
  return out;
}
