import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { IO } from '../src/cli/io.js';
import { validateRecord } from '../src/schema.js';
import type { Article, ArticleRecord } from '../src/types.js';

export function tempDir(prefix = 'tapereader-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An in-memory IO for running the CLI in process. */
export function memoryIO(cwd: string): IO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    isTTY: false,
    env: {},
    cwd,
    out: () => out,
    err: () => err,
  };
}

export function article(text: string, title = 'Test article', extra: Partial<Article> = {}): Article {
  return { source: { kind: 'file', uri: 'test.txt' }, title, url: null, publishedAt: null, text, ...extra };
}

/** The invariants every record must hold: schema, spans slice back, JSON round trip. */
export function expectValidRecord(r: ArticleRecord): void {
  const v = validateRecord(r);
  expect(v.ok ? [] : v.errors).toEqual([]);
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}
