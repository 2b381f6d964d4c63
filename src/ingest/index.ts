import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Article } from '../types.js';
import { decodeBytes, decodeText } from './decode.js';
import { InputError } from './errors.js';
import { articlesFromFeed } from './feed.js';
import { articleFromHtml } from './html.js';
import { articleFromText } from './text.js';

export { InputError } from './errors.js';
export { FeedError, parseFeed } from './feed.js';

const TEXT_EXT = new Set(['.txt', '.md', '.text', '.markdown']);
const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
const FEED_EXT = new Set(['.xml', '.rss', '.atom', '.rdf', '.feed']);
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

// A folder of articles often documents itself (README, LICENSE, ...): walking it passes over those files quietly,
// as it does hidden ones; named on the command line, such a file is read like any other.
const DOC_FILE = /^(readme|license|licence|changelog|contributing|notice|copying)(\.[a-z]+)?$/i;

/** Expand files and directories (walked recursively, sorted, hidden entries and README/LICENSE files passed over) into file paths. */
export function listInputs(paths: string[]): { files: string[]; errors: InputError[]; skipped: InputError[] } {
  const files: string[] = [];
  const errors: InputError[] = [];
  const skipped: InputError[] = [];
  const walk = (p: string, top: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      errors.push(new InputError(p, 'no such file or directory'));
      return;
    }
    if (st.isDirectory()) {
      const names = readdirSync(p).filter((n) => !n.startsWith('.') && n !== 'node_modules').sort();
      for (const n of names) walk(join(p, n), false);
    } else if (st.isFile()) {
      // inside directories, only files we know how to read; named files are always tried
      const ext = extname(p).toLowerCase();
      if (!top && DOC_FILE.test(basename(p))) return; // a directory's own documentation, passed over like hidden files
      if (top || TEXT_EXT.has(ext) || HTML_EXT.has(ext) || FEED_EXT.has(ext)) files.push(p);
      else skipped.push(new InputError(p, `skipped: not a .txt/.md/.html/.xml/.rss/.atom file`));
    } else if (top) {
      errors.push(new InputError(p, 'not a regular file or directory'));
    }
  };
  for (const p of paths) walk(p, true);
  return { files, errors, skipped };
}
