// The web page in a real browser (headless Debian chromium): search, filter, article evidence, chart, CSV
// download, and the W1 XSS payloads. Run with `npm run test:e2e`; `npm test` skips this file.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startServer, type Running } from '../../src/serve/app.js';
import { narrativeSeries } from '../../src/serve/queries.js';
import { openStore, type Store } from '../../src/store/index.js';
import { memoryIO } from '../helpers.js';
import { buildTestDb, HOSTILE_WORD, LYING_ID, PAYLOADS } from '../serve/fixture.js';
import { E2E, launch } from './browser.js';

let db: string;
let store: Store;
let server: Running;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
/** what the browser did that it must never do */
const dialogs: string[] = [];
const offsite: string[] = [];

// Recorded in every page before any of its scripts: CSP violations (an injected inline script or handler would
// raise one) and whatever a payload would set.
const WATCH = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });
`;

beforeAll(async () => {
  if (!E2E) return;
  db = await buildTestDb();
  store = openStore(db);
  server = await startServer(store, 0);
  ({ context, close: closeBrowser } = await launch());
  await context.addInitScript(WATCH);
  const onDialog = (p: Page) => p.on('dialog', (d) => (dialogs.push(`${d.type()}: ${d.message()}`), void d.dismiss()));
  context.pages().forEach(onDialog);
  context.on('page', onDialog);
  context.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) offsite.push(r.url());
  });
});

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  store?.close();
});

async function open(path: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  const res = await page.goto(new URL(path, server.url).href);
  expect(res?.status(), path).toBeLessThan(500);
  return page;
}

const idsOn = (page: Page) => page.$$eval('li.hit', (els) => els.map((e) => e.getAttribute('data-id')));

describe.skipIf(!E2E)('web page in headless Chromium', () => {
  it('searches: the query box gives the CLI search results, highlighted, and the URL holds the query', async () => {
    const page = await open('/');
    await page.fill('input[name=q]', 'S&P 500');
    await Promise.all([page.waitForURL(/q=S%26P\+500/), page.click('button[type=submit]')]);
    expect(await idsOn(page)).toEqual(store.search('S&P 500', {}, 20).map((h) => h.id));
    const marks = await page.$$eval('li.hit .snippet mark', (els) => els.map((e) => e.textContent));
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(['S&P', '500']));
    expect(await page.inputValue('input[name=q]')).toBe('S&P 500');
  });

  it('filters by tag and date; the back button restores the previous state', async () => {
    const page = await open('/?q=stocks');
    const before = await idsOn(page);
    await page.selectOption('select[name=tag]', 'narrow-rally');
    await page.fill('input[name=since]', '2025-01-01');
    await Promise.all([page.waitForURL(/tag=narrow-rally/), page.click('button[type=submit]')]);
    const after = await idsOn(page);
    expect(after).toEqual(store.search('stocks', { tag: 'narrow-rally', since: '2025-01-01' }, 20).map((h) => h.id));
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(before.length);
    for (const li of await page.$$('li.hit')) expect(await li.$$eval('a.chip.tag', (a) => a.map((x) => x.textContent))).toContain('narrow-rally');
    await page.goBack();
    expect(await idsOn(page)).toEqual(before);
    expect(await page.inputValue('select[name=tag]')).toBe('');
  });

  it('opens an article: evidence highlighted, hover names the rule, click lists it', async () => {
    const page = await open('/?q=record&tag=record-high');
    const title = await page.textContent('li.hit .title a');
    await Promise.all([page.waitForURL(/\/article\/[0-9a-f]{16}$/), page.click('li.hit .title a')]);
    expect(await page.textContent('h1')).toBe(title);
    const id = page.url().split('/').pop()!;
    const r = store.get(id)!;
    const move = r.moves[0]!;
    // the mark covering the move's first character names the move's rule on hover
    const mark = page.locator('mark.ev.k-move').first();
    expect(await mark.getAttribute('title')).toContain(`${move.rule} — `);
    const hovered = await page.$$eval('mark.ev', (els) => els.length);
    expect(hovered).toBeGreaterThan(3);
    await mark.click();
    const why = await page.$$eval('#why li', (els) => els.map((e) => e.textContent ?? ''));
    expect(why.length).toBeGreaterThan(0);
    expect(why.some((w) => w.startsWith(`${move.rule} — `))).toBe(true);
    expect(await page.$$eval('tr.on', (rows) => rows.length)).toBe(why.length);
    // the text shown is exactly the record's text (offsets were not disturbed by the marks)
    expect(await page.$eval('#text', (e) => e.textContent)).toBe(r.text);
  });

  it('draws the narrative chart with one point per week and narrative; a point opens its articles', async () => {
    const buckets = narrativeSeries(store, {}, 'week');
    const page = await open('/narrative?by=week');
    expect(await page.$$eval('svg circle.pt', (c) => c.length)).toBe(buckets.length * 3);
    expect(await page.$$eval('svg polyline.series', (c) => c.length)).toBe(3);
    const busiest = buckets.reduce((a, b) => (b.counts[0]! > a.counts[0]! ? b : a));
    const point = page.locator(`a.point[data-series="narrow rally"][data-day="${busiest.start}"]`);
    await Promise.all([page.waitForURL(/tag=narrow-rally/), point.click()]);
    expect((await idsOn(page)).length).toBe(busiest.counts[0]);
    const daily = narrativeSeries(store, {}, 'day');
    const dayPage = await open('/narrative?by=day');
    expect(await dayPage.$$eval('svg circle.pt', (c) => c.length)).toBe(daily.length * 3);
  });

  it('downloads the same CSV bytes as `tapereader export` for the current filters', async () => {
    for (const [kind, path, argv] of [
      ['moves', '/?tag=narrow-rally', ['--tag', 'narrow-rally']],
      ['quotes', `/?q=${HOSTILE_WORD}`, ['--query', HOSTILE_WORD]],
      ['articles', '/?q=rate+cut&since=2025-06-01', ['--query', 'rate cut', '--since', '2025-06-01']],
    ] as const) {
      const page = await open(path);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[data-kind=${kind}]`)]);
      expect(download.suggestedFilename()).toBe(`tapereader-${kind}.csv`);
      const got = readFileSync((await download.path())!, 'utf8');
      const io = memoryIO(process.cwd());
      expect(await main(['export', '--kind', kind, ...argv, '--db', db], io)).toBe(0);
      expect(got.length).toBeGreaterThan(50);
      expect(got, `${kind} ${path}`).toBe(io.out());
    }
  });

  it('never runs a W1 payload: titles, feed names, links, content, quotes, tags and the query', async () => {
    const hostile = store.search(HOSTILE_WORD, {}, 100);
    expect(hostile.length).toBe(PAYLOADS.length);
    const paths = [`/?q=${HOSTILE_WORD}`, '/narrative?by=day', `/article/${LYING_ID}`, ...hostile.map((h) => `/article/${h.id}`)];
    for (const p of PAYLOADS) paths.push(`/?q=${encodeURIComponent(p)}`, `/?source=${encodeURIComponent(`Feed ${p}`)}`, `/?tag=${encodeURIComponent(p)}&ticker=${encodeURIComponent(p)}`);
    let shown = 0;
    for (const path of paths) {
      const page = await open(path);
      // hover and click everything a payload could hang a handler on
      for (const m of await page.$$('mark.ev')) {
        await m.hover();
        await m.click();
      }
      // (a string: this project's TypeScript has no DOM types)
      const state = (await page.evaluate(`({
        xss: window.__xss ?? null,
        csp: window.__csp,
        scripts: [...document.scripts].map((s) => s.getAttribute('src')),
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name)),
        injected: document.querySelectorAll('img, iframe, details, style, object, embed, svg[onload], body a[href^="javascript"], link:not([href="/static/app.css"])').length,
        text: document.body.innerText,
      })`)) as { xss: unknown; csp: string[]; scripts: Array<string | null>; handlers: string[]; injected: number; text: string };
      expect(state.xss, path).toBeNull();
      expect(state.csp, path).toEqual([]);
      expect(state.scripts, path).toEqual(['/static/app.js']);
      expect(state.handlers, path).toEqual([]);
      expect(state.injected, path).toBe(0);
      if (PAYLOADS.some((p) => state.text.includes(p.replace(/[\u0002\u0003]/g, '')))) shown++;
    }
    expect(dialogs).toEqual([]);
    expect(offsite).toEqual([]);
    // the payloads are there, as text
    expect(shown).toBeGreaterThan(PAYLOADS.length);
  });
});
