import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LexiconError, loadCommodities, loadIndices, loadTickers } from '../extract/lexicon.js';
import { checkNarrativeFile } from '../tag/index.js';

/** Validate one lexicon file by its kind; returns "file:line:column: message" lines (empty = valid). */
export function checkLexicon(path: string): string[] {
  const ext = extname(path).toLowerCase();
  if (ext === '.yml' || ext === '.yaml') {
    return checkNarrativeFile(path).errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
  }
  if (ext === '.tsv') {
    let head: string;
    try {
      head = readFileSync(path, 'utf8').split(/\r?\n/).find((l) => l.trim() && !l.startsWith('#')) ?? '';
    } catch (e) {
      return [`${path}:1:1: cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`];
    }
    try {
      if (head.startsWith('symbol\t')) loadTickers(path);
      else if (head.startsWith('id\t') && head.includes('\trics')) loadIndices(path);
      else if (head.startsWith('id\t')) loadCommodities(path);
      else return [`${path}:1:1: unknown TSV lexicon: the header must start with "symbol" (tickers) or "id" (indices, commodities)`];
      return [];
    } catch (e) {
      if (e instanceof LexiconError) return [`${e.file}:${e.line}:1: ${e.message.slice(e.file.length + String(e.line).length + 3)}`];
      throw e;
    }
  }
  return [`${path}:1:1: not a lexicon file (expected .tsv or .yml)`];
}
