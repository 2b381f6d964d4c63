import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { TickerKind } from '../types.js';

/** Where the package's lexicons live (works from src/extract and dist/extract alike). */
export const LEXICON_DIR = fileURLToPath(new URL('../../lexicons/', import.meta.url));

export class LexiconError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'LexiconError';
  }
}

export interface TickerEntry {
  symbol: string;
  name: string;
  kind: TickerKind;
  exchange: string;
  /** aliases that count on their own */
  aliases: string[];
  /** aliases that are also common words ("~Target"): count only with context */
  weakAliases: string[];
  formerly: string[];
  /** bare symbol needs context (short or word-like symbols such as A, T, ON, NOW; every imported row) */
  needsContext: boolean;
  /** the row came from `lexicon import` (symbol-only, not curated) */
  imported?: boolean;
}

export interface IndexEntry {
  id: string;
  name: string;
  kind: 'broad' | 'sector' | 'volatility' | 'foreign';
  aliases: string[];
  rics: string[];
  etfs: string[];
}

const list = z.string().transform((s) => s.split('|').map((x) => x.trim()).filter(Boolean));

const TickerRow = z.object({
  symbol: z.string().regex(/^[A-Z][A-Z0-9]{0,5}(\.[A-Z])?$/, 'symbol must be upper case letters/digits, share class as .B'),
  name: z.string().min(1),
  kind: z.enum(['stock', 'etf']),
  exchange: z.string(),
  aliases: list,
  formerly: list,
  flags: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.enum(['context', 'imported']))),
});

const IndexRow = z.object({
  id: z.string().regex(/^[A-Z0-9]+$/),
  name: z.string().min(1),
  kind: z.enum(['broad', 'sector', 'volatility', 'foreign']),
  aliases: list,
  rics: list.pipe(z.array(z.string().regex(/^\.[A-Z0-9]+$/, 'a RIC starts with a dot'))),
  etfs: list,
});

/** Read a TSV lexicon: '#' comments, one header row, rows validated by `schema`; errors carry file:line. */
export function readTsv<T>(file: string, columns: readonly string[], schema: z.ZodType<T>): T[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const rows: T[] = [];
  let header: string[] | null = null;
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const cells = line.split('\t');
    if (!header) {
      header = cells.map((c) => c.trim());
      if (header.join('\t') !== columns.join('\t')) throw new LexiconError(file, i + 1, `header must be: ${columns.join(' <tab> ')}; found: ${header.join(' <tab> ')}`);
      return;
    }
    if (cells.length !== columns.length) throw new LexiconError(file, i + 1, `expected ${columns.length} tab-separated columns, found ${cells.length}`);
    const obj = Object.fromEntries(columns.map((c, k) => [c, cells[k]!.trim()]));
    const parsed = schema.safeParse(obj);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new LexiconError(file, i + 1, `column ${String(issue.path[0])}: ${issue.message} (found ${JSON.stringify(obj[String(issue.path[0])])})`);
    }
    rows.push(parsed.data);
  });
  if (!header) throw new LexiconError(file, 1, 'no header row');
  return rows;
}

const TICKER_COLUMNS = ['symbol', 'name', 'kind', 'exchange', 'aliases', 'formerly', 'flags'] as const;
const INDEX_COLUMNS = ['id', 'name', 'kind', 'aliases', 'rics', 'etfs'] as const;

export function loadTickers(file = `${LEXICON_DIR}tickers.tsv`): TickerEntry[] {
  const seen = new Map<string, number>();
  return readTsv(file, TICKER_COLUMNS, TickerRow).map((r, i) => {
    if (seen.has(r.symbol)) throw new LexiconError(file, 0, `symbol ${r.symbol} listed twice (rows ${seen.get(r.symbol)} and ${i + 1})`);
    seen.set(r.symbol, i + 1);
    return {
      symbol: r.symbol,
      name: r.name,
      kind: r.kind,
      exchange: r.exchange,
      aliases: r.aliases.filter((a) => !a.startsWith('~')),
      weakAliases: r.aliases.filter((a) => a.startsWith('~')).map((a) => a.slice(1)),
      formerly: r.formerly,
      // an imported row is symbol-only: its bare symbol counts only with context, like a word-like symbol
      needsContext: r.flags.includes('context') || r.flags.includes('imported'),
      ...(r.flags.includes('imported') ? { imported: true } : {}),
    };
  });
}

export function loadIndices(file = `${LEXICON_DIR}indices.tsv`): IndexEntry[] {
  return readTsv(file, INDEX_COLUMNS, IndexRow);
}

export interface CommodityEntry {
  id: string;
  name: string;
  kind: 'commodity' | 'currency' | 'crypto';
  aliases: string[];
}

const CommodityRow = z.object({
  id: z.string().regex(/^[A-Z0-9]+$/),
  name: z.string().min(1),
  kind: z.enum(['commodity', 'currency', 'crypto']),
  aliases: list,
});
const COMMODITY_COLUMNS = ['id', 'name', 'kind', 'aliases'] as const;

export function loadCommodities(file = `${LEXICON_DIR}commodities.tsv`): CommodityEntry[] {
  return readTsv(file, COMMODITY_COLUMNS, CommodityRow);
}

export interface Lexicons {
  tickers: TickerEntry[];
  indices: IndexEntry[];
  commodities: CommodityEntry[];
}

let cached: Lexicons | null = null;
/** The package's lexicons, loaded and validated once per process. */
export function defaultLexicons(): Lexicons {
  // (every extractor asks for them on every article: reading process.env each time costs more than the rest)
  if (cached) return cached;
  // TAPEREADER_LEXICON_DIR points at a folder holding your own tickers.tsv and indices.tsv
  const dir = process.env['TAPEREADER_LEXICON_DIR'];
  cached ??= dir
    ? { tickers: loadTickers(`${dir}/tickers.tsv`), indices: loadIndices(`${dir}/indices.tsv`), commodities: loadCommodities() }
    : { tickers: loadTickers(), indices: loadIndices(), commodities: loadCommodities() };
  return cached;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An alternation of literal words, longest first (so the longest word that fits at a position wins). */
export function alternation(words: Iterable<string>): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRegex).join('|');
}

/**
 * A lexicon regex in two forms that find the same matches. `exact` starts a name with (?<![A-Za-z0-9&]), a look
 * behind that V8 runs at every position of the text; `fast` starts it with \b(?<!&), which V8 gets through about
 * twice as fast. For a name that begins with an ASCII letter or digit the two differ only after "_" (a word
 * character to \b, not to the class), so `regexFor` takes the fast form for any text without "_".
 */
export interface LexiconRegex {
  exact: RegExp;
  fast: RegExp;
}

const WORD_START = /^[A-Za-z0-9]/;

/** `(?<![A-Za-z0-9&])(?:words, longest first)END`, in both forms; null for no words. */
export function lexiconRegex(words: Iterable<string>, end: string, flags: string): LexiconRegex | null {
  const list = [...words];
  if (!list.length) return null;
  const body = `(?:${alternation(list)})${end}`;
  const exact = new RegExp(`(?<![A-Za-z0-9&])${body}`, flags);
  return { exact, fast: list.every((w) => WORD_START.test(w)) ? new RegExp(`\\b(?<!&)${body}`, flags) : exact };
}

/** The form of `rx` to scan `text` with (see LexiconRegex), with lastIndex reset. */
export function regexFor(rx: LexiconRegex, text: string): RegExp {
  const re = text.includes('_') ? rx.exact : rx.fast;
  re.lastIndex = 0;
  return re;
}
