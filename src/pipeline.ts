// The whole of tapereader on one screen:
//   ingest -> segment -> extract -> tag -> summarize -> store
// Everything between ingest and store is synchronous, pure and deterministic: same article in, same record out.
import { createHash } from 'node:crypto';
import { listInputs, readFileArticles, InputError } from './ingest/index.js';
import { canonicalUrl } from './identity/url.js';
import { segment } from './segment/index.js';
import { extractAll } from './extract/index.js';
import { tagDoc } from './tag/index.js';
import { summarize, DEFAULT_SUMMARY_SENTENCES } from './summarize/index.js';
import { keyPoints } from './summarize/key.js';
import { SCHEMA_VERSION, type Article, type ArticleRecord } from './types.js';

export interface AnalyzeOptions {
  /** sentences in the extractive summary */
  summarySentences?: number;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * Identity: the article's canonical URL (src/identity/url.ts: tracking parameters, fragment, trailing slash,
 * http/https and `www.` normalised), else its (feed, GUID), else its content. The URL comes first so that one article
 * reached through several feeds (each with its own GUID and tracking parameters) is one article with several
 * sources, and an edit that changes a feed's GUID keeps the article's id. A file's path is never the key: it changes
 * with the directory it is read from; its words do not. Same input -> same id.
 */
export function articleId(a: Article): string {
  const key = a.url ? canonicalUrl(a.url) : null;
  if (key) return sha(`url:${key}`);
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
    ...keyPoints(doc, ex), //                                     key figures and quotes, chosen from the extractions
    ...ex,
    tags,
    breadth,
    diagnostics: [...(article.diagnostics ?? []), ...(doc.diagnostics ?? [])], //  segment: e.g. an over-long text analysed in part
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
