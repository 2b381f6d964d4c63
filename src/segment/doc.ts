import type { Diagnostic, Span } from '../types.js';

/** A sentence: [start, end) offsets into Doc.norm (see Doc.span to map back to the record text). */
export interface Sentence {
  index: number;
  start: number;
  end: number;
  /** Doc.norm.slice(start, end) */
  text: string;
}

/** A token: [start, end) offsets into Doc.norm. */
export interface Token {
  start: number;
  end: number;
  /** the token as written in Doc.norm */
  value: string;
  /** lower-cased value */
  lower: string;
  /** index of the sentence holding the token */
  sentence: number;
}

/**
 * The segmented article every extractor and tagger reads.
 * Extractors match against `norm`, a normalised copy of the record text (NBSP -> space, smart quotes kept,
 * U+2212 -> '-', zero-width and bidi controls removed, fullwidth digits folded); `span()` maps norm offsets back
 * to the record text so that record.text.slice(span.start, span.end) === span.text.
 */
export interface Doc {
  /** the record text (offsets of every emitted span refer to this) */
  text: string;
  /** normalised copy used for matching */
  norm: string;
  title: string;
  /** normalised title (matched for inTitle; no spans) */
  normTitle: string;
  sentences: Sentence[];
  tokens: Token[];
  /** map a [start, end) range of `norm` to a span of `text` */
  span(start: number, end: number): Span;
  /** index of the sentence containing norm offset `pos` (-1 if none) */
  sentenceAt(pos: number): number;
  /**
   * What segmentation noticed, for the record's diagnostics: a text longer than MAX_ANALYZED_CHARS is analysed only
   * up to a word boundary before the cap (`norm` stops there; the record keeps the whole text).
   */
  diagnostics?: Diagnostic[];
}
