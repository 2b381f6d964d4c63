import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { explainRecord, markText, type Mark } from '../src/cli/explain.js';
import { analyze } from '../src/pipeline.js';
import type { ArticleRecord } from '../src/types.js';
import { article, memoryIO, tempDir } from './helpers.js';

const CORPUS = new URL('../corpus/', import.meta.url).pathname;

async function run(cwd: string, ...argv: string[]) {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const mark = (n: number, start: number, end: number, text: string): Mark => ({ n, kind: 'tag', start, end, text: text.slice(start, end), label: '', rule: 'r' });

describe('markText', () => {
  const text = 'Nvidia rose 5% today';
  it('opens an enclosing mark before, and closes it after, the marks inside it', () => {
    expect(markText(text, [mark(1, 0, 14, text), mark(2, 0, 6, text), mark(3, 12, 14, text)])).toBe('⟦⟦Nvidia⟧2 rose ⟦5%⟧3⟧1 today');
  });
  it('names the mark at every close, so crossing marks stay readable', () => {
    expect(markText(text, [mark(1, 0, 11, text), mark(2, 7, 14, text)])).toBe('⟦Nvidia ⟦rose⟧1 5%⟧2 today');
  });
  it('removing the markers gives the text back', () => {
    const r = analyze(article('Apple Inc shares rose 3.1 per cent to a record high on Tuesday, lifting the S&P 500 to 5,020.4 points.', 'Apple at a record'));
    const x = explainRecord(r);
    expect(markText(r.text, x.marks).replace(/⟦|⟧\d+/g, '')).toBe(r.text);
  });
});

describe('explainRecord', () => {
  const r: ArticleRecord = analyze(
    article(
      'The S&P 500 rose 1.2 percent to close at 4,839.81, a record high, as Nvidia jumped 4 percent.\n\n"The rally is narrow," said Jane Doe, chief strategist at Example Capital.',
      'Stocks hit a record',
    ),
  );
  const x = explainRecord(r);

  it('gives every extraction and every tag a mark that slices back from the text, with its rule', () => {
    for (const m of x.marks) {
      expect(r.text.slice(m.start, m.end)).toBe(m.text);
      expect(m.rule).not.toBe('');
    }
    const kinds = new Set(x.marks.map((m) => m.kind));
    for (const k of ['index', 'ticker', 'level', 'move', 'quote', 'speaker', 'tag'] as const) expect(kinds).toContain(k);
    expect(x.marks.find((m) => m.kind === 'level')?.label).toBe('S&P 500 4839.81 (close)');
    expect(x.marks.find((m) => m.kind === 'speaker')?.text).toBe('Jane Doe');
  });

  it('numbers marks in text order and lists each tag with the marks behind it', () => {
    expect(x.marks.map((m) => m.n)).toEqual(x.marks.map((_, k) => k + 1));
    for (let k = 1; k < x.marks.length; k++) expect(x.marks[k]!.start).toBeGreaterThanOrEqual(x.marks[k - 1]!.start);
    const record = x.tags.find((t) => t.tag === 'record-high');
    expect(record).toBeDefined();
    expect(record!.marks.length).toBeGreaterThan(0);
    for (const n of record!.marks) expect(x.marks[n - 1]!.kind).toBe('tag');
  });
});

describe('every tag has evidence (issue 4)', () => {
  it('holds for every record of the corpus, and explain shows it', async () => {
    const r = await run(CORPUS, 'analyze', '.', '--format', 'jsonl');
    const records = r.out.trim().split('\n').map((l) => JSON.parse(l) as ArticleRecord);
    let tags = 0;
    for (const rec of records) {
      const x = explainRecord(rec);
      for (const t of rec.tags) {
        tags++;
        expect(t.evidence.length, `${rec.title}: ${t.tag}`).toBeGreaterThan(0);
        expect(x.tags.find((e) => e.tag === t.tag)!.marks.length).toBe(t.evidence.length);
      }
    }
    expect(tags).toBeGreaterThan(10);
  });
});

describe('tapereader explain', () => {
  it('explains a file: marked text, tags with their rules, and a numbered list of marks', async () => {
    const r = await run(CORPUS, 'explain', '01-narrow-rally.txt');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^breadth: narrow \(narrow-rally \d\.\d\d, broadening-rally \d\.\d\d\)$/m);
    expect(r.out).toMatch(/^── tags ──$/m);
    expect(r.out).toMatch(/^narrow-rally \d\.\d\d {2}rule \S+ {2}evidence: #\d+/m);
    expect(r.out).toMatch(/⟦[^⟦⟧]+⟧\d+/);
    expect(r.out).toMatch(/^\s*\d+ {2}ticker +\[\d+,\d+\) {2}\S+ .* — rule \S+/m);
  });

  it('explains a stored article by id and limits marks with --only', async () => {
    const dir = tempDir();
    await run(dir, 'ingest', `${CORPUS}/11-daily-wrap-reuters-style.txt`);
    const id = JSON.parse((await run(dir, 'search', '--json')).out.trim().split('\n')[0]!).id as string;
    const r = await run(dir, 'explain', id.slice(0, 8), '--only', 'level,move', '--json');
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out) as { id: string; marks: Mark[] };
    expect(x.id).toBe(id);
    expect(x.marks.length).toBeGreaterThan(0);
    expect(new Set(x.marks.map((m) => m.kind))).toEqual(new Set(['level', 'move']));
  });

  it('names what it could not find, and a bad --only, with exit 2', async () => {
    const dir = tempDir();
    const miss = await run(dir, 'explain', 'nosuchthing');
    expect(miss.code).toBe(2);
    expect(miss.err).toContain('nosuchthing: not a file, and there is no database tapereader.db');
    await run(dir, 'ingest', `${CORPUS}/01-narrow-rally.txt`);
    const none = await run(dir, 'explain', 'nosuchthing');
    expect(none.code).toBe(2);
    expect(none.err).toContain('nosuchthing: not a file, and no article with that id in tapereader.db');
    const bad = await run(CORPUS, 'explain', '01-narrow-rally.txt', '--only', 'move,vibes');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--only: unknown kind(s) vibes');
  });
});
