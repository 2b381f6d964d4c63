// C1: formula injection; C2: round-trip fuzz through csv-parse; C3: numeric columns stay numbers.
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { escapeCell, writeCsv } from '../../src/store/csv.js';
import { EXPORT_KINDS, openStore } from '../../src/store/index.js';
import { article, tempDir } from '../helpers.js';
import { csvOf, csvRoundTrip, FORMULA_CELL, FORMULA_PAYLOADS } from './harness.mjs';

const parseRows = (csv: string) => parse(csv, { columns: true, cast: false }) as Record<string, string>[];

describe('C1: formula injection', () => {
  it('no payload comes back from csv-parse as a cell a spreadsheet would evaluate', async () => {
    const rows = FORMULA_PAYLOADS.map((p, i) => ({ n: i, subject: p, evidence: `x ${p}`, percent: -1.5 }));
    const { csv } = await csvOf(writeCsv, rows);
    const back = parseRows(csv);
    expect(back).toHaveLength(rows.length);
    back.forEach((r, i) => {
      const payload = JSON.stringify(FORMULA_PAYLOADS[i]);
      expect(r['subject'], payload).not.toMatch(FORMULA_CELL);
      expect(r['subject'], payload).toBe(escapeCell(FORMULA_PAYLOADS[i]));
      expect(r['percent']).toBe('-1.5'); // a number, not escaped
    });
    // the DDE classic stays readable, just inert
    expect(escapeCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
  });

  it('stored articles with formula-looking titles, subjects and quotes export inert in every kind', async () => {
    const s = openStore(join(tempDir('tapereader-c1-'), 'c1.db'));
    s.upsert([
      analyze(article("Shares of Tesla fell 12% on Monday.\n\n\"=cmd|' /C calc'!A0, really,\" said Jane Roe, analyst at =Evil Corp.", '=HYPERLINK("http://evil.test","x")')),
      analyze(article('The S&P 500 rose 1.2% to close at 4,839.81. Revenue was $2.5 billion.', '\uff1d1+1 @SUM(A1) \t-2+3')),
      analyze(article('Nvidia jumped 4.1%.', '  +1+1')),
    ]);
    for (const kind of EXPORT_KINDS) {
      const rows = [...s.exportRows(kind)];
      if (!rows.length) continue;
      const { csv } = await csvOf(writeCsv, rows);
      const back = parseRows(csv);
      expect(back).toHaveLength(rows.length);
      back.forEach((r, i) => {
        for (const [k, v] of Object.entries(rows[i]!)) {
          if (typeof v !== 'number') expect(r[k], `${kind}.${k}`).not.toMatch(FORMULA_CELL);
        }
      });
    }
    s.close();
  });
});

describe('C2: round trip', () => {
  it('2,000 random records (delimiters, quotes, CR/LF, NUL, BOM, emoji, 100 KB fields) parse back to what was written', async () => {
    const r = await csvRoundTrip({ writeCsv, escapeCell, parse, count: 2000, seed: 2, chunk: 1000 });
    expect(r.failures).toEqual([]);
    expect(r.tried).toBe(2000);
    expect(r.crashes + r.lost + r.mismatches + r.formulaCells).toBe(0);
  }, 60_000);
});

describe('C3: numeric columns', () => {
  it('percent, value, amount and score stay unquoted numbers, negative ones included', async () => {
    const s = openStore(join(tempDir('tapereader-c3-'), 'c3.db'));
    s.upsert([
      analyze(article('Nvidia fell 2.3% and the S&P 500 fell 1.1% to close at 4,839.81 on Friday. Apple (-0.5%) lagged. Revenue was $94.9 billion.', 'Stocks slide')),
      analyze(article('The S&P 500 rose 0.8% to close at a record 6,912.40 as Nvidia jumped 4.1%, while the Russell 2000 fell 0.6%. "This is still a market carried by a handful of giants," said Maria Chen.', 'Record, narrowly')),
    ]);
    const numeric: Record<string, string[]> = { moves: ['percent', 'start', 'end'], levels: ['value'], money: ['amount'], tags: ['score'] };
    for (const [kind, cols] of Object.entries(numeric)) {
      const rows = [...s.exportRows(kind as (typeof EXPORT_KINDS)[number])];
      expect(rows.length, kind).toBeGreaterThan(0);
      const { csv } = await csvOf(writeCsv, rows);
      const back = parseRows(csv);
      rows.forEach((row, i) => {
        for (const c of cols) {
          expect(typeof row[c], `${kind}.${c}`).toBe('number');
          expect(Number(back[i]![c]), `${kind}.${c}`).toBe(row[c]);
          expect(back[i]![c], `${kind}.${c}`).toMatch(/^-?\d/);
        }
      });
    }
    const percents = [...s.exportRows('moves')].map((m) => m['percent']);
    expect(percents).toContain(-2.3);
    const { csv } = await csvOf(writeCsv, [...s.exportRows('moves')]);
    expect(csv).toMatch(/,-2\.3,/); // unquoted, unescaped
    s.close();
  });
});
