import type { Doc } from '../segment/doc.js';
import { indices, tickers } from './entities.js';
import { levels } from './levels.js';
import { money } from './money.js';
import { moves } from './moves.js';
import { quotes } from './quotes.js';
import type { ExtractContext, Extractions, Extractor } from './types.js';

export type { Extractions, Extractor } from './types.js';

/** The extractors, in the order they run: later ones read the entities found by earlier ones. */
export const EXTRACTORS: readonly Extractor[] = [indices, tickers, levels, moves, money, quotes];

export function extractAll(doc: Doc): Extractions {
  const ctx: ExtractContext = { results: {}, entities: [] };
  for (const ex of EXTRACTORS) {
    (ctx.results as Record<string, unknown>)[ex.kind] = ex.extract(doc, ctx);
  }
  const r = ctx.results;
  return { tickers: r.tickers ?? [], indices: r.indices ?? [], levels: r.levels ?? [], moves: r.moves ?? [], money: r.money ?? [], quotes: r.quotes ?? [] };
}
