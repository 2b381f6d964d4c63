import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Article } from '../types.js';
import { decodeBytes, decodeText } from './decode.js';
import { InputError } from './errors.js';
import { FEED_EXT, HTML_EXT, TEXT_EXT } from './inputs.js';
import { articlesFromFeed } from './feed.js';
import { articleFromHtml } from './html.js';
import { articleFromText } from './text.js';

export { InputError } from './errors.js';
export { FeedError, parseFeed } from './feed.js';
export { listInputs } from './inputs.js';

// Files larger than this are refused: no article is 50 MB, and reading one would stall the run.
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export type InputKind = 'text' | 'html' | 'feed';

/** Decide how to read a file: by extension, else by sniffing the first characters. */
export function sniffKind(path: string, content: string): InputKind {
  const ext = extname(path).toLowerCase();
  const head = content.slice(0, 1024).trimStart().toLowerCase();
  if (FEED_EXT.has(ext)) return 'feed';
  if (HTML_EXT.has(ext)) return 'html';
  if (TEXT_EXT.has(ext)) return 'text';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:rdf)[\s>]/.test(head)) return 'feed';
  if (head.startsWith('{') && /"version"\s*:\s*"https?:\/\/jsonfeed\.org/.test(head)) return 'feed';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return 'text';
}

/** Read one file into articles (a feed gives several). Throws InputError naming the file. */
export async function readFileArticles(path: string): Promise<Article[]> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(path, 'no such file or directory');
  }
  if (st.isDirectory()) throw new InputError(path, 'is a directory (use listInputs to walk it)');
  if (st.size > MAX_FILE_BYTES) throw new InputError(path, `file is ${st.size} bytes; the limit is ${MAX_FILE_BYTES}`);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new InputError(path, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const content = decodeText(buf, path);
  if (!content.trim()) throw new InputError(path, 'file is empty');
  const kind = sniffKind(path, content);
  const source = { kind: 'file' as const, uri: path };
  if (kind === 'feed') {
    const { articles } = await articlesFromFeed(content, path, decodeBytes(buf).note);
    if (!articles.length) throw new InputError(path, 'feed has no items');
    return articles;
  }
  const article = kind === 'html' ? articleFromHtml(content, source) : articleFromText(content, source);
  if (!article.text.trim()) throw new InputError(path, 'no article text found (only boilerplate or markup)');
  return [article];
}
