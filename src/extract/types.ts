import type { Doc } from '../segment/doc.js';
import type { IndexHit, Level, Money, Move, Quote, TickerHit } from '../types.js';

/** Everything the extract stage produces for one article. */
export interface Extractions {
  tickers: TickerHit[];
  indices: IndexHit[];
  levels: Level[];
  moves: Move[];
  money: Money[];
  quotes: Quote[];
}

export interface ExtractorMeta {
  /** stable rule-module id, e.g. "quotes"; individual rules inside report ids like "quotes/said-after" */
  id: string;
  version: number;
  description: string;
}

/**
 * An extractor is a small module (ESLint's { meta, create } shape): it reads the segmented doc and the results of
 * the extractors that ran before it, and returns its own kind of extraction. Pure and deterministic.
 */
export interface Extractor<K extends keyof Extractions = keyof Extractions> {
  meta: ExtractorMeta;
  kind: K;
  extract(doc: Doc, ctx: ExtractContext): Extractions[K];
}

/** An entity occurrence in Doc.norm offsets, shared between extractors (moves and levels need their subjects). */
export interface EntityMention {
  start: number;
  end: number;
  type: 'index' | 'ticker' | 'commodity';
  /** index name or ticker symbol */
  key: string;
  /** display name: canonical index name or company name */
  name: string;
  rule: string;
}

export interface ExtractContext {
  /** results of the extractors that already ran (registry order) */
  results: Partial<Extractions>;
  /** entity mentions found so far, in norm offsets, sorted by start */
  entities: EntityMention[];
}
