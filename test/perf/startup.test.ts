// Start-up: a command loads what its action uses, when it runs (issue 7). Checked on the compiled CLI (dist/, `npm run
// build`): the process is started with test/perf/load-trace.mjs, which lists every module URL it resolves.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVE_DEFAULT_PORT } from '../../src/cli/serve.js';
import { DEFAULT_PORT } from '../../src/serve/app.js';
import { tempDir } from '../helpers.js';

const BIN = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
const TRACE = new URL('./load-trace.mjs', import.meta.url).pathname;

/** The module URLs `tapereader ...args` resolves (it must exit 0). */
function loads(...args: string[]): string[] {
  const file = join(tempDir('tapereader-loads-'), 'trace.txt');
  execFileSync(process.execPath, ['--import', TRACE, BIN, ...args], { env: { ...process.env, LOAD_TRACE: file }, stdio: ['ignore', 'ignore', 'pipe'] });
  return readFileSync(file, 'utf8').trim().split('\n');
}

// what only `serve`, `feed poll`, `ingest` and the analysing commands use
const SERVER = ['/node_modules/fastify/', '/dist/serve/app.js'];
const FETCH = ['/dist/feeds/poll.js', '/dist/net/fetch.js'];
const INGEST = ['/dist/ingest/parallel.js', '/node_modules/cli-progress/'];
const ANALYSIS = ['/dist/pipeline.js', '/node_modules/compromise/'];
// each test starts node: a hang guard for a loaded machine, not a speed assertion
const SPAWNS = 120_000;
const loaded = (urls: string[], parts: string[]) => parts.filter((p) => urls.some((u) => u.includes(p)));

describe.skipIf(!existsSync(BIN))('start-up (dist/: needs `npm run build`)', () => {
  it('`--help` loads neither the web server, nor the HTTP layer, nor the ingest machinery', () => {
    const urls = loads('--help');
    expect(urls.some((u) => u.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(loaded(urls, [...SERVER, ...FETCH, ...INGEST, ...ANALYSIS])).toEqual([]);
  }, SPAWNS);

  it('`serve --help` and `feed --help` do not load what their actions use', () => {
    expect(loaded(loads('serve', '--help'), SERVER)).toEqual([]);
    expect(loaded(loads('feed', 'poll', '--help'), FETCH)).toEqual([]);
  }, SPAWNS);

  it('`feed list` on an empty database reads the store without the HTTP layer', () => {
    const db = join(tempDir(), 'x.db');
    const urls = loads('feed', 'list', '--db', db);
    expect(urls.some((u) => u.endsWith('/dist/store/index.js'))).toBe(true);
    expect(loaded(urls, [...SERVER, ...FETCH])).toEqual([]);
  }, SPAWNS);
});

it('serve --help states the server default port', () => {
  expect(SERVE_DEFAULT_PORT).toBe(DEFAULT_PORT);
});
