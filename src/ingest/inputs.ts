// Which files to read: the walk of the inputs named on the command line. Light on purpose (no parsers): the ingest
// command's main thread lists the files and hands them to worker threads that read them (./index.ts).
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { InputError } from './errors.js';

export const TEXT_EXT: ReadonlySet<string> = new Set(['.txt', '.md', '.text', '.markdown']);
export const HTML_EXT: ReadonlySet<string> = new Set(['.html', '.htm', '.xhtml']);
export const FEED_EXT: ReadonlySet<string> = new Set(['.xml', '.rss', '.atom', '.rdf', '.feed']);

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
