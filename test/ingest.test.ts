import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromText } from '../src/ingest/text.js';
import { articleFromHtml } from '../src/ingest/html.js';
import { articlesFromFeed } from '../src/ingest/feed.js';
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

  it('rejects a broken feed with an error naming the input', async () => {
    await expect(articlesFromFeed('<rss><channel><item><title>x</ti', 'bad.xml')).rejects.toThrow(/^bad\.xml: not a readable RSS\/Atom feed/);
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
    const { files, skipped } = listInputs([dir]);
    expect(files).toEqual([join(dir, 'b.txt'), join(dir, 'sub', 'a.html')]);
    expect(skipped.map((s) => s.input)).toEqual([join(dir, 'photo.png')]);
  });

  it('decodes windows-1252 text that is not valid UTF-8', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'w.txt'), Buffer.from('Headline\n\nCaf\xe9 stocks rose 2\x80 today.', 'latin1'));
    const [a] = await readFileArticles(join(dir, 'w.txt'));
    expect(a!.text).toBe('Café stocks rose 2€ today.');
  });
});
