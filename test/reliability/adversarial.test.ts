// R2 / R4: pathological inputs through analyze(), segment(), each extractor and the tagger, in a child process
// with a watchdog, so a hang fails the test instead of hanging the runner. Timings are not asserted here beyond a
// generous bound; `npm run test:stress` prints them with the t(200)/t(100) ratios.
//
// Left out here (see bench/stress.mjs, R2): '1'×n+'x' and 'a'×n. The whole 1 MB article without periods runs in
// r4-long-input.test.ts (analysis stops at MAX_ANALYZED_CHARS with a diagnostic); a 32 KB slice of it runs here.
import { beforeAll, describe, expect, it } from 'vitest';
import { KB, R2_SIZES, requireDist, runExtractJobs, STAGES, type Job } from './harness.mjs';

const STAGE_BOUND_MS = 10_000;
const R2_PASSING = ['dollars', 'dots', 'spaces', 'a,', 'open-parens', 'double-quotes'];
// segment() alone is left to the stress script: analyze() runs it first, on the text still new to wink-nlp
const STAGES_HERE = STAGES.filter((s) => s !== 'segment');

beforeAll(() => requireDist());

describe('R2/R4: adversarial inputs finish', () => {
  it('every stage finishes within the bound on 50/100/200 KB pathological strings and on 360 KB of emoji, zero-width and RTL text', async () => {
    // every extractor and the tagger at each size; the whole analyze() (the slow part) at the largest only
    const largest = Math.max(...R2_SIZES);
    const jobs: Job[] = [
      ...R2_PASSING.flatMap((input) => R2_SIZES.map((size) => ({ input, size, stages: size === largest ? STAGES_HERE : STAGES_HERE.filter((s) => s !== 'analyze') }))),
      { input: 'emoji-zw-rtl', size: 360 * KB, stages: STAGES_HERE },
      { input: 'no-periods', size: 32 * KB, stages: STAGES_HERE },
    ];
    const results = await runExtractJobs({ jobs, stageTimeoutMs: STAGE_BOUND_MS });
    const failed = results.filter((r) => r.status !== 'ok').map((r) => ({ input: r.input, size: r.size, stage: r.stage, status: r.status, error: r.error }));
    expect(failed).toEqual([]);
    expect(results).toHaveLength(jobs.reduce((n, j) => n + j.stages!.length, 0));
  }, 120_000);
});
