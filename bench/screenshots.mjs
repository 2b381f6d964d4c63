// Screenshots of the three pages for the README (`npm run screenshots`): ingests corpus/ into a temporary
// database, serves it on a free 127.0.0.1 port, and photographs the pages in headless Debian chromium.
// Writes docs/screenshots/{search,article,narrative}.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { main } from '../dist/cli/main.js';
import { startServer } from '../dist/serve/app.js';
import { openStore } from '../dist/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
const tmp = mkdtempSync(join(tmpdir(), 'tapereader-shots-'));
const db = join(tmp, 'corpus.db');
const code = await main(['ingest', '.', '--db', db], { stdout: sink(), stderr: process.stderr, isTTY: false, env: {}, cwd: join(ROOT, 'corpus') });
if (code !== 0) throw new Error(`ingest exited ${code}`);

const store = openStore(db);
const server = await startServer(store, 0);
const profile = join(tmp, 'profile');
const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 960 }, deviceScaleFactor: 1 });
try {
  mkdirSync(OUT, { recursive: true });
  const page = context.pages()[0] ?? (await context.newPage());
  const go = (path) => page.goto(new URL(path, server.url).href);

  await go('/?q=rally');
  await page.screenshot({ path: join(OUT, 'search.png') });

  // the article with the most evidence, with one highlight clicked so the "Why?" panel shows its rules
  const richest = store.db
    .prepare(`SELECT a.id FROM articles a ORDER BY (SELECT count(*) FROM moves m WHERE m.article_id = a.id) + (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) DESC, a.rowid LIMIT 1`)
    .get().id;
  await go(`/article/${richest}`);
  await page.locator('mark.ev.multi').first().click();
  await page.screenshot({ path: join(OUT, 'article.png') });

  await go('/narrative?by=week');
  await page.screenshot({ path: join(OUT, 'narrative.png'), fullPage: true });
  console.log(`wrote ${['search', 'article', 'narrative'].map((n) => `docs/screenshots/${n}.png`).join(', ')}`);
} finally {
  await context.close();
  await server.close();
  store.close();
  rmSync(tmp, { recursive: true, force: true });
}
