import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { articleFromText } from '../src/ingest/text.js';
import { articleFromHtml } from '../src/ingest/html.js';
import { articlesFromFeed, FeedError, parseFeed } from '../src/ingest/feed.js';
import { decodeBytes } from '../src/ingest/decode.js';
import { parseFeedDate } from '../src/ingest/dates.js';
import { InputError, listInputs, readFileArticles } from '../src/ingest/index.js';
import { tempDir } from './helpers.js';

const src = { kind: 'file' as const, uri: 'x.txt' };

describe('text files', () => {
  it('strips inline HTML and boilerplate lines, takes the first line as the headline', () => {
    const raw = [
      'chart.jpg3Fsource3Dnext26width3D700',
      '',
      'Stocks climb as banks rally',
      'By Jane Roe | March 14, 2026',
      'Share this article',
      'Listen to this article 4:12',
      '',
      'Bank shares <a href="https://example.com/banks" target="_blank">rallied on Friday</a> &amp; lifted the index.',
      'Advertisement',
      'The Dow rose 1% to 40,100.25.',
      '',
      'Comments (12)',
      'Great article!',
    ].join('\n');
    const a = articleFromText(raw, src);
    expect(a.title).toBe('Stocks climb as banks rally');
    expect(a.publishedAt).toBe('2026-03-14T00:00:00.000Z');
    expect(a.byline).toBe('By Jane Roe | March 14, 2026');
    expect(a.text).toBe('Bank shares rallied on Friday & lifted the index.\nThe Dow rose 1% to 40,100.25.');
  });

  it('removes link-annotation residue and newsroom furniture lines', () => {
    const raw = [
      'Utility stocks climb',
      '',
      'Shares of Bloom Energy (BE.N) , opens new tab rose on Monday.',
      'And listen to the Morning Call daily podcast on Apple , opens new tab , Spotify , or the app . Subscribe to hear more.',
      '(The opinions expressed here are those of Jane Roe, a columnist.)',
      'Reporting by Jane Roe; Editing by John Doe',
    ].join('\n');
    expect(articleFromText(raw, src).text).toBe('Shares of Bloom Energy (BE.N) rose on Monday.');
  });

  it('uses the opening sentence as title when the article has no headline line', () => {
    const a = articleFromText('Stocks rose on Friday as investors cheered strong earnings from the biggest banks in the country and beyond. More text.', src);
    expect(a.title.endsWith('…')).toBe(true);
    expect(a.text.startsWith('Stocks rose')).toBe(true);
  });

  it('keeps text with ampersands and angle brackets that are not HTML', () => {
    const a = articleFromText('Title\n\nS&P 500 and AT&T: P/E < 20 and > 10 on the tape.', src);
    expect(a.text).toBe('S&P 500 and AT&T: P/E < 20 and > 10 on the tape.');
  });
});

describe('HTML pages', () => {
  const page = `<!doctype html><html lang="en"><head><title>Site | Stocks rally</title>
    <meta property="og:title" content="Stocks rally as yields fall">
    <meta property="article:published_time" content="2026-03-14T15:30:00-04:00">
    <link rel="canonical" href="https://example.com/markets/stocks-rally">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"x","author":{"name":"Jane Roe"}}</script>
    </head><body><nav><a href="/">Home</a> <a href="/m">Markets</a></nav>
    <div class="cookie-banner">We use cookies</div>
    <article><h1>Stocks rally as yields fall</h1>
    <div class="share-bar">Share on X</div>
    <p>Wall Street rallied on Thursday as Treasury yields fell for a third day and investors priced in more rate cuts.</p>
    <figure><img src="a.jpg"><figcaption>Traders on the floor.</figcaption></figure>
    <p>The S&amp;P 500 rose 1.1% to 6,012.40, led by banks and small caps, while the Nasdaq added 0.8%.</p>
    <aside>Related: Ten stocks to watch</aside></article>
    <footer>© 2026 Example News</footer></body></html>`;

  it('extracts the article body and validated metadata', () => {
    const a = articleFromHtml(page, { kind: 'file', uri: 'p.html' });
    expect(a.title).toBe('Stocks rally as yields fall');
    expect(a.publishedAt).toBe('2026-03-14T19:30:00.000Z');
    expect(a.url).toBe('https://example.com/markets/stocks-rally');
    expect(a.byline).toBe('Jane Roe');
    expect(a.text).toBe(
      'Wall Street rallied on Thursday as Treasury yields fell for a third day and investors priced in more rate cuts.\n\nThe S&P 500 rose 1.1% to 6,012.40, led by banks and small caps, while the Nasdaq added 0.8%.',
    );
  });

  it('gives null, never an invalid date, for a bad date', () => {
    const a = articleFromHtml('<html><head><meta property="article:published_time" content="not a date"></head><body><p>Some words here.</p></body></html>', src);
    expect(a.publishedAt).toBeNull();
  });
});

describe('feeds', () => {
  const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title><link>https://example.com</link>
    <item><title>One</title><link>https://example.com/1</link><guid>g1</guid><pubDate>Fri, 14 Mar 2026 13:00:00 GMT</pubDate>
    <description>short</description><content:encoded><![CDATA[<p>First paragraph of the full text.</p><p>Second paragraph.</p>]]></content:encoded></item>
    <item><title>Two</title><link>https://example.com/2</link><description><![CDATA[Only a <b>summary</b> here.]]></description></item>
    </channel></rss>`;

  it('turns every item into an article, full text from content:encoded', async () => {
    const { title, articles } = await articlesFromFeed(rss, 'desk.xml');
    expect(title).toBe('Desk');
    expect(articles.map((a) => a.title)).toEqual(['One', 'Two']);
    expect(articles[0]!.text).toBe('First paragraph of the full text.\n\nSecond paragraph.');
    expect(articles[0]!.publishedAt).toBe('2026-03-14T13:00:00.000Z');
    expect(articles[0]!.source).toEqual({ kind: 'feed', uri: 'desk.xml#g1', feed: 'Desk' });
    expect(articles[1]!.text).toBe('Only a summary here.');
  });

  it('a feed cut off inside its only item gives no items, flagged bozo; a file of it is an error naming the input', async () => {
    const r = await articlesFromFeed('<rss><channel><item><title>x</ti', 'bad.xml');
    expect(r.articles).toEqual([]);
    expect(r.bozo?.reason).toMatch(/1 item\(s\) cut off/);
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.xml'), '<rss><channel><item><title>x</ti');
    await expect(readFileArticles(join(dir, 'bad.xml'))).rejects.toThrow(/bad\.xml: feed has no items/);
  });
});

describe('files and directories', () => {
  it('names the input for missing, empty, binary and directory inputs', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'blob.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]));
    await expect(readFileArticles(join(dir, 'nope.txt'))).rejects.toThrow(`${join(dir, 'nope.txt')}: no such file or directory`);
    await expect(readFileArticles(join(dir, 'empty.txt'))).rejects.toThrow(/empty\.txt: file is empty/);
    await expect(readFileArticles(join(dir, 'blob.txt'))).rejects.toThrow(/blob\.txt: looks like a binary file/);
    await expect(readFileArticles(dir)).rejects.toBeInstanceOf(InputError);
  });

  it('walks directories in sorted order and reports files it skips', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.txt'), 'B');
    writeFileSync(join(dir, 'sub', 'a.html'), '<p>A</p>');
    writeFileSync(join(dir, 'photo.png'), 'x');
    writeFileSync(join(dir, '.hidden.txt'), 'x');
    writeFileSync(join(dir, 'README.md'), '# About these articles');
    writeFileSync(join(dir, 'sub', 'LICENSE'), 'x');
    const { files, skipped } = listInputs([dir]);
    expect(files).toEqual([join(dir, 'b.txt'), join(dir, 'sub', 'a.html')]);
    // a README or LICENSE inside a directory is its documentation: passed over quietly, like hidden files
    expect(skipped.map((s) => s.input)).toEqual([join(dir, 'photo.png')]);
    // named on the command line, a README is read like any other file
    expect(listInputs([join(dir, 'README.md')]).files).toEqual([join(dir, 'README.md')]);
  });

  it('decodes windows-1252 text that is not valid UTF-8', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'w.txt'), Buffer.from('Headline\n\nCaf\xe9 stocks rose 2\x80 today.', 'latin1'));
    const [a] = await readFileArticles(join(dir, 'w.txt'));
    expect(a!.text).toBe('Café stocks rose 2€ today.');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Feed formats, bozo recovery (F4), hostile XML (F3), charsets (F5), dates (F9), fixtures from the fuzzer (F2)

const RSS_ITEMS = (n: number) =>
  Array.from({ length: n }, (_, i) => `<item><title>Story ${i + 1}</title><link>https://example.com/s${i + 1}</link><guid>g${i + 1}</guid><description>Text of story ${i + 1}.</description></item>`).join('');
const RSS = (items: string, head = '<?xml version="1.0" encoding="utf-8"?>') => `${head}<rss version="2.0"><channel><title>Desk</title>${items}</channel></rss>`;

describe('parseFeed: formats', () => {
  it('RSS 0.91 and 2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3, JSON Feed 1.0/1.1', async () => {
    const rss091 = `<rss version="0.91"><channel><title>Old</title><item><title>A</title><link>http://example.com/a</link><description>Body A.</description></item></channel></rss>`;
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="u"><title>RDF</title></channel><item rdf:about="https://example.com/r1"><title>R1</title><link>https://example.com/r1</link><dc:date>2026-04-13T11:01:09+01:00</dc:date><dc:creator>Ann</dc:creator><description>Body R1.</description></item></rdf:RDF>`;
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>At</title><entry><title type="html">A &amp;amp; B</title><link rel="enclosure" href="https://example.com/img.jpg"/><link rel="alternate" href="/e1"/><id>tag:e1</id><published>2026-04-13T11:01:09Z</published><author><name>Bo</name></author><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para one.</p><p>Para two.</p></div></content></entry></feed>`;
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old atom</title><entry><title>E</title><link rel="alternate" href="https://example.com/e"/><id>e</id><issued>2004-01-02T03:04:05Z</issued><summary>Sum.</summary></entry></feed>`;
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: 7, url: 'https://example.com/j', title: 'JT', content_html: '<p>One.</p><p>Two.</p>', date_published: '2026-04-13T11:01:09-04:00', authors: [{ name: 'Cy' }] }] });
    const r1 = await parseFeed(rss091, { uri: 'old.rss' });
    expect([r1.format, r1.title, r1.bozo, r1.items.map((a) => [a.title, a.url, a.text])]).toEqual(['rss', 'Old', null, [['A', 'http://example.com/a', 'Body A.']]]);
    const r2 = await parseFeed(rdf, { uri: 'r.rdf' });
    expect([r2.format, r2.title, r2.items[0]!.guid, r2.items[0]!.publishedAt, r2.items[0]!.byline]).toEqual(['rdf', 'RDF', 'https://example.com/r1', '2026-04-13T10:01:09.000Z', 'Ann']);
    const r3 = await parseFeed(atom, { uri: 'https://example.com/feed.atom' });
    expect([r3.format, r3.items[0]!.title, r3.items[0]!.url, r3.items[0]!.text, r3.items[0]!.byline, r3.items[0]!.guid]).toEqual([
      'atom', 'A & B', 'https://example.com/e1', 'Para one.\n\nPara two.', 'Bo', 'tag:e1',
    ]);
    const r4 = await parseFeed(atom03, { uri: 'a03.xml' });
    expect([r4.items[0]!.publishedAt, r4.items[0]!.text]).toEqual(['2004-01-02T03:04:05.000Z', 'Sum.']);
    const r5 = await parseFeed(json, { uri: 'f.json' });
    expect([r5.format, r5.title, r5.bozo, r5.items[0]!.guid, r5.items[0]!.text, r5.items[0]!.publishedAt, r5.items[0]!.byline]).toEqual([
      'json', 'J', null, '7', 'One.\n\nTwo.', '2026-04-13T15:01:09.000Z', 'Cy',
    ]);
  });
});

describe('parseFeed: lenient recovery flagged bozo (F4)', () => {
  it('unescaped & in text: items kept, bozo with the strict reason, a diagnostic on every article', async () => {
    const r = await parseFeed(RSS(`<item><title>AT&T beats</title><link>https://example.com/att</link><description>Q&A with S&P 500 bulls.</description></item>`), { uri: 'amp.xml' });
    expect(r.bozo?.reason).toMatch(/entity|&/i);
    expect(r.items.map((a) => [a.title, a.text])).toEqual([['AT&T beats', 'Q&A with S&P 500 bulls.']]);
    expect(r.items[0]!.diagnostics).toContainEqual(expect.objectContaining({ rule: 'ingest/feed-bozo', severity: 'warning' }));
  });

  it('BOM and leading whitespace before the declaration', async () => {
    const r = await parseFeed(`\ufeff\n\n   ${RSS(RSS_ITEMS(2))}`, { uri: 'bom.xml' });
    expect(r.items.map((a) => a.title)).toEqual(['Story 1', 'Story 2']);
    expect(r.bozo).not.toBeNull();
  });

  it('a well-formed feed that opens with a comment is not bozo', async () => {
    const r = await parseFeed(`<!--\nDescription: a test header\n-->\n${RSS(RSS_ITEMS(1), '')}`, { uri: 'c.xml' });
    expect([r.bozo, r.items.length]).toEqual([null, 1]);
  });

  it('junk before the document, and raw control characters in a JSON Feed string: recovered, flagged', async () => {
    const r = await parseFeed(`garbage<${RSS(RSS_ITEMS(1))}`, { uri: 'junk.xml' });
    expect([r.items.map((a) => a.title), r.bozo?.reason]).toEqual([['Story 1'], 'Non-whitespace before first tag. Line: 0 Column: 1']);
    const j = await parseFeed('{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"Oil\u0001 rises","content_text":"Up."}]}', { uri: 'j.json' });
    expect(j.items.map((a) => a.title)).toEqual(['Oil rises']);
    expect(j.bozo?.reason).toMatch(/control characters replaced by spaces/);
  });

  it('control characters are removed and flagged', async () => {
    const r = await parseFeed(RSS(`<item><title>Oil\u0008 rises</title><description>Brent\u0001 up.</description></item>`), { uri: 'ctl.xml' });
    expect(r.items.map((a) => [a.title, a.text])).toEqual([['Oil rises', 'Brent up.']]);
    expect(r.bozo?.reason).toMatch(/control characters/);
  });

  it('truncated mid-item: the complete items are kept, the cut one dropped, none invented', async () => {
    const full = RSS(RSS_ITEMS(3));
    const cut = full.slice(0, full.indexOf('<item><title>Story 3') + 30);
    const r = await parseFeed(cut, { uri: 'cut.xml' });
    expect(r.items.map((a) => a.title)).toEqual(['Story 1', 'Story 2']);
    expect(r.bozo?.reason).toMatch(/1 item\(s\) cut off/);
  });

  it('an HTML page, an empty body, a non-feed XML document, broken JSON: typed FeedError naming the input', async () => {
    const cases: Array<[string, string, string]> = [
      ['<!DOCTYPE html><html><head><title>503</title></head><body><p>Service unavailable</p></body></html>', 'not-a-feed', 'an HTML page'],
      ['', 'empty', 'empty feed body'],
      ['  \n ', 'empty', 'empty feed body'],
      ['<?xml version="1.0"?><note><to>x</to></note>', 'not-a-feed', 'root element <note>'],
      ['{"version": "https://jsonfeed.org/version/1", "items": [', 'malformed', 'not a readable JSON Feed'],
      ['just some words', 'not-a-feed', 'no markup'],
    ];
    for (const [text, kind, msg] of cases) {
      const err = await parseFeed(text, { uri: 'https://example.com/feed' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FeedError);
      expect(err).toBeInstanceOf(InputError);
      expect((err as FeedError).kind).toBe(kind);
      expect((err as FeedError).message).toContain('https://example.com/feed: ');
      expect((err as FeedError).message).toContain(msg);
    }
  });

  it('duplicate GUIDs and items without GUIDs are all kept as items (identity is decided by the store)', async () => {
    const r = await parseFeed(RSS(`<item><title>A</title><guid>same</guid></item><item><title>B</title><guid>same</guid></item><item><title>C</title></item>`), { uri: 'd.xml' });
    expect(r.items.map((a) => [a.title, a.guid])).toEqual([['A', 'same'], ['B', 'same'], ['C', null]]);
  });
});

describe('parseFeed: hostile XML (F3)', () => {
  const LAUGHS = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]><rss version="2.0"><channel><title>&i;</title><item><title>Laugh &i;</title><description>&i;&i;&i;</description></item></channel></rss>`;
  const QUADRATIC = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "${'x'.repeat(50_000)}">]><rss version="2.0"><channel><title>q</title><item><title>q</title><description>${'&x;'.repeat(5000)}</description></item></channel></rss>`;
  const XXE = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]><rss version="2.0"><channel><title>t</title><item><title>&xxe;</title><description>&net; body</description></item></channel></rss>`;

  it('billion laughs, quadratic blow-up and external entities stay unexpanded, quickly, with nothing read', async () => {
    for (const [name, text] of [['laughs', LAUGHS], ['quadratic', QUADRATIC], ['xxe', XXE]] as const) {
      const t0 = performance.now();
      const r = await parseFeed(text, { uri: name });
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(2000); // generous here; npm run test:stress reports the real figure
      const all = r.items.map((a) => `${a.title}\n${a.text}`).join('\n');
      expect(all.length).toBeLessThan(text.length); // nothing expanded
      expect(all).not.toMatch(/root:|aaaaaaaaaa|x{1000}/);
      expect(r.bozo).not.toBeNull();
    }
  });
});

describe('decodeBytes: charsets (F5)', () => {
  const feedIn = (enc: string, decl: string | null) => iconv.encode(RSS(`<item><title>${TITLES[enc]}</title><description>${TITLES[enc]}</description></item>`, decl === null ? '' : `<?xml version="1.0" encoding="${decl}"?>`), enc);
  const TITLES: Record<string, string> = {
    'windows-1251': 'Рубль укрепился к доллару',
    'iso-8859-1': 'Börse schließt fester, Café',
    shift_jis: '日経平均株価が反発',
    'utf-16le': 'Ставки ФРС и 日経 — “quotes”',
    'utf-16be': 'Ставки ФРС и 日経 — “quotes”',
  };

  it.each([
    ['windows-1251', 'windows-1251'],
    ['iso-8859-1', 'ISO-8859-1'],
    ['shift_jis', 'Shift_JIS'],
  ])('%s declared in the XML declaration', async (enc, decl) => {
    const d = decodeBytes(feedIn(enc, decl));
    expect(d.text).not.toContain('\ufffd');
    const r = await parseFeed(d.text, { uri: 'f.xml' });
    expect(r.items[0]!.title).toBe(TITLES[enc]);
  });

  it('UTF-16 with a BOM, without a BOM (LE and BE), with a declaration that says utf-16', async () => {
    for (const enc of ['utf-16le', 'utf-16be']) {
      const body = feedIn(enc, 'utf-16');
      const bom = enc === 'utf-16le' ? Buffer.from([0xff, 0xfe]) : Buffer.from([0xfe, 0xff]);
      for (const bytes of [Buffer.concat([bom, body]), body]) {
        const d = decodeBytes(bytes);
        expect(d.encoding).toBe(enc);
        expect((await parseFeed(d.text, { uri: 'u16.xml' })).items[0]!.title).toBe(TITLES[enc]);
      }
    }
  });

  it('conflicting declarations: the BOM wins over the declaration; bytes that are not the declared UTF-8 fall back', () => {
    const utf8WithLatin1Decl = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RSS('<item><title>Café</title></item>', '<?xml version="1.0" encoding="iso-8859-1"?>'), 'utf8')]);
    const d1 = decodeBytes(utf8WithLatin1Decl);
    expect([d1.encoding, d1.text.includes('Café'), d1.note]).toEqual(['utf-8', true, 'byte-order mark (utf-8) overrides declared windows-1252']);
    const latin1WithUtf8Decl = iconv.encode(RSS('<item><title>Café</title></item>', '<?xml version="1.0" encoding="utf-8"?>'), 'latin1');
    const d2 = decodeBytes(latin1WithUtf8Decl);
    expect([d2.encoding, d2.text.includes('Café')]).toEqual(['windows-1252', true]);
    expect(d2.note).toMatch(/says utf-8 but the bytes are not valid UTF-8/);
    const header = decodeBytes(iconv.encode('<rss><channel><title>Рубль</title></channel></rss>', 'windows-1251'), { contentType: 'application/rss+xml; charset=windows-1251' });
    expect([header.from, header.text.includes('Рубль')]).toEqual(['header', true]);
    const sjisLabelOnUtf8 = decodeBytes(Buffer.from(RSS('<item><title>日経平均</title></item>', '<?xml version="1.0" encoding="Shift_JIS"?>'), 'utf8'));
    expect([sjisLabelOnUtf8.encoding, sjisLabelOnUtf8.text.includes('日経平均')]).toEqual(['utf-8', true]);
  });
});

describe('parseFeedDate (F9): 40 formats to UTC or null, never Invalid Date', () => {
  const CASES: Array<[string, string | null]> = [
    ['Mon, 13 Apr 2026 11:01:09 +0000', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 11:01:09 GMT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 11:01:09 UT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 11:01:09 Z', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 07:01:09 EDT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Jan 2026 06:01:09 EST', '2026-01-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 04:01:09 PDT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Jan 2026 03:01:09 PST', '2026-01-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 06:01:09 CDT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 05:01:09 MDT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 16:31:09 +0530', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 08:01:09 -03:00', '2026-04-13T11:01:09.000Z'],
    ['13 Apr 2026 11:01 +0000', '2026-04-13T11:01:00.000Z'],
    ['Monday, 13 April 2026 11:01:09 GMT', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 26 11:01:09 GMT', '2026-04-13T11:01:09.000Z'],
    ['Thu, 01 Jan 70 00:00:00 GMT', '1970-01-01T00:00:00.000Z'],
    ['Sat, 6 Nov 99 08:49:37 GMT', '1999-11-06T08:49:37.000Z'],
    ['Mon, 13 Apr 2026 11:01:09', '2026-04-13T11:01:09.000Z'],
    ['Mon, 13 Apr 2026 11:01:09 A', '2026-04-13T11:01:09.000Z'],
    ['13-Apr-2026 11:01:09 GMT', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13T11:01:09Z', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13T11:01:09.123456Z', '2026-04-13T11:01:09.123Z'],
    ['2026-04-13T13:01:09+02:00', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13T06:01:09-0500', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13T11:01:09', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13 11:01:09', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13', '2026-04-13T00:00:00.000Z'],
    ['20260413T110109Z', '2026-04-13T11:01:09.000Z'],
    ['2026-04-13T11:01Z', '2026-04-13T11:01:00.000Z'],
    ['Sun Nov  6 08:49:37 1994', '1994-11-06T08:49:37.000Z'],
    ['Mon Oct 23, 2006 5:24am EDT', '2006-10-23T09:24:00.000Z'],
    ['October 23, 2006', '2006-10-23T00:00:00.000Z'],
    ['2026/04/13 11:01:09', '2026-04-13T11:01:09.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2026-02-30T00:00:00Z', null],
    ['Mon, 32 Apr 2026 11:01:09 GMT', null],
    ['2026-13-01', null],
    ['Mon, 13 Foo 2026 11:01:09 GMT', null],
    ['yesterday', null],
    ['', null],
  ];

  it('has 40 cases', () => expect(CASES).toHaveLength(40));

  it.each(CASES)('%j -> %j', (raw, want) => {
    const got = parseFeedDate(raw);
    expect(got).toBe(want);
    if (got !== null) expect(new Date(got).toISOString()).toBe(got);
  });
});

describe('feed fixtures (fuzz findings)', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'feeds');

  it('fuzz-atom-fffe-in-entry-tag.xml: both entries recovered, bozo', async () => {
    const r = await parseFeed(decodeBytes(readFileSync(join(dir, 'fuzz-atom-fffe-in-entry-tag.xml'))).text, { uri: 'x' });
    // the seed's html title is escaped twice: its HTML source is "Fed &lt;b&gt;holds...", which reads "Fed <b>holds</b>"
    expect(r.items.map((a) => a.title)).toEqual(['Fed <b>holds</b>', 'ECB']);
    expect(r.bozo).not.toBeNull();
  });

  it('fuzz-json-deep-content-html.json: no stack overflow, both items read', async () => {
    const r = await parseFeed(readFileSync(join(dir, 'fuzz-json-deep-content-html.json'), 'utf8'), { uri: 'deep.json' });
    expect(r.items).toHaveLength(2);
    expect(r.items.every((a) => !a.text.includes('<x>'))).toBe(true);
  });

  it('fuzz-rdf-20000-unclosed.xml: refused as too deep, fast', async () => {
    const t0 = performance.now();
    const err = await parseFeed(readFileSync(join(dir, 'fuzz-rdf-20000-unclosed.xml'), 'utf8'), { uri: 'deep.xml' }).catch((e: unknown) => e);
    expect((err as FeedError).kind).toBe('too-deep');
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
