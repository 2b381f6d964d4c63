// `tapereader lexicon import`: synthetic symbol directories in Nasdaq Trader's format (pipe-delimited, header,
// "File Creation Time" footer), merged into a small curated lexicon.
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { cleanSecurityName, ImportError, importListings, readDirectory } from '../src/extract/lexicon-import.js';
import { loadTickers } from '../src/extract/lexicon.js';
import { findTickerMentions } from '../src/extract/entities.js';
import { loadCommodities, loadIndices } from '../src/extract/lexicon.js';
import { segment } from '../src/segment/index.js';
import { memoryIO, tempDir } from './helpers.js';

const NASDAQ_HEAD = 'Symbol|Security Name|Market Category|Test Issue|Financial Status|Round Lot Size|ETF|NextShares';
const OTHER_HEAD = 'ACT Symbol|Security Name|Exchange|CQS Symbol|ETF|Round Lot Size|Test Issue|NASDAQ Symbol';

const nasdaq = (rows: string[], footer = 'File Creation Time: 0131202519:02|||||||') => [NASDAQ_HEAD, ...rows, footer].join('\n') + '\n';
const other = (rows: string[], footer = 'File Creation Time: 0131202519:02|||||||') => [OTHER_HEAD, ...rows, footer].join('\n') + '\n';

const LEXICON = [
  '# test lexicon',
  '# version: 2',
  'symbol\tname\tkind\texchange\taliases\tformerly\tflags',
  'AAPL\tApple Inc.\tstock\tNASDAQ\tApple\t\t',
  'OLDCO\tWidget Makers Inc.\tstock\tNYSE\tWidget Makers\t\t',
  'GONE\tGone Away Corp.\tstock\tNYSE\tGone Away\t\t',
  'QQQ\tInvesco QQQ Trust\tetf\tNASDAQ\t~QQQ Trust\t\t',
  'ZZOLD\tOld Imported Inc.\tstock\tNASDAQ\t\t\timported',
].join('\n') + '\n';

const NASDAQ_ROWS = [
  'AAPL|Apple Inc. - Common Stock|Q|N|N|100|N|N',
  'QQQ|Invesco QQQ Trust, Series 1|G|N|N|100|Y|N',
  'NEWA|New Alpha Therapeutics, Inc. - Common Stock|G|N|N|100|N|N',
  'NEWAW|New Alpha Therapeutics, Inc. - Warrant|G|N|N|100|N|N',
  'ZXZZT|NASDAQ TEST STOCK|G|Y|N|100|N|N',
];
const OTHER_ROWS = [
  'WIDG|Widget Makers Inc. Common Stock|N|WIDG|N|100.0|N|WIDG',
  'ALLX|Allstate Example Corporation (The) Common Stock|N|ALLX|N|100.0|N|ALLX',
  'ALLX$B|Allstate Example Corporation (The) 5.100% Fixed-to-Floating Rate Subordinated Debentures|N|ALLXpB|N|100.0|N|ALLX-B',
  'FUNDX|Example Equal Weight ETF|P|FUNDX|Y|100.0|N|FUNDX',
  'ABC.U|ABC Acquisition Corp Units|N|ABC.U|N|100.0|N|ABC=',
];

function setup() {
  const dir = tempDir();
  writeFileSync(join(dir, 'nasdaqlisted.txt'), nasdaq(NASDAQ_ROWS));
  writeFileSync(join(dir, 'otherlisted.txt'), other(OTHER_ROWS));
  writeFileSync(join(dir, 'tickers.tsv'), LEXICON);
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('readDirectory', () => {
  it('reads shares and funds, skips test issues and non-equity securities, dates the file', () => {
    const r = readDirectory('nasdaqlisted.txt', nasdaq(NASDAQ_ROWS));
    expect(r.created).toBe('2025-01-31T19:02');
    expect(r.rows).toBe(5);
    expect(r.testIssues).toBe(1);
    expect(r.otherSecurities).toBe(1);
    expect(r.listed.map((l) => [l.symbol, l.name, l.kind, l.exchange, l.at])).toEqual([
      ['AAPL', 'Apple Inc.', 'stock', 'NASDAQ', 'nasdaqlisted.txt:2'],
      ['QQQ', 'Invesco QQQ Trust, Series 1', 'etf', 'NASDAQ', 'nasdaqlisted.txt:3'],
      ['NEWA', 'New Alpha Therapeutics, Inc.', 'stock', 'NASDAQ', 'nasdaqlisted.txt:4'],
    ]);
  });

  it('maps otherlisted exchange codes and skips preferreds and units by symbol form', () => {
    const r = readDirectory('otherlisted.txt', other(OTHER_ROWS));
    expect(r.otherSecurities).toBe(2);
    expect(r.listed.map((l) => [l.symbol, l.name, l.kind, l.exchange])).toEqual([
      ['WIDG', 'Widget Makers Inc.', 'stock', 'NYSE'],
      ['ALLX', 'The Allstate Example Corporation', 'stock', 'NYSE'],
      ['FUNDX', 'Example Equal Weight ETF', 'etf', 'NYSE Arca'],
    ]);
  });

  it.each([
    ['a comma-separated file', 'Symbol,Security Name\nAAPL,Apple\n', /x\.txt:1: not a Nasdaq Trader symbol directory/],
    ['a short row', nasdaq(['AAPL|Apple Inc. - Common Stock|Q|N']), /x\.txt:2: expected 8 pipe-separated columns, found 4/],
    ['a bad ETF flag', nasdaq(['AAPL|Apple Inc. - Common Stock|Q|N|N|100|maybe|N']), /x\.txt:2: column ETF must be Y or N, found "maybe"/],
    ['a truncated file (no footer)', `${NASDAQ_HEAD}\nAAPL|Apple Inc. - Common Stock|Q|N|N|100|N|N\n`, /no "File Creation Time" footer/],
    ['an unknown exchange code', other(['XYZ|Xyz Corp Common Stock|Q|XYZ|N|100.0|N|XYZ']), /x\.txt:2: unknown Exchange code "Q"/],
    ['an empty file', '\n', /x\.txt:1: empty file/],
  ])('rejects %s with file:line', (_name, text, re) => {
    expect(() => readDirectory('x.txt', text)).toThrow(ImportError);
    expect(() => readDirectory('x.txt', text)).toThrow(re);
  });

  it.each([
    ['Apple Inc. - Common Stock', 'Apple Inc.'],
    ['Alphabet Inc. - Class C Capital Stock', 'Alphabet Inc.'],
    ['Agilent Technologies, Inc. Common Stock', 'Agilent Technologies, Inc.'],
    ['Allstate Corporation (The) Common Stock', 'The Allstate Corporation'],
    ['Taiwan Semiconductor Manufacturing Company Ltd. American Depositary Shares', 'Taiwan Semiconductor Manufacturing Company Ltd.'],
    ['Example Partners L.P. Common Units representing Limited Partner Interests', 'Example Partners L.P.'],
  ])('cleans the security name %s', (raw, want) => {
    expect(cleanSecurityName(raw)).toBe(want);
  });
});

describe('importListings (merge)', () => {
  it('keeps curated rows, adds new symbols symbol-only, renames by company name, drops delisted imported rows', () => {
    const dir = setup();
    const r = importListings([join(dir, 'nasdaqlisted.txt'), join(dir, 'otherlisted.txt')], join(dir, 'tickers.tsv'));
    expect(r.report.added).toEqual(['ALLX', 'FUNDX', 'NEWA']);
    expect(r.report.renamed).toEqual([['OLDCO', 'WIDG']]);
    expect(r.report.delisted).toEqual(['ZZOLD']);
    expect(r.report.curatedUnlisted).toEqual(['GONE']);
    expect(r.report.total).toBe(7);
    const lines = r.text.split('\n');
    expect(lines).toContain('AAPL\tApple Inc.\tstock\tNASDAQ\tApple\t\t');
    expect(lines).toContain('QQQ\tInvesco QQQ Trust\tetf\tNASDAQ\t~QQQ Trust\t\t');
    expect(lines).toContain('WIDG\tWidget Makers Inc.\tstock\tNYSE\tWidget Makers\tOLDCO\t');
    expect(lines).toContain('NEWA\tNew Alpha Therapeutics, Inc.\tstock\tNASDAQ\t\t\timported');
    expect(lines).toContain('FUNDX\tExample Equal Weight ETF\tetf\tNYSE Arca\t\t\timported');
    expect(lines).toContain('GONE\tGone Away Corp.\tstock\tNYSE\tGone Away\t\t');
    expect(lines.filter((l) => l.startsWith('# import:'))).toHaveLength(1);
  });

  it('rejects a symbol listed in both files, naming both places', () => {
    const dir = setup();
    writeFileSync(join(dir, 'otherlisted.txt'), other(['AAPL|Apple Inc. Common Stock|N|AAPL|N|100.0|N|AAPL']));
    expect(() => importListings([join(dir, 'nasdaqlisted.txt'), join(dir, 'otherlisted.txt')], join(dir, 'tickers.tsv'))).toThrow(/otherlisted\.txt:2: symbol AAPL is also listed at .*nasdaqlisted\.txt:2/);
  });
});

describe('tapereader lexicon import', () => {
  it('writes a valid merged lexicon, reports counts, and a second run changes nothing', async () => {
    const dir = setup();
    const r = await run(dir, 'lexicon', 'import', 'nasdaqlisted.txt', 'otherlisted.txt', '--lexicon', 'tickers.tsv', '--out', 'merged.tsv');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('nasdaqlisted.txt: 5 rows (created 2025-01-31T19:02); 3 shares and funds, 1 test issues skipped, 1 warrants/units/preferreds/notes skipped');
    expect(r.out).toContain('added 3: ALLX FUNDX NEWA');
    expect(r.out).toContain('renamed 1: OLDCO->WIDG');
    expect(r.out).toContain('delisted 1 (imported rows dropped): ZZOLD');
    expect(r.out).toContain('curated rows no longer listed 1 (kept): GONE');
    const merged = loadTickers(join(dir, 'merged.tsv'));
    expect(merged.find((t) => t.symbol === 'NEWA')).toMatchObject({ imported: true, needsContext: true, aliases: [] });
    expect(merged.find((t) => t.symbol === 'AAPL')).toMatchObject({ aliases: ['Apple'], needsContext: false });
    expect(readFileSync(join(dir, 'tickers.tsv'), 'utf8')).toBe(LEXICON); // --out: the input lexicon is untouched
    const again = await run(dir, 'lexicon', 'import', 'nasdaqlisted.txt', 'otherlisted.txt', '--lexicon', 'merged.tsv', '--dry-run');
    expect(again.out).toContain('added 0\nrenamed 0\ndelisted 0');
    expect(again.out).toContain('dry run: 7 rows; nothing written');
  });

  it('--dry-run writes nothing; --json reports the same counts', async () => {
    const dir = setup();
    const r = await run(dir, 'lexicon', 'import', 'nasdaqlisted.txt', 'otherlisted.txt', '--lexicon', 'tickers.tsv', '--dry-run', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect([j.added.length, j.renamed, j.delisted, j.total, j.written]).toEqual([3, [['OLDCO', 'WIDG']], ['ZZOLD'], 7, null]);
    expect(readFileSync(join(dir, 'tickers.tsv'), 'utf8')).toBe(LEXICON);
  });

  it('on a bad directory file prints file:line errors, exits 2 and leaves the lexicon as it was', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'otherlisted.txt'), other(['WIDG|Widget Makers Inc. Common Stock|N|WIDG', 'X|Y|Q|X|N|100.0|N|X']));
    const r = await run(dir, 'lexicon', 'import', 'nasdaqlisted.txt', 'otherlisted.txt', 'missing.txt', '--lexicon', 'tickers.tsv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/otherlisted\.txt:2: expected 8 pipe-separated columns, found 4/);
    expect(r.err).toMatch(/otherlisted\.txt:3: unknown Exchange code "Q"/);
    expect(r.err).toMatch(/missing\.txt:1: cannot read file: ENOENT/);
    expect(r.err).toContain('nothing written');
    expect(readFileSync(join(dir, 'tickers.tsv'), 'utf8')).toBe(LEXICON);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to start from a broken lexicon, naming its line', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'tickers.tsv'), LEXICON.replace('AAPL\tApple Inc.\tstock', 'AAPL\tApple Inc.\tbond'));
    const r = await run(dir, 'lexicon', 'import', 'nasdaqlisted.txt', '--lexicon', 'tickers.tsv', '--out', 'merged.tsv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tickers\.tsv:4: column kind/);
    expect(existsSync(join(dir, 'merged.tsv'))).toBe(false);
  });
});

describe('imported rows in extraction', () => {
  it('count only with an explicit code, never as a bare word', () => {
    const dir = setup();
    const r = importListings([join(dir, 'nasdaqlisted.txt'), join(dir, 'otherlisted.txt')], join(dir, 'tickers.tsv'));
    writeFileSync(join(dir, 'merged.tsv'), r.text);
    const lex = { tickers: loadTickers(join(dir, 'merged.tsv')), indices: loadIndices(), commodities: loadCommodities() };
    const syms = (text: string) => findTickerMentions(segment(text, ''), [], lex).map((m) => [m.key, m.rule]);
    expect(syms('NEWA said its drug worked and FUNDX gained.')).toEqual([]);
    expect(syms('New Alpha Therapeutics rose.')).toEqual([]);
    expect(syms('New Alpha Therapeutics Inc ( NEWA.O ) rose; $FUNDX gained.')).toEqual([
      ['NEWA', 'tickers/name-from-code'],
      ['NEWA', 'tickers/ric'],
      ['FUNDX', 'tickers/cashtag'],
    ]);
    // an archive article: the code belonged to another company then, and the article says which
    const named = findTickerMentions(segment('Old Widget Stores Inc ( NEWA.N ) fell. Old Widget Stores said more.', ''), [], lex);
    expect(named.map((m) => [m.key, m.name, m.rule])).toEqual([
      ['NEWA', 'Old Widget Stores Inc', 'tickers/name-from-code'],
      ['NEWA', 'Old Widget Stores Inc', 'tickers/ric'],
      ['NEWA', 'Old Widget Stores Inc', 'tickers/name-from-code'],
    ]);
  });
});
