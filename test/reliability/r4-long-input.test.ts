// R4: a 1 MB article without periods and 360 KB of emoji / zero-width / RTL text go through analyze() in a watched
// child process (a hang fails the test instead of hanging the runner; the bound is a watchdog, not a timing assert:
// `npm run test:stress` prints the figures). In process: what the article cap keeps and what it says.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import { MAX_ANALYZED_CHARS, MAX_SENTENCE_CHARS, segment } from '../../src/segment/index.js';
import { validateRecord } from '../../src/schema.js';
import { ADVERSARIAL, KB, requireDist, runExtractJobs, type Job } from './harness.mjs';

const WATCHDOG_MS = 60_000;

describe('R4: long inputs are capped and chunked before the expensive stages', () => {
  beforeAll(() => requireDist());

  it('analyze() finishes on 1 MB without periods and on 360 KB of emoji, zero-width and RTL text', async () => {
    const jobs: Job[] = [
      { input: 'no-periods', size: 1024 * KB, stages: ['analyze'] },
      { input: 'emoji-zw-rtl', size: 360 * KB, stages: ['analyze'] },
    ];
    const results = await runExtractJobs({ jobs, stageTimeoutMs: WATCHDOG_MS });
    expect(results.map((r) => [r.input, r.stage, r.status])).toEqual([
      ['no-periods', 'analyze', 'ok'],
      ['emoji-zw-rtl', 'analyze', 'ok'],
    ]);
  }, 3 * WATCHDOG_MS);

  it('analyses a prefix cut at a word boundary, keeps the whole text and says where analysis stopped', () => {
    const text = (ADVERSARIAL['no-periods'] as (n: number) => string)(1024 * KB);
    const doc = segment(text);
    expect(doc.norm.length).toBeLessThanOrEqual(MAX_ANALYZED_CHARS);
    expect(doc.norm.length).toBeGreaterThan(MAX_ANALYZED_CHARS - 100);
    expect(text.startsWith(doc.norm)).toBe(true);
    expect(text[doc.norm.length]).toMatch(/\s/);
    for (const s of doc.sentences) expect(s.end - s.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    const r = analyze({ source: { kind: 'file', uri: 'long.txt' }, title: 'Long', url: null, publishedAt: null, text });
    expect(r.text).toBe(text);
    expect(r.diagnostics).toEqual([
      {
        rule: 'segment/article-cap',
        message: `text is 1,048,576 characters; only the first ${doc.norm.length.toLocaleString('en-US')} were analysed (the stored text is complete)`,
        severity: 'warning',
        span: { start: doc.norm.length, end: doc.norm.length, text: '' },
      },
    ]);
    expect(validateRecord(r)).toMatchObject({ ok: true });
  });

  it('maps the cut back through removed characters, and leaves texts under the cap alone', () => {
    const zw = `Stocks\u200B rose. ${'gain\u200B '.repeat(30_000)}`;
    const doc = segment(zw);
    const at = doc.diagnostics![0]!.span!.start;
    expect(zw.slice(0, at).replace(/\u200B/g, '')).toBe(doc.norm);
    expect(segment('Stocks rose 1%. The S&P 500 gained.').diagnostics).toBeUndefined();
  });
});
