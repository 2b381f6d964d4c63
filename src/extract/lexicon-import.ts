// Refresh tickers.tsv from the exchanges' published symbol directories (Nasdaq Trader's nasdaqlisted.txt and
// otherlisted.txt): pipe-delimited, one header line, one row per security, a "File Creation Time" footer.
//
// Merge policy (precision first):
// - curated rows (written by hand, no `imported` flag) keep their name, aliases, formerly and flags; the directory
//   only refreshes their kind and exchange. A curated symbol missing from the directories stays (news still quotes
//   leavers) and is reported as no longer listed.
// - new symbols become `imported` rows: symbol, name, kind (ETF column), exchange, and nothing else. Imported rows
//   carry no name aliases (a directory's legal name is not how news names a company, and 10,000 names would flood
//   prose with false hits) and their bare symbol never counts on its own: the extractor accepts them only with an
//   explicit code (cashtag, exchange prefix, RIC, a parenthesised symbol after a name). "CEO", "USA", "AI", "IPO" and
//   "GDP" are all listed symbols somewhere.
// - an imported row whose symbol left the directories is dropped (delisted); a row whose symbol vanished while exactly
//   one new symbol appeared under the same company name is renamed (old symbol moves to `formerly`).
// - test issues, warrants, rights, units, preferreds and notes are skipped: only common shares, ADSs and ETFs.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadTickers, LexiconError, type TickerEntry } from './lexicon.js';

export class ImportError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.length === 1 ? errors[0]! : `${errors.length} errors:\n${errors.slice(0, 20).join('\n')}${errors.length > 20 ? `\n... and ${errors.length - 20} more` : ''}`);
    this.name = 'ImportError';
  }
}

/** One listed security read from a directory file. */
export interface ListedSymbol {
  symbol: string;
  name: string;
  kind: 'stock' | 'etf';
  exchange: string;
  /** where it was read: "file:line" */
  at: string;
}

export interface DirectoryRead {
  file: string;
  /** the footer's "File Creation Time" as ISO date-time, when present */
  created: string | null;
  rows: number;
  listed: ListedSymbol[];
  testIssues: number;
  /** warrants, rights, units, preferreds, notes: not common shares or funds */
  otherSecurities: number;
}

// otherlisted.txt's Exchange column
const EXCHANGES: Record<string, string> = { A: 'NYSE American', N: 'NYSE', P: 'NYSE Arca', Z: 'Cboe BZX', V: 'IEX' };
const SYMBOL = /^[A-Z][A-Z0-9]{0,5}(\.[A-Z])?$/;
// Security names that are not common shares, ADSs or fund shares.
const NOT_EQUITY = /\b(?:warrants?|rights?|(?<!common\s)units?|preferred|preference|notes?|debentures?|subordinated|bonds?|depositary shares?\s+(?:each\s+)?represent\w*\s+(?:a\s+)?(?:\d+\/\d|interest))\b|\d%/i;
// "Apple Inc. - Common Stock", "Agilent Technologies, Inc. Common Stock", "Alphabet Inc. - Class C Capital Stock"
const SHARE_SUFFIX = /\s+(?:-\s+)?(?:(?:Class|Series)\s+[A-Z0-9]+\s+)?(?:Common\s+(?:Stock|Shares?)|Ordinary\s+Shares?|Capital\s+Stock|American\s+Deposit[ao]ry\s+Shares?|ADS|Shares\s+of\s+Beneficial\s+Interest|Common\s+Units?\b.*|Shares\b.*)\s*(?:\(\w+\))?\s*$/i;

/** The company or fund name without the share description: "Allstate Corporation (The) Common Stock" -> "The Allstate Corporation". */
export function cleanSecurityName(raw: string, etf = false): string {
  let s = raw.replace(/\s+/g, ' ').trim();
  if (etf) return s; // a fund's whole name tells its series apart ("... Buffer ETF - February")
  const dash = s.indexOf(' - ');
  if (dash > 0) s = s.slice(0, dash);
  s = s.replace(SHARE_SUFFIX, '').trim();
  if (/\s\(The\)$/.test(s)) s = `The ${s.replace(/\s\(The\)$/, '')}`;
  return s.replace(/\.\.$/, '.').replace(/[\s,]+$/, '') || raw.trim();
}

// MMDDYYYYHH:MM
function creationTime(line: string): string | null {
  const m = /File Creation Time:\s*(\d{2})(\d{2})(\d{4})(\d{2}):(\d{2})/.exec(line);
  return m ? `${m[3]}-${m[1]}-${m[2]}T${m[4]}:${m[5]}` : null;
}

/** Parse one Nasdaq Trader symbol directory (nasdaqlisted.txt or otherlisted.txt). Errors carry file:line. */
export function readDirectory(file: string, text: string): DirectoryRead {
  const name = basename(file);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: string[] = [];
  const out: DirectoryRead = { file: name, created: null, rows: 0, listed: [], testIssues: 0, otherSecurities: 0 };
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new ImportError([`${file}:1: empty file`]);
  const header = lines[headerAt]!.split('|').map((h) => h.trim());
  const col = (n: string) => header.indexOf(n);
  const symCol = col('Symbol') >= 0 ? col('Symbol') : col('ACT Symbol');
  const nameCol = col('Security Name');
  if (header.length < 2 || symCol < 0 || nameCol < 0) {
    throw new ImportError([`${file}:${headerAt + 1}: not a Nasdaq Trader symbol directory: the first line must be a pipe-delimited header with "Symbol" (nasdaqlisted.txt) or "ACT Symbol" (otherlisted.txt) and "Security Name"; found ${JSON.stringify(lines[headerAt]!.slice(0, 80))}`]);
  }
  const etfCol = col('ETF');
  const testCol = col('Test Issue');
  const exCol = col('Exchange');
  const isNasdaq = col('Symbol') >= 0;
  let footer = false;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const where = `${file}:${i + 1}`;
    if (!line.trim()) continue;
    if (line.startsWith('File Creation Time')) {
      out.created = creationTime(line);
      footer = true;
      continue;
    }
    if (footer) {
      errors.push(`${where}: data after the "File Creation Time" footer`);
      continue;
    }
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length !== header.length) {
      errors.push(`${where}: expected ${header.length} pipe-separated columns, found ${cells.length}`);
      continue;
    }
    out.rows++;
    const symbol = cells[symCol]!;
    const flag = (c: number, what: string) => {
      if (c < 0) return false;
      const v = cells[c]!;
      if (v !== 'Y' && v !== 'N' && v !== '') errors.push(`${where}: column ${what} must be Y or N, found ${JSON.stringify(v)}`);
      return v === 'Y';
    };
    const etf = flag(etfCol, 'ETF');
    if (flag(testCol, 'Test Issue')) {
      out.testIssues++;
      continue;
    }
    if (!symbol) {
      errors.push(`${where}: empty symbol`);
      continue;
    }
    const security = cells[nameCol]!;
    // preferreds ("ABR$D"), units ("AAC.U"), warrants ("ACHR.W"): symbols outside the lexicon's form, or named so
    if (!SYMBOL.test(symbol) || /\.[UWR]$/.test(symbol) || (!etf && NOT_EQUITY.test(security))) {
      out.otherSecurities++;
      continue;
    }
    let exchange = 'NASDAQ';
    if (!isNasdaq) {
      const code = exCol >= 0 ? cells[exCol]! : '';
      const ex = EXCHANGES[code];
      if (!ex) {
        errors.push(`${where}: unknown Exchange code ${JSON.stringify(code)} (expected one of ${Object.keys(EXCHANGES).join(', ')})`);
        continue;
      }
      exchange = ex;
    }
    if (!security) {
      errors.push(`${where}: empty Security Name for ${symbol}`);
      continue;
    }
    out.listed.push({ symbol, name: cleanSecurityName(security, etf), kind: etf ? 'etf' : 'stock', exchange, at: where });
  }
  if (!footer) errors.push(`${file}:${lines.length}: no "File Creation Time" footer: the file looks truncated`);
  if (errors.length) throw new ImportError(errors);
  return out;
}

export interface MergeReport {
  added: string[];
  /** [old, new] symbol pairs */
  renamed: Array<[string, string]>;
  /** imported rows dropped because their symbol left the directories */
  delisted: string[];
  /** curated rows whose symbol the directories no longer list (kept) */
  curatedUnlisted: string[];
  /** curated or imported rows whose kind, exchange or (imported) name changed */
  updated: string[];
  total: number;
}

/** A row of tickers.tsv with its flags, as the merge sees it. */
export interface Row extends TickerEntry {
  imported: boolean;
  /** the original aliases cell, with ~ marks, kept verbatim for curated rows */
  aliasCell: string;
  flags: string[];
}

const normName = (s: string) =>
  s
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[.,'’()]/g, '')
    .replace(/\s+(inc|incorporated|corp|corporation|co|company|ltd|limited|plc|holdings?|group|sa|nv|ag|se|lp|llc)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Merge directory listings into lexicon rows. Pure: returns the new rows (sorted by symbol) and what changed. */
export function mergeListings(rows: Row[], listed: ListedSymbol[]): { rows: Row[]; report: MergeReport } {
  const dup = new Map<string, ListedSymbol>();
  const errors: string[] = [];
  for (const l of listed) {
    const prev = dup.get(l.symbol);
    if (prev) errors.push(`${l.at}: symbol ${l.symbol} is also listed at ${prev.at}`);
    else dup.set(l.symbol, l);
  }
  if (errors.length) throw new ImportError(errors);
  const report: MergeReport = { added: [], renamed: [], delisted: [], curatedUnlisted: [], updated: [], total: 0 };
  const known = new Map(rows.map((r) => [r.symbol, r]));
  const fresh = listed.filter((l) => !known.has(l.symbol));
  // renames: a row whose symbol vanished, and exactly one new symbol under the same company name (and kind)
  const freshByName = new Map<string, ListedSymbol[]>();
  for (const l of fresh) freshByName.set(normName(l.name), [...(freshByName.get(normName(l.name)) ?? []), l]);
  const goneByName = new Map<string, Row[]>();
  for (const r of rows) if (!dup.has(r.symbol)) goneByName.set(normName(r.name), [...(goneByName.get(normName(r.name)) ?? []), r]);
  const renamedTo = new Map<string, ListedSymbol>();
  for (const [n, gone] of goneByName) {
    const cands = freshByName.get(n);
    if (n && gone.length === 1 && cands?.length === 1 && cands[0]!.kind === gone[0]!.kind) renamedTo.set(gone[0]!.symbol, cands[0]!);
  }
  const taken = new Set([...renamedTo.values()].map((l) => l.symbol));
  const out: Row[] = [];
  for (const r of rows) {
    const l = dup.get(r.symbol) ?? renamedTo.get(r.symbol);
    if (!l) {
      if (r.imported) report.delisted.push(r.symbol);
      else {
        report.curatedUnlisted.push(r.symbol);
        out.push(r);
      }
      continue;
    }
    const next: Row = { ...r, kind: l.kind, exchange: l.exchange, name: r.imported ? l.name : r.name };
    if (l.symbol !== r.symbol) {
      report.renamed.push([r.symbol, l.symbol]);
      next.symbol = l.symbol;
      next.formerly = [r.symbol, ...r.formerly.filter((f) => f !== l.symbol)];
    } else if (next.kind !== r.kind || next.exchange !== r.exchange || next.name !== r.name) report.updated.push(r.symbol);
    out.push(next);
  }
  // a symbol another row names as its former symbol is that company's old code: not a new listing
  const formerly = new Set(out.flatMap((r) => r.formerly));
  for (const l of fresh) {
    if (taken.has(l.symbol) || formerly.has(l.symbol)) continue;
    report.added.push(l.symbol);
    out.push({ symbol: l.symbol, name: l.name, kind: l.kind, exchange: l.exchange, aliases: [], weakAliases: [], formerly: [], needsContext: true, imported: true, aliasCell: '', flags: ['imported'] });
  }
  out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  report.added.sort();
  report.total = out.length;
  return { rows: out, report };
}

/** Read tickers.tsv into merge rows, keeping the comment lines above the header. */
export function readLexiconRows(file: string): { comments: string[]; rows: Row[] } {
  const entries = loadTickers(file); // validates, with file:line errors
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
  const comments = lines.slice(0, headerAt).filter((l) => l.startsWith('#'));
  const raw = new Map<string, string[]>();
  for (const l of lines.slice(headerAt + 1)) {
    if (!l.trim() || l.startsWith('#')) continue;
    const cells = l.split('\t').map((c) => c.trim());
    raw.set(cells[0]!, cells);
  }
  const rows = entries.map((e): Row => {
    const cells = raw.get(e.symbol)!;
    const flags = cells[6]!.split(',').map((f) => f.trim()).filter(Boolean);
    return { ...e, imported: flags.includes('imported'), aliasCell: cells[4]!, flags };
  });
  return { comments, rows };
}

const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();

/** The TSV text of a lexicon: comments, header, one line per row. */
export function formatLexicon(comments: string[], rows: Row[]): string {
  const head = 'symbol\tname\tkind\texchange\taliases\tformerly\tflags';
  const body = rows.map((r) => [r.symbol, clean(r.name), r.kind, clean(r.exchange), r.aliasCell, r.formerly.join('|'), r.flags.join(',')].join('\t'));
  return `${[...comments, head, ...body].join('\n')}\n`;
}

/** Write `text` to `file` only if it loads as a valid ticker lexicon: via a temp file in the same folder and a rename. */
export function writeLexiconAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  try {
    loadTickers(tmp);
  } catch (e) {
    unlinkSync(tmp);
    if (e instanceof LexiconError) throw new ImportError([`the merged lexicon did not validate, ${file} left unchanged: ${e.message}`]);
    throw e;
  }
  renameSync(tmp, file);
}

export interface ImportResult {
  reads: DirectoryRead[];
  report: MergeReport;
  text: string;
}

/** Read the directories and the current lexicon and compute the merged lexicon text (nothing is written). */
export function importListings(directoryFiles: string[], lexiconFile: string): ImportResult {
  const errors: string[] = [];
  const reads: DirectoryRead[] = [];
  for (const f of directoryFiles) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      errors.push(`${f}:1: cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    try {
      reads.push(readDirectory(f, text));
    } catch (e) {
      if (e instanceof ImportError) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length) throw new ImportError(errors);
  let base: { comments: string[]; rows: Row[] };
  try {
    base = readLexiconRows(lexiconFile);
  } catch (e) {
    if (e instanceof LexiconError) throw new ImportError([e.message]);
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new ImportError([`${lexiconFile}:1: cannot read file: ${code}`]);
    throw e;
  }
  const { rows, report } = mergeListings(base.rows, reads.flatMap((r) => r.listed));
  const stamp = `# import: ${reads.map((r) => `${r.file}${r.created ? ` (created ${r.created})` : ''}`).join(', ')}; imported rows are symbol-only (flag imported): no name aliases, and the bare symbol needs context`;
  const comments = [...base.comments.filter((c) => !c.startsWith('# import:')), stamp];
  return { reads, report, text: formatLexicon(comments, rows) };
}
