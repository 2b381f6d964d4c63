// F2 feed fuzzer: seeded mutations of small valid feeds (byte flips, truncation, stray `&`, control characters,
// deep nesting, DTD entity bombs, wrong charset declarations, BOMs and leading junk, unbalanced tags) through
// decodeBytes + parseFeed of the built library (dist/). Shared by test/reliability/feeds-fuzz.test.ts (small count)
// and bench/stress.mjs (10,000).
//
// As a script (a child process, so a hang can be killed): `node test/reliability/feeds-fuzz.mjs COUNT SEED` prints
// one JSON line per finished case batch and a final {"summary": ...} line. A crash (any exception that is not a
// FeedError/InputError) or an invented item (more items than item/entry elements in the mutated text) is a failure;
// each failure carries its seed, case index and mutation, and the input as base64, to become a fixture. Times are
// CPU times of the parsing process (worstWallMs is the wall-clock worst). On a shared machine one run's CPU time
// also holds garbage collection left by earlier cases and contention with other processes (the same input measured
// 8 ms and 72 ms): a case over the per-MB goal is run RETIMES more times and its time is the median of all its runs
// (worstMsPerMb); the single-run worst is kept beside it (worstMsPerMbSingle).
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { prng } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'feeds');

const item = (i) =>
  `<item><title>Stocks rise ${i} &amp; bonds fall</title><link>https://example.com/markets/story-${i}?utm_source=rss</link>` +
  `<guid isPermaLink="false">id-${i}</guid><pubDate>Mon, 13 Apr 2026 11:0${i % 10}:09 +0000</pubDate>` +
  `<description><![CDATA[<p>NEW YORK (Reuters) - The S&P 500 rose 1.2% to 5,123.45 on Monday, story ${i}.</p><p>"We are cautious," said Jane Doe.</p>]]></description></item>`;

export const SEEDS = {
  rss2: `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Markets</title><link>https://example.com/</link>${[1, 2, 3].map(item).join('\n')}</channel></rss>\n`,
  rss1: `<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.com/"><title>RDF markets</title></channel><item rdf:about="https://example.com/a"><title>Oil falls</title><link>https://example.com/a</link><dc:date>2026-04-13T11:01:09Z</dc:date><description>Brent fell 2%.</description></item><item rdf:about="https://example.com/b"><title>Gold rises</title><link>https://example.com/b</link><description>Gold rose.</description></item></rdf:RDF>\n`,
  atom: `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom markets</title><id>urn:x</id><entry><title type="html">Fed &amp;lt;b&amp;gt;holds&amp;lt;/b&amp;gt;</title><link href="https://example.com/fed"/><id>tag:example.com,2026:1</id><updated>2026-04-13T11:01:09+02:00</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The Fed held rates at 4.25%.</p></div></content></entry><entry><title>ECB</title><link rel="alternate" href="/ecb"/><id>tag:example.com,2026:2</id><summary>The ECB cut.</summary></entry></feed>\n`,
  json: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON markets', items: [{ id: '1', url: 'https://example.com/j1', title: 'Yen slips', content_text: 'The yen slipped 0.5%.', date_published: '2026-04-13T11:01:09Z' }, { id: '2', content_html: '<p>Bitcoin rose.</p>' }] }),
  big: `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Big</title>${Array.from({ length: 150 }, (_, i) => item(i)).join('\n')}</channel></rss>\n`,
};

/** Seeds from test/fixtures/feeds/*.xml too (fuzz findings and hand-made edge cases). */
export function seedFeeds() {
  const seeds = Object.entries(SEEDS).map(([name, text]) => ({ name, bytes: Buffer.from(text, 'utf8') }));
  try {
    for (const f of readdirSync(FIXTURES).sort()) if (/\.(xml|json|rss|atom)$/.test(f)) seeds.push({ name: `fixture:${f}`, bytes: readFileSync(join(FIXTURES, f)) });
  } catch {
    // no fixtures directory: the built-in seeds only
  }
  return seeds;
}

const CONTROL = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\ufffe', '\uffff'];
const BOMB = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>';

/** Mutations: each takes (bytes, rng) and returns new bytes. */
export const MUTATIONS = {
  'byte-flip': (b, r) => {
    const out = Buffer.from(b);
    for (let k = 1 + r.int(8); k > 0; k--) out[r.int(out.length)] = r.int(256);
    return out;
  },
  truncate: (b, r) => b.subarray(0, r.int(b.length)),
  'stray-amp': (b, r) => {
    const s = b.toString('utf8');
    let out = s;
    for (let k = 1 + r.int(5); k > 0; k--) {
      const at = r.int(out.length);
      out = out.slice(0, at) + r.pick(['&', ' & ', '&T', '&nbsp;', '&#xZZ;', '&#99999999;', '&unknown;']) + out.slice(at);
    }
    return Buffer.from(out, 'utf8');
  },
  'control-chars': (b, r) => {
    const s = b.toString('utf8');
    let out = s;
    for (let k = 1 + r.int(6); k > 0; k--) {
      const at = r.int(out.length);
      out = out.slice(0, at) + r.pick(CONTROL) + out.slice(at);
    }
    return Buffer.from(out, 'utf8');
  },
  'deep-nesting': (b, r) => {
    const s = b.toString('utf8');
    const depth = r.pick([50, 500, 5000, 50_000]);
    const at = Math.max(0, s.indexOf('<item') >= 0 ? s.indexOf('<item') : s.indexOf('<entry') >= 0 ? s.indexOf('<entry') : r.int(s.length));
    const closed = r.chance(0.5);
    return Buffer.from(s.slice(0, at) + '<x>'.repeat(depth) + (closed ? '</x>'.repeat(depth) : '') + s.slice(at), 'utf8');
  },
  'entity-bomb': (b, r) => {
    const s = b.toString('utf8');
    const decl = s.startsWith('<?xml') ? s.indexOf('?>') + 2 : 0;
    const body = s.slice(decl).replace(/<title>/, r.chance(0.5) ? '<title>&h;' : '<title>&xxe;');
    return Buffer.from(s.slice(0, decl) + BOMB + body, 'utf8');
  },
  'wrong-charset': (b, r) => {
    const s = b.toString('utf8').replace(/encoding="[^"]*"/, `encoding="${r.pick(['windows-1251', 'shift_jis', 'utf-16', 'iso-8859-1', 'bogus-charset', 'utf-32'])}"`);
    return Buffer.from(s, 'utf8');
  },
  'bom-junk': (b, r) => Buffer.concat([Buffer.from(r.pick(['\ufeff', '\ufeff\n\n  ', '   \n', 'garbage<', '\ufeff\ufeff']), 'utf8'), b]),
  'unbalanced-tags': (b, r) => {
    let s = b.toString('utf8');
    for (let k = 1 + r.int(4); k > 0; k--) {
      const at = r.int(s.length);
      s = s.slice(0, at) + r.pick(['</item>', '<item>', '</channel>', '<title>', '</entry>', '<![CDATA[', ']]>', '<!--', '-->', '"', '<']) + s.slice(at);
    }
    return Buffer.from(s, 'utf8');
  },
  'cut-range': (b, r) => {
    const a = r.int(b.length);
    const e = Math.min(b.length, a + r.int(200));
    return Buffer.concat([b.subarray(0, a), b.subarray(e)]);
  },
};

// the lenient pass removes characters XML forbids, so `<item\u0008>` is an item: count on the same text
// eslint-disable-next-line no-control-regex
const itemTags = (s) => (s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').match(/<(?:[a-z0-9_-]+:)?(?:item|entry)[\s>/]/gi) ?? []).length;

// F2's goal: parse in under 200 ms per MB (inputs under 10 KB count as 10 KB).
export const GOAL_MS_PER_MB = 200;
const RETIMES = 4;
const cpuMs = (c0) => {
  const cu = process.cpuUsage(c0);
  return (cu.user + cu.system) / 1000;
};

/**
 * Run `count` cases from `seed`. Returns figures; `onCase` sees each case (for progress lines).
 * lib: { parseFeedSync, decodeBytes, FeedError, InputError } from dist/.
 */
export function fuzzFeeds(lib, { count, seed = 1, onCase = () => {}, only = null }) {
  const rng = prng(seed);
  const seeds = seedFeeds();
  const names = Object.keys(MUTATIONS);
  const figures = { tried: 0, parsed: 0, bozo: 0, rejected: 0, crashes: 0, invented: 0, worstMs: 0, worstWallMs: 0, worstMsPerMb: 0, worstCase: null, worstMsPerMbSingle: 0, worstCaseSingle: null, retimed: 0, overGoal: 0, failures: [], byMutation: {} };
  for (let i = 0; i < count; i++) {
    const s = rng.pick(seeds);
    const m = rng.pick(names);
    let bytes = MUTATIONS[m](s.bytes, rng);
    if (rng.chance(0.2)) bytes = MUTATIONS[rng.pick(names)](bytes, rng); // a second mutation on top, sometimes
    if (only && !only.has(i)) continue; // replaying one case: the mutations before it only advance the generator
    if (only) figures.cases = [...(figures.cases ?? []), { index: i, input: bytes.toString('base64') }];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let verdict;
    let error = null;
    let items = 0;
    try {
      const d = lib.decodeBytes(bytes);
      const res = lib.parseFeedSync(d.text, { uri: `fuzz:${seed}:${i}`, decodeNote: d.note });
      items = res.items.length;
      verdict = res.bozo ? 'bozo' : 'parsed';
      for (const a of res.items) if (typeof a.title !== 'string' || typeof a.text !== 'string') throw new Error('item without string title/text');
      const limit = d.text.trimStart().startsWith('{') || d.text.trimStart().startsWith('[') ? Infinity : itemTags(d.text);
      if (items > limit) {
        figures.invented++;
        figures.failures.push({ seed, index: i, seedFeed: s.name, mutation: m, kind: 'invented', items, tags: limit, input: bytes.toString('base64') });
      }
    } catch (e) {
      if (e instanceof lib.FeedError || e instanceof lib.InputError) verdict = 'rejected';
      else {
        verdict = 'crash';
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        figures.failures.push({ seed, index: i, seedFeed: s.name, mutation: m, kind: 'crash', error, input: bytes.toString('base64') });
      }
    }
    // CPU time: on a shared machine wall time measures the other processes too (worst wall time kept beside it)
    const ms = cpuMs(c0);
    const wall = performance.now() - t0;
    if (wall > figures.worstWallMs) figures.worstWallMs = wall;
    const mb = Math.max(bytes.length / 1048576, 0.01); // inputs under 10 KB count as 10 KB
    if (ms > figures.worstMs) figures.worstMs = ms;
    if (ms / mb > figures.worstMsPerMbSingle) {
      figures.worstMsPerMbSingle = ms / mb;
      figures.worstCaseSingle = { index: i, seedFeed: s.name, mutation: m, bytes: bytes.length, ms };
    }
    // over the goal: the same parse again, and the median of all runs is the case's time
    let caseMs = ms;
    if (ms / mb > GOAL_MS_PER_MB) {
      const runs = [ms];
      for (let k = 0; k < RETIMES; k++) {
        const r0 = process.cpuUsage();
        try {
          const d = lib.decodeBytes(bytes);
          lib.parseFeedSync(d.text, { uri: `fuzz:${seed}:${i}`, decodeNote: d.note });
        } catch {
          // the verdict was taken from the first run
        }
        runs.push(cpuMs(r0));
      }
      caseMs = runs.sort((a, b) => a - b)[runs.length >> 1];
      figures.retimed++;
      if (caseMs / mb > GOAL_MS_PER_MB) figures.overGoal++;
    }
    const perMb = caseMs / mb;
    if (perMb > figures.worstMsPerMb) {
      figures.worstMsPerMb = perMb;
      figures.worstCase = { index: i, seedFeed: s.name, mutation: m, bytes: bytes.length, ms: caseMs };
    }
    figures.tried++;
    if (verdict === 'crash') figures.crashes++;
    else figures[verdict]++;
    const bm = (figures.byMutation[m] ??= { tried: 0, parsed: 0, bozo: 0, rejected: 0, crash: 0 });
    bm.tried++;
    bm[verdict]++;
    onCase({ i, verdict, ms: caseMs, firstMs: ms, items, bytes: bytes.length, perMb });
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------------------------
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(process.argv[2] ?? 100);
  const seed = Number(process.argv[3] ?? 1);
  const feed = await import(pathToFileURL(join(ROOT, 'dist', 'ingest', 'feed.js')).href);
  const { decodeBytes } = await import(pathToFileURL(join(ROOT, 'dist', 'ingest', 'decode.js')).href);
  const { InputError } = await import(pathToFileURL(join(ROOT, 'dist', 'ingest', 'errors.js')).href);
  // Warm up on the seeds, so the first cases do not pay for module loading and JIT in their timings.
  for (const s of seedFeeds()) {
    try {
      feed.parseFeedSync(decodeBytes(s.bytes).text, { uri: 'warmup' });
    } catch {
      // a fixture may be a not-a-feed case
    }
  }
  const say = (m) => writeSync(1, `${JSON.stringify(m)}\n`);
  const figures = fuzzFeeds({ ...feed, decodeBytes, InputError }, { count, seed, onCase: ({ i }) => (i % 500 === 0 ? say({ progress: i }) : undefined) });
  say({ summary: figures });
}
