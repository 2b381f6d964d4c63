// HTML main-text extraction and page metadata (src/ingest/html*.ts). Every page here is written for the test.
import { describe, expect, it } from 'vitest';
import { limitNesting } from '../src/ingest/html-depth.js';
import { articleFromHtml, extractHtmlBody, parseMetaDate, readHtmlMeta } from '../src/ingest/html.js';

const page = (head: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const text = (html: string) => extractHtmlBody(html).text;
const meta = (head: string, body = '<p>Body.</p>') => readHtmlMeta(extractHtmlBody(page(head, body)).$);

const P1 = 'Wall Street rallied on Thursday as Treasury yields fell for a third day and investors priced in more rate cuts.';
const P2 = 'The S&P 500 rose 1.1% to 6,012.40, led by banks and small caps, while the Nasdaq Composite added 0.8%.';
const P3 = 'Oil prices slipped after a report showed a larger-than-expected build in crude inventories last week.';
const P4 = 'Treasury yields fell for a third straight session as traders added to bets that the Federal Reserve will cut rates twice before the end of the year.';
const P5 = 'Banks led the advance after two lenders reported stronger loan growth than analysts expected, and regional lenders rose the most since January.';
const NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets</a></li><li><a href="/tech">Technology</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>';

describe('main text', () => {
  it('picks the article over nav, aside, comments and footer', () => {
    const html = page(
      '<title>Stocks rally</title>',
      `<header class="site-header"><a href="/">Example News</a>${NAV}</header>
       <div class="layout">
         <main><article>
           <h1>Stocks rally as yields fall</h1>
           <p>${P1}</p><p>${P2}</p><p>${P3}</p>
         </article>
         <section id="comments" class="comments-area"><h2>3 comments</h2>
           <div class="comment"><p>I have been saying this for months and nobody listened, the bond market always leads the way in these situations and equities follow.</p></div>
           <div class="comment"><p>This rally will not last. Mark my words, we will see the lows again before the end of the quarter, as we always do in an election year.</p></div>
         </section></main>
         <aside class="sidebar"><h3>About us</h3><p>Example News has covered markets since 1998 and is read by investors in more than forty countries around the world.</p></aside>
       </div>
       <footer><p>© 2026 Example News. All rights reserved. Example News is a registered trademark of Example Media Group.</p></footer>`,
    );
    expect(text(html)).toBe(`${P1}\n\n${P2}\n\n${P3}`);
  });

  it('drops link-heavy blocks: unnamed link lists and "Read more" lines inside the article', () => {
    const html = page(
      '',
      `${NAV}<div class="story">
        <p>${P1}</p>
        <p><a href="/a">Read more: Ten stocks to watch this week</a></p>
        <p>${P2}</p>
        <div><ul><li><a href="/1">Fed holds rates steady as inflation cools</a></li><li><a href="/2">Banks lead the S&amp;P 500 higher</a></li><li><a href="/3">Small caps close at a record</a></li></ul></div>
        <p>${P3}</p>
      </div>`,
    );
    expect(text(html)).toBe(`${P1}\n\n${P2}\n\n${P3}`);
  });

  it('keeps headings as their own lines and list items one per line', () => {
    const html = page(
      '',
      `${NAV}<article><h1>Five things to watch</h1><p>${P1}</p>
        <h2>The Fed</h2><p>${P2}</p>
        <ul><li>Jobs report on Friday, with payrolls expected to rise by 150,000</li><li>Retail sales on Tuesday, seen up 0.3% in March</li><li>Earnings from the big banks all week</li></ul>
        <h2>Oil</h2><p>${P3}</p></article>`,
    );
    expect(text(html)).toBe(
      `${P1}\n\nThe Fed\n\n${P2}\n\nJobs report on Friday, with payrolls expected to rise by 150,000\nRetail sales on Tuesday, seen up 0.3% in March\nEarnings from the big banks all week\n\nOil\n\n${P3}`,
    );
  });

  it('drops captions, share bars, newsletter boxes, ads, bylines and cookie banners', () => {
    const html = page(
      '',
      `<div id="cookie-notice"><p>We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.</p></div>
       <article class="post">
        <h1>Stocks rally</h1>
        <div class="byline">By Jane Roe | March 14, 2026</div>
        <div class="social-share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
        <p>${P1}</p>
        <figure><img src="a.jpg"><figcaption>Traders work on the floor of the New York Stock Exchange on Thursday.</figcaption></figure>
        <div class="ad-container"><p>Advertisement</p></div>
        <p>${P2}</p>
        <div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up for our free daily newsletter and get the top market stories in your inbox every morning.</p></div>
        <p>${P3}</p>
       </article>`,
    );
    expect(text(html)).toBe(`${P1}\n\n${P2}\n\n${P3}`);
  });

  it('keeps an article whose wrapper has a furniture-like class name', () => {
    const html = page('', `${NAV}<div class="post has-social-share sidebar-right"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div><div class="sidebar"><p>Short bio of the site owner, who writes about markets.</p></div>`);
    expect(text(html)).toBe(`${P1}\n\n${P2}\n\n${P3}`);
  });

  it('ends the article at a "Related stories" section', () => {
    const html = page(
      '',
      `<article><p>${P1}</p><p>${P2}</p><p>${P3}</p>
       <h3>Related stories</h3>
       <div><h4><a href="/x">Banks lead gains</a></h4><p>Financial stocks had their best day in a month as the yield curve steepened and loan growth picked up again.</p></div>
       <div><h4><a href="/y">Gold slips</a></h4><p>Bullion fell for a second session as the dollar firmed against a basket of major currencies on Wednesday.</p></div></article>`,
    );
    expect(text(html)).toBe(`${P1}\n\n${P2}\n\n${P3}`);
  });

  it('a furniture heading (class "related-title") drops the section after it', () => {
    const html = page(
      '',
      `<div class="main"><div class="entry"><p>${P1}</p><p>${P2}</p></div>
       <div class="more"><h3 class="related-title">You may like</h3>
         <div class="teaser"><p>Financial stocks had their best day in a month as the yield curve steepened and loan growth picked up again.</p></div>
         <div class="teaser"><p>Bullion fell for a second session as the dollar firmed against a basket of major currencies on Wednesday.</p></div>
         <div class="teaser"><p>Crude rose after OPEC signalled it would keep output curbs in place through the summer driving season.</p></div>
       </div></div>`,
    );
    expect(text(html)).toBe(`${P1}\n\n${P2}`);
  });

  it('drops a teaser list (linked headlines with excerpts) but keeps a news digest list (linked sentences)', () => {
    const teasers = `<ul>${['Fed holds rates steady as inflation cools', 'Banks lead the S&amp;P 500 higher on loan growth', 'Small caps close at a record for a second day'].map((h) => `<li><a href="/x">${h}</a> The story so far, in a sentence or two that runs on past the link and ends in an ellipsis...</li>`).join('')}</ul>`;
    expect(text(page('', `<div class="main"><div class="story"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div>${teasers}</div>`))).toBe(`${P1}\n\n${P2}\n\n${P3}`);
    const digest = `<ol>${['Nvidia lifted the S&amp;P 500 to a record', 'Treasury yields fell for a third day', 'Oil slipped after a surprise build in crude stocks'].map((h) => `<li><strong><a href="/x">${h}</a>.</strong> More detail on the story, a sentence or two that explains what happened and why.</li>`).join('')}</ol>`;
    const got = text(page('', `<article><p>Good morning! Here is what you need to know today.</p>${digest}</article>`));
    expect(got.split('\n')).toHaveLength(5);
    expect(got).toContain('Oil slipped after a surprise build in crude stocks. More detail');
  });

  it('keeps a dateline span inside the first paragraph, but drops a caption span', () => {
    const html = page('', `<article><p><span class="dateline">KOBE – </span>${P1}</p><p><span class="image-caption">The trading floor on Thursday, when stocks rallied late in the day.</span></p><p>${P2}</p></article>`);
    expect(text(html)).toBe(`KOBE – ${P1}\n\n${P2}`);
  });

  it('reads a page that ships its article as a client-side template', () => {
    const html = page('', `<div class="post-body" itemprop="articleBody"><script type="text/template"><span class="byline-author">Posted by Jane Roe</span><p>${P1}</p><p>${P2}</p><p>${P3}</p></script></div>`);
    expect(text(html)).toBe(`${P1}\n\n${P2}\n\n${P3}`);
  });

  it('reads a fragment without a wrapper element (top-level paragraphs)', () => {
    expect(text(`<p>${P1}</p><p>${P2}</p>`)).toBe(`${P1}\n\n${P2}`);
  });

  it('joins the parts of an article split by an ad break, and prefers the paragraphs over a wall of teaser cards', () => {
    const cards = Array.from({ length: 6 }, (_, i) => `<div class="card"><a href="/s${i}"><h3>Another story number ${i} about markets</h3></a><div class="card-text">An excerpt of that other story, long enough to read like prose and to tempt a reader into clicking through to it.</div></div>`).join('');
    const first = [P1, P2, P3].map((p) => `<p>${p}</p>`).join('');
    const second = [P4, P5].map((p) => `<p>${p}</p>`).join('');
    const html = page(
      '',
      `${NAV}<div class="page"><div class="col"><div class="story-text">${first}</div><div class="ad-slot">Advertisement</div><div class="story-text">${second}</div></div>
       <div class="below"><div class="grid"><div class="row">${cards}</div></div></div></div>`,
    );
    expect(text(html)).toBe([P1, P2, P3, P4, P5].join('\n\n'));
  });

  it('joins repeated article sections that sit higher up than the container', () => {
    const section = (ps: string[]) => `<section class="content-section"><div class="wrap"><div class="inner">${ps.map((p) => `<p>${p}</p>`).join('')}</div></div></section>`;
    const html = page('', `${NAV}<div id="post">${section([P1, P2, P3])}<div class="ad-slot">Advertisement</div>${section([P4])}${section([P5])}</div><aside><p>A sidebar with some text that is not part of the article at all.</p></aside>`);
    expect(text(html)).toBe([P1, P2, P3, P4, P5].join('\n\n'));
  });

  it('keeps the whole of a small fragment (feed content), short paragraphs included', () => {
    expect(text('<html><body><div><p>First paragraph of the full text.</p><p>Second paragraph.</p></div></body></html>')).toBe('First paragraph of the full text.\n\nSecond paragraph.');
    expect(text('<html><body><div>Just one line of text.</div></body></html>')).toBe('Just one line of text.');
  });

  it('turns <br> into line breaks and skips hidden elements, scripts and styles', () => {
    const html = page('<style>p{color:red}</style>', `<article><p>${P1}<br>${P2}</p><p style="display:none">Hidden teaser text that should never be read by anyone at all.</p><script>var x = "not text";</script><p hidden>Also hidden from view.</p><p>${P3}</p></article>`);
    expect(text(html)).toBe(`${P1}\n${P2}\n\n${P3}`);
  });

  it('uses JSON-LD articleBody when the markup has almost no text (a script-rendered page)', () => {
    const body = `${P1} ${P2} ${P3}`;
    const html = page(`<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Stocks rally', articleBody: body })}</script>`, `${NAV}<div id="app">Loading…</div>`);
    expect(text(html)).toBe(body);
  });

  it('returns an empty string for a page without text, and survives a deeply nested page', () => {
    expect(text('<html><body><img src="a.png"></body></html>')).toBe('');
    expect(text('')).toBe('');
    const deep = `<html><body>${'<div>'.repeat(20_000)}<p>${P1}</p>${'</div>'.repeat(20_000)}</body></html>`;
    expect(text(deep)).toBe(P1);
  });

  it('articleFromHtml drops the repeated headline and keeps metadata', () => {
    const a = articleFromHtml(page('<meta property="og:title" content="Stocks rally as yields fall">', `<article><h1>Stocks rally as yields fall</h1><p>${P1}</p><p>${P2}</p></article>`), { kind: 'file', uri: 'p.html' });
    expect(a.title).toBe('Stocks rally as yields fall');
    expect(a.text).toBe(`${P1}\n\n${P2}`);
  });
});

describe('nesting guard', () => {
  it('leaves ordinary pages untouched', () => {
    const html = page('<title>x</title><script>if (a < b) { document.write("<div><div>") }</script>', `<div><p>One<p>Two</div><ul><li>a<li>b</ul><!-- <div> -->${'<div>'.repeat(50)}x${'</div>'.repeat(50)}`);
    expect(limitNesting(html)).toBe(html);
  });

  it('removes tags nested beyond the limit and keeps their text', () => {
    const html = `${'<div>'.repeat(10)}<b>deep</b> text${'</div>'.repeat(10)}`;
    expect(limitNesting(html, 4)).toBe('<div><div><div><div>deep text</div></div></div></div>');
    // stray close tags do not fool it: the open <span>s still count
    const sneaky = '<span></i>'.repeat(20) + 'x';
    expect(limitNesting(sneaky, 5)).toBe(`${'<span></i>'.repeat(5)}x`);
  });
});

describe('metadata', () => {
  it('title: og:title, then JSON-LD headline, then h1, then <title> without the site suffix', () => {
    expect(meta('<meta property="og:title" content="A"><script type="application/ld+json">{"@type":"NewsArticle","headline":"B"}</script><title>C | Site</title>', '<h1>D</h1>').title).toBe('A');
    expect(meta('<script type="application/ld+json">{"@type":"NewsArticle","headline":"B"}</script><title>C | Site</title>', '<h1>D</h1>').title).toBe('B');
    expect(meta('<title>C | Site</title>', '<h1>D</h1>').title).toBe('D');
    expect(meta('<title>Stocks close at a record high | Reuters</title>').title).toBe('Stocks close at a record high');
    expect(meta('<meta property="og:site_name" content="Example News"><title>Example News - Stocks close at a record high</title>').title).toBe('Stocks close at a record high');
  });

  it('reads JSON-LD from arrays, @graph and nested main entities, and tolerates broken JSON-LD', () => {
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'Example' }, { '@type': ['NewsArticle'], headline: 'G', datePublished: '2026-03-14T10:00:00Z', author: [{ '@type': 'Person', name: 'Jane Roe' }, { '@type': 'Person', name: 'John Doe' }] }] };
    const m = meta(`<script type="application/ld+json">{ broken</script><script type="application/ld+json">${JSON.stringify(graph)}</script>`);
    expect(m).toMatchObject({ title: 'G', publishedAt: '2026-03-14T10:00:00.000Z', byline: 'Jane Roe, John Doe' });
    const arr = [{ '@type': 'BreadcrumbList' }, { '@type': 'WebPage', mainEntity: { '@type': 'BlogPosting', headline: 'N', author: 'By Ann Lee' } }];
    expect(meta(`<script type="application/ld+json">${JSON.stringify(arr)}</script>`)).toMatchObject({ title: 'N', byline: 'Ann Lee' });
    // raw newlines inside a JSON string (invalid JSON, common in CMS output)
    expect(meta('<script type="application/ld+json">{"@type":"Article","headline":"Line\none"}</script>').title).toBe('Line one');
  });

  it('published date: article:published_time, then JSON-LD, then other meta spellings, then <time>', () => {
    const ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-02-02T00:00:00Z"}</script>';
    expect(meta(`<meta property="article:published_time" content="2026-01-01T12:00:00+01:00">${ld}`).publishedAt).toBe('2026-01-01T11:00:00.000Z');
    expect(meta(ld).publishedAt).toBe('2026-02-02T00:00:00.000Z');
    expect(meta('<meta name="DC.date.issued" content="2026-03-03">').publishedAt).toBe('2026-03-03T00:00:00.000Z');
    expect(meta('', '<p>Body.</p><time datetime="2026-04-04T08:00:00Z">April 4</time>').publishedAt).toBe('2026-04-04T08:00:00.000Z');
    expect(meta('<meta name="pubdate" content="Tue, 14 Apr 2026 09:30:00 GMT">').publishedAt).toBe('2026-04-14T09:30:00.000Z');
    // an invalid first candidate falls through to the next one
    expect(meta(`<meta property="article:published_time" content="TBD">${ld}`).publishedAt).toBe('2026-02-02T00:00:00.000Z');
  });

  it('never guesses a date from the body, and gives null for bad dates', () => {
    expect(meta('', '<p>Published March 14, 2026. Stocks rose.</p>').publishedAt).toBeNull();
    for (const bad of ['not a date', '2026-13-45', '2026-02-30', '0000-00-00T00:00:00Z', '9999-12-31', '2026-01-01T25:00:00Z', '1700000000']) {
      expect(parseMetaDate(bad), bad).toBeNull();
      expect(meta(`<meta property="article:published_time" content="${bad}">`).publishedAt, bad).toBeNull();
    }
  });

  it('parses dates the same on every machine (zone-less values are UTC)', () => {
    expect(parseMetaDate('2026-03-14T15:30:00')).toBe('2026-03-14T15:30:00.000Z');
    expect(parseMetaDate('2026-03-14 15:30')).toBe('2026-03-14T15:30:00.000Z');
    expect(parseMetaDate('2026-03-14T15:30:00.123-0400')).toBe('2026-03-14T19:30:00.123Z');
    expect(parseMetaDate('March 14, 2026 3:30 PM EDT')).toBe('2026-03-14T19:30:00.000Z');
    expect(parseMetaDate('20260314T153000Z')).toBe('2026-03-14T15:30:00.000Z');
  });

  it('canonical URL: absolute http(s) only; a relative one resolved against og:url', () => {
    expect(meta('<link rel="canonical" href="https://example.com/a"><meta property="og:url" content="https://example.com/b">').url).toBe('https://example.com/a');
    expect(meta('<link rel="canonical" href="/news/a?x=1"><meta property="og:url" content="https://example.com/b">').url).toBe('https://example.com/news/a?x=1');
    expect(meta('<link rel="canonical" href="javascript:alert(1)">').url).toBeNull();
    expect(meta('<link rel="canonical" href="/relative-only">').url).toBeNull();
  });

  it('byline from JSON-LD, then meta author; URLs are not names', () => {
    expect(meta('<meta name="author" content="Jane Roe"><script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"John Doe"}}</script>').byline).toBe('John Doe');
    expect(meta('<meta name="author" content="Jane Roe">').byline).toBe('Jane Roe');
    expect(meta('<meta property="article:author" content="https://www.facebook.com/example">').byline).toBeNull();
  });

  it('site name and language', () => {
    const m = meta('<meta property="og:site_name" content="Example News">');
    expect(m.siteName).toBe('Example News');
    expect(m.language).toBe('en');
    expect(readHtmlMeta(extractHtmlBody('<html lang="pt_br"><body><p>x</p></body></html>').$).language).toBe('pt-BR');
    expect(readHtmlMeta(extractHtmlBody('<html lang="English"><body><p>x</p></body></html>').$).language).toBeNull();
    expect(readHtmlMeta(extractHtmlBody('<html><head><meta property="og:locale" content="en_GB"></head><body><p>x</p></body></html>').$).language).toBe('en-GB');
  });

  it('decodes entities left in meta values', () => {
    expect(meta('<meta property="og:title" content="Barnes &amp;amp; Noble rallies">').title).toBe('Barnes & Noble rallies');
  });
});
