// Core data types of tapereader. No logic lives here.
// Offsets: every span is a half-open [start, end) range of UTF-16 code units into ArticleRecord.text,
// and record.text.slice(start, end) === span.text always holds.

export const SCHEMA_VERSION = 1;

export interface Span {
  start: number;
  end: number;
  text: string;
}

/** A span plus the id of the rule that produced it: the answer to "why?". */
export interface Mention extends Span {
  rule: string;
}

export type SourceKind = 'file' | 'url' | 'feed';

export interface Source {
  kind: SourceKind;
  /** file path (as given), article URL, or feed URI */
  uri: string;
  /** the feed's title or URI, for items that came from a feed */
  feed?: string;
}

/** What ingest hands to the analyser: one article's raw parts, before any analysis. */
export interface Article {
  source: Source;
  title: string;
  url: string | null;
  publishedAt: string | null;
  /** cleaned body text (boilerplate and inline HTML already removed) */
  text: string;
  /** feed GUID, when the article came from a feed */
  guid?: string | null;
  byline?: string | null;
  /** problems met while reading this article that did not stop it */
  diagnostics?: Diagnostic[];
}

export interface Diagnostic {
  rule: string;
  message: string;
  severity: 'info' | 'warning' | 'error';
  span?: Span;
}

export type TickerKind = 'stock' | 'etf';

export interface TickerHit {
  symbol: string;
  name: string;
  kind: TickerKind;
  inTitle: boolean;
  /** higher = more central to the article (title, lead, mention count) */
  prominence: number;
  mentions: Mention[];
}

export interface IndexHit {
  /** canonical id, e.g. "SPX" */
  id: string;
  /** canonical name, e.g. "S&P 500" */
  name: string;
  mentions: Mention[];
}

export type LevelKind = 'close' | 'intraday-high' | 'intraday-low' | 'open' | 'level';

export interface Level {
  /** canonical index name */
  index: string;
  value: number;
  kind: LevelKind;
  span: Span;
  rule: string;
}

export interface Move {
  /** canonical subject: index name, company name, or the subject phrase */
  subject: string;
  symbol: string | null;
  /** signed: negative for down */
  percent: number;
  direction: 'up' | 'down';
  period: string | null;
  /** false for hypotheticals, forecasts and conditions */
  realized: boolean;
  span: Span;
  rule: string;
}

export interface Money {
  amount: number;
  currency: string;
  metric: string | null;
  subject: string | null;
  span: Span;
  rule: string;
}

export interface Quote {
  text: string;
  speaker: string | null;
  title: string | null;
  organization: string | null;
  span: Span;
  /** where the speaker is named, when the article names them */
  speakerSpan: Span | null;
  rule: string;
}

/** A key figure: record[kind][index] is the extraction; span is that extraction's span. */
export interface KeyFigure {
  kind: 'levels' | 'moves';
  index: number;
  span: Span;
}

/** A key quote: record.quotes[index] is the extraction; span is that quote's span. */
export interface KeyQuote {
  index: number;
  /** key quotes are attributed quotes: the quote's speaker */
  speaker: string;
  span: Span;
}

export const TAGS = [
  'narrow-rally',
  'broadening-rally',
  'rate-cut-expectations',
  'inflation',
  'earnings',
  'record-high',
  'sector-rotation',
  'small-caps',
] as const;
export type CoreTag = (typeof TAGS)[number];

export interface TagEvidence extends Span {
  /** the lexicon term (pattern) that fired */
  term: string;
  weight: number;
}

export interface Tag {
  /** one of TAGS, or a user-defined narrative id */
  tag: string;
  score: number;
  /** the lexicon file and version that produced this tag */
  rule: string;
  evidence: TagEvidence[];
}

export type Breadth = 'narrow' | 'broadening' | 'mixed' | 'none';

export interface ArticleRecord {
  schemaVersion: number;
  id: string;
  /** hash of title + text: changes when the article is edited */
  contentHash: string;
  source: Source;
  title: string;
  url: string | null;
  publishedAt: string | null;
  text: string;
  summary: string[];
  /** the most prominent levels and moves (most prominent first), each pointing at its extraction */
  keyFigures?: KeyFigure[];
  /** the quotes chosen to show first (most prominent first), each pointing at its extraction */
  keyQuotes?: KeyQuote[];
  tickers: TickerHit[];
  indices: IndexHit[];
  levels: Level[];
  moves: Move[];
  money: Money[];
  quotes: Quote[];
  tags: Tag[];
  breadth: Breadth;
  diagnostics: Diagnostic[];
  /** present on records read back from the store: the story cluster (near-duplicate articles) this one belongs to */
  story?: StoryInfo;
}

/** A story cluster: id (the article that started it), the earliest publication time in it, how many articles. */
export interface StoryInfo {
  id: string;
  firstSeen: string;
  size: number;
}
