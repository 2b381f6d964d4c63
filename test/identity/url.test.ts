import { describe, expect, it } from 'vitest';
import { canonicalUrl, isTrackingParam, URL_KEY_VERSION } from '../../src/identity/url.js';
import { articleId } from '../../src/pipeline.js';
import type { Article } from '../../src/types.js';

describe('canonicalUrl', () => {
  it('has a key version', () => {
    expect(URL_KEY_VERSION).toBe(1);
  });

  it.each([
    ['http://www.Example.com/a/b/', 'https://example.com/a/b'],
    ['HTTPS://EXAMPLE.COM:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'https://example.com/a'],
    ['http://example.com:8080/a', 'https://example.com:8080/a'],
    ['https://example.com/a#section-2', 'https://example.com/a'],
    ['https://example.com/', 'https://example.com'],
    ['https://example.com', 'https://example.com'],
    ['https://example.com./a', 'https://example.com/a'],
    ['https://user:pw@example.com/a', 'https://example.com/a'],
    ['https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x', 'https://example.com/a'],
    ['https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ocid=5&cmpid=6&taid=7', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1&utm_term=z', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/a?id=7&page=2', 'https://example.com/a?id=7&page=2'],
    ['https://example.com/a?x=2&x=1', 'https://example.com/a?x=1&x=2'],
    ['https://www.reuters.com/markets/us/story-2026-04-13/?feedType=RSS&feedName=topNews', 'https://reuters.com/markets/us/story-2026-04-13'],
    ['  https://example.com/Case/Kept  ', 'https://example.com/Case/Kept'],
    ['https://www/', 'https://www'],
  ])('%s -> %s', (raw, want) => {
    expect(canonicalUrl(raw)).toBe(want);
  });

  it.each(['ftp://example.com/a', 'file:///etc/passwd', 'javascript:alert(1)', 'mailto:a@b.c', '/relative/path', 'example.com/a', '', 'https://', 'http://[::1'])(
    'null for %j',
    (raw) => {
      expect(canonicalUrl(raw)).toBeNull();
    },
  );

  it('knows tracking parameters by name and prefix, and leaves content parameters alone', () => {
    expect(['utm_source', 'utm_anything', 'fbclid', 'GCLID', 'mc_eid'].every(isTrackingParam)).toBe(true);
    expect(['id', 'ref', 'source', 'page', 'p', 'q', 'cid'].some(isTrackingParam)).toBe(false);
  });
});

describe('articleId (D1/D3)', () => {
  const base = (over: Partial<Article>): Article => ({
    source: { kind: 'feed', uri: 'feed-a#1', feed: 'Feed A' },
    title: 'Stocks rise',
    url: null,
    publishedAt: null,
    text: 'The S&P 500 rose 1%.',
    guid: null,
    ...over,
  });

  it('one article reached through three feeds with utm/fbclid, http/https, www., trailing slash and fragment', () => {
    const a = base({ url: 'http://www.example.com/markets/stocks-rise/?utm_source=feedA', guid: 'a-1' });
    const b = base({ url: 'https://example.com/markets/stocks-rise?fbclid=xyz#comments', guid: 'b-99', source: { kind: 'feed', uri: 'feed-b#b-99', feed: 'Feed B' } });
    const c = base({ url: 'https://EXAMPLE.com/markets/stocks-rise/', guid: null, title: 'Stocks rise (updated)', source: { kind: 'feed', uri: 'feed-c#3', feed: 'Feed C' } });
    expect(new Set([articleId(a), articleId(b), articleId(c)]).size).toBe(1);
  });

  it('different articles stay apart: other path, other content parameter', () => {
    const ids = [
      'https://example.com/markets/stocks-rise',
      'https://example.com/markets/stocks-fall',
      'https://example.com/story?id=1',
      'https://example.com/story?id=2',
      'https://other.example.com/markets/stocks-rise',
    ].map((url) => articleId(base({ url })));
    expect(new Set(ids).size).toBe(5);
  });

  it('no usable URL: (feed, guid), so an edit with the same GUID keeps its id; else the content', () => {
    const v1 = base({ guid: 'g-1', url: 'not a url' });
    const v2 = base({ guid: 'g-1', url: null, text: 'The S&P 500 rose 1.2%, revised.' });
    expect(articleId(v1)).toBe(articleId(v2));
    expect(articleId(base({ guid: 'g-1', source: { kind: 'feed', uri: 'x', feed: 'Feed B' } }))).not.toBe(articleId(v1));
    const f1 = base({ source: { kind: 'file', uri: '/a/x.txt' } });
    const f2 = base({ source: { kind: 'file', uri: '/b/x.txt' } });
    expect(articleId(f1)).toBe(articleId(f2));
    expect(articleId(f1)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a GUID that changes on edit does not make a second article when the link is the same', () => {
    expect(articleId(base({ url: 'https://example.com/a', guid: 'rev-1' }))).toBe(articleId(base({ url: 'https://example.com/a', guid: 'rev-2', text: 'edited' })));
  });
});
