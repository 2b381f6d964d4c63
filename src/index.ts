// Public API: re-exports only.
export { analyze, analyzePaths, articleId } from './pipeline.js';
export type { AnalyzeOptions, InputResult } from './pipeline.js';
export { openStore, Store, StoreError, DEFAULT_DB, EXPORT_KINDS, toFtsQuery } from './store/index.js';
export type { Filters, SearchHit, SearchOptions, SearchPage, UpsertOutcome, ExportKind } from './store/index.js';
export { writeCsv, escapeCell } from './store/csv.js';
export { readFileArticles, listInputs, InputError } from './ingest/index.js';
export { articleFromText } from './ingest/text.js';
export { articleFromHtml } from './ingest/html.js';
export { articlesFromFeed } from './ingest/feed.js';
export { segment } from './segment/index.js';
export type { Doc, Sentence, Token } from './segment/index.js';
export { extractAll, EXTRACTORS } from './extract/index.js';
export { tagDoc, loadNarratives, checkNarrativeFile } from './tag/index.js';
export { summarize } from './summarize/index.js';
export { ArticleRecordSchema, validateRecord } from './schema.js';
export * from './types.js';
