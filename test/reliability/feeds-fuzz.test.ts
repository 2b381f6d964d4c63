// F2: mutated feeds (byte flips, truncation, stray `&`, control characters, deep nesting, entity bombs, wrong
// charsets, BOMs, unbalanced tags) through decodeBytes + parseFeed in a child process with a kill timeout, so a hang
// fails the test instead of hanging the runner. npm run test:stress runs 10,000 cases; here a few hundred.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { requireDist, ROOT, runNode } from './harness.mjs';

const COUNT = 300;
const KILL_AFTER_MS = 90_000;

beforeAll(() => requireDist());

describe('F2: feed fuzz', () => {
  it(`${COUNT} mutated feeds: no crash, no invented item, no hang`, async () => {
    const run = await runNode(join(ROOT, 'test', 'reliability', 'feeds-fuzz.mjs'), [String(COUNT), '7'], { timeoutMs: KILL_AFTER_MS });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(0);
    const last = run.stdout.trim().split('\n').pop()!;
    const { summary } = JSON.parse(last) as {
      summary: { tried: number; parsed: number; bozo: number; rejected: number; crashes: number; invented: number; failures: Array<{ kind: string; mutation: string; error?: string }> };
    };
    expect(summary.failures.map((f) => `${f.kind} ${f.mutation} ${f.error ?? ''}`)).toEqual([]);
    expect(summary.tried).toBe(COUNT);
    expect(summary.crashes).toBe(0);
    expect(summary.invented).toBe(0);
    expect(summary.parsed + summary.bozo + summary.rejected).toBe(COUNT);
    // the mutations must really exercise the lenient path and the typed errors
    expect(summary.bozo).toBeGreaterThan(COUNT / 10);
    expect(summary.rejected).toBeGreaterThan(COUNT / 20);
  }, KILL_AFTER_MS + 10_000);
});
