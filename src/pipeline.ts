// The whole of tapereader on one screen:
//   ingest -> segment -> extract -> tag -> summarize -> store
// Everything between ingest and store is synchronous, pure and deterministic: same article in, same record out.
import { createHash } from 'node:crypto';
import { listInputs, readFileArticles, InputError } from './ingest/index.js';
import { segment } from './segment/index.js';
import { extractAll } from './extract/index.js';
import { tagDoc } from './tag/index.js';
import { summarize, DEFAULT_SUMMARY_SENTENCES } from './summarize/index.js';
import { SCHEMA_VERSION, type Article, type ArticleRecord } from './types.js';

export interface AnalyzeOptions {
  /** sentences in the extractive summary */
  summarySentences?: number;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * Identity: an article's URL when it has one, else its feed GUID, else its content (a file's path changes with
 * the directory it is read from; its words do not). Same input -> same id.
 */
export function articleId(a: Article): string {
  if (a.url) return sha(`url:${a.url}`);
  if (a.guid && a.source.feed) return sha(`guid:${a.source.feed}\u0000${a.guid}`);
  return sha(`text:${a.title}\u0000${a.text}`);
}

/** Analyse one article: the pure middle of the pipeline. */
export function analyze(article: Article, opts: AnalyzeOptions = {}): ArticleRecord {
  const doc = segment(article.text, article.title); //          segment: sentences, tokens, normalised copy
  const ex = extractAll(doc); //                                  extract: tickers, indices, levels, moves, money, quotes
  const { tags, breadth } = tagDoc(doc, ex); //                   tag: narratives with evidence + breadth label
  const summary = summarize(doc, opts.summarySentences ?? DEFAULT_SUMMARY_SENTENCES); // summarize
  return {
    schemaVersion: SCHEMA_VERSION,
    id: articleId(article),
    contentHash: sha(`${article.title}\u0000${article.text}`),
    source: article.source,
    title: article.title,
    url: article.url,
    publishedAt: article.publishedAt,
    text: article.text,
    summary,
    ...ex,
    tags,
    breadth,
    diagnostics: article.diagnostics ?? [],
  };
}

export interface InputResult {
  file: string;
  records: ArticleRecord[];
  error?: InputError;
}

/** ingest + analyze: files and directories in, records out, one result per file (errors named, never thrown). */
export async function* analyzePaths(paths: string[], opts: AnalyzeOptions = {}): AsyncGenerator<InputResult> {
  const { files, errors, skipped } = listInputs(paths); //        ingest: walk inputs
  for (const e of [...errors, ...skipped]) yield { file: e.input, records: [], error: e };
  for (const file of files) {
    try {
      const articles = await readFileArticles(file); //           ingest: read, decode, clean
      yield { file, records: articles.map((a) => analyze(a, opts)) };
    } catch (e) {
      if (e instanceof InputError) yield { file, records: [], error: e };
      else throw e;
    }
  }
}
// store: see src/store (openStore(path).upsert(records)) — the CLI's `ingest` joins analyzePaths to it.
