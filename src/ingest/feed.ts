// Feeds to articles: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 (sniffed by content, not by name).
//
// Strict first, lenient second (feedparser's "bozo" idea):
//   1. strict: sax in strict mode must accept the document as well-formed XML (only the five XML entities);
//   2. lenient: when it does not, the text is cleaned (BOM, leading junk, control characters) and read with
//      htmlparser2's forgiving XML mode; items that were cut off (no closing tag: a truncated download) are dropped,
//      and the result is flagged `bozo` with the strict parser's reason. Every article then carries that reason as a
//      diagnostic.
// Items are always mapped from the same htmlparser2 tree, so the strict and lenient paths cannot disagree on fields.
// No DTD is ever processed: internal entities (billion laughs) and external ones (SYSTEM "file:///etc/passwd") stay
// unexpanded text, and nothing is read or fetched. An HTML page, an empty body or a non-feed document is a FeedError.
import sax from 'sax';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Article, Diagnostic } from '../types.js';
import { cleanBody, stripInlineHtml } from './clean.js';
import { plainlyWellFormed } from './feed-wellformed.js';
import { fragmentParagraphs } from './html-fragment.js';
import { InputError } from './errors.js';
import { headlineFromBody } from './text.js';
import { parseFeedDate } from './dates.js';

export type FeedErrorKind = 'empty' | 'not-a-feed' | 'malformed' | 'too-deep';

/** A document that could not be read as a feed at all: names the input, says why, and says which kind of failure. */
export class FeedError extends InputError {
  constructor(
    input: string,
    reason: string,
    readonly kind: FeedErrorKind,
  ) {
    super(input, reason);
    this.name = 'FeedError';
  }
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface ParsedFeed {
  items: Article[];
  /** null when the strict parse accepted the document; else why the lenient recovery was needed */
  bozo: null | { reason: string };
  title: string | null;
  format: FeedFormat;
}

export interface ParseFeedOptions {
  /** where the text came from (feed URL or file path): names the input in errors and resolves relative links */
  uri: string;
  /** a note from decoding (charset declarations that disagreed), reported as a bozo reason when nothing else is */
  decodeNote?: string | null;
}

// Deeper element nesting than this is not a feed; it would only exhaust the stack of a recursive tree walk.
export const MAX_FEED_DEPTH = 200;

/**
 * Strict pass: null when the text is well-formed XML 1.0 (sax in strict mode, only the five XML entities), else the
 * first error with its line and column. sax never reads a DTD, so no entity is expanded and nothing is fetched.
 */
export function strictXmlProblem(text: string): string | null {
  if (plainlyWellFormed(text)) return null; // sax would accept it: no need to read it character by character
  return saxProblem(text);
}

/** sax's verdict itself (strictXmlProblem without the quick check). */
export function saxProblem(text: string): string | null {
  // strictEntities (sax >= 1.2, missing from @types/sax): only &amp; &lt; &gt; &quot; &apos; are known
  const p = sax.parser(true, { strictEntities: true, position: true } as sax.SAXOptions);
  let problem: string | null = null;
  const STOP = new Error('stop');
  p.onerror = (e: Error) => {
    problem = e.message.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ').trim() || 'not well-formed XML';
    throw STOP;
  };
  try {
    p.write(text).close();
  } catch (e) {
    if (e !== STOP) problem ??= e instanceof Error ? e.message.split('\n')[0]! : String(e);
  }
  return problem;
}

// ---------------------------------------------------------------------------------------------------------------
// tree helpers (iterative: a hostile document must not recurse us into a stack overflow)

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

const localName = (name: string) => name.toLowerCase().replace(/^.*:/, '');

function childEls(el: Element | { children: AnyNode[] }): Element[] {
  return el.children.filter(isElement);
}

/** First child element whose qualified name (lower case) is one of `names`. */
function child(el: Element, ...names: string[]): Element | undefined {
  for (const n of names) {
    const hit = el.children.find((c): c is Element => isElement(c) && c.name.toLowerCase() === n);
    if (hit) return hit;
  }
  return undefined;
}

/** Text and CDATA under a node, in document order. */
function textOf(node: AnyNode | undefined): string {
  if (!node) return '';
  const out: string[] = [];
  const stack: AnyNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') out.push((n as unknown as { data: string }).data);
    else if ('children' in n && Array.isArray(n.children)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out.join('');
}

function maxDepth(root: { children: AnyNode[] }): number {
  let max = 0;
  const stack: Array<[AnyNode, number]> = root.children.map((c) => [c, 1]);
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > MAX_FEED_DEPTH) return max;
    if ('children' in n && Array.isArray(n.children)) for (const c of n.children) stack.push([c, d + 1]);
  }
  return max;
}

// The characters JavaScript's \s matches (a tag name ends at the first of them, at `>` or at `/`).
function isJsSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The tag name starting at `from`: up to whitespace, `>` or `/`, at most 128 characters and never past `end`. */
function tagNameAt(text: string, from: number, end: number): string | undefined {
  const stop = Math.min(end, from + 128);
  let j = from;
  for (; j < stop; j++) {
    const c = text.charCodeAt(j);
    if (c === 62 || c === 47 || isJsSpace(c)) break;
  }
  return j > from ? text.slice(from, j) : undefined;
}

/**
 * Element nesting depth of XML text, as a forgiving parser would build it (a close tag pops back to its open tag; an
 * unmatched close tag is ignored; CDATA, comments, declarations skipped), stopping as soon as it passes `limit`. A
 * linear scan run before the tree is built: htmlparser2 slows down badly on tens of thousands of unclosed elements.
 */
export function nestingDepth(text: string, limit: number, voids?: ReadonlySet<string>): number {
  const stack: string[] = [];
  let max = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    let end: number;
    if (text.startsWith('<![CDATA[', lt)) end = text.indexOf(']]>', lt + 9) + 2;
    else if (text.startsWith('<!--', lt)) end = text.indexOf('-->', lt + 4) + 2;
    else end = text.indexOf('>', lt + 1);
    if (end < lt) break; // unterminated: the rest is text
    const c = text[lt + 1];
    if (c === '/') {
      const name = tagNameAt(text, lt + 2, end);
      const at = name ? stack.lastIndexOf(name) : -1;
      if (at >= 0) stack.length = at;
    } else if (c !== '!' && c !== '?' && text[end - 1] !== '/') {
      const name = tagNameAt(text, lt + 1, end);
      if (name && !voids?.has(name.toLowerCase())) {
        stack.push(name);
        if (stack.length > max) max = stack.length;
        if (max > limit) return max;
      }
    }
    i = end + 1;
  }
  return max;
}

/** Did the source text really close this element (not closed implicitly at end of input)? */
function closedInSource(el: Element, src: string): boolean {
  const end = el.endIndex;
  if (end == null) return false;
  if (src[end] !== '>') return false;
  if (src[end - 1] === '/') return true; // <item/>
  const close = `</${el.name}`;
  const start = src.lastIndexOf('<', end);
  return start >= 0 && src.slice(start, start + close.length).toLowerCase() === close.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// field mapping

const cleanLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const HTML_VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// An HTML fragment nested deeper than this is read by the flat fallback below (the DOM helpers recurse).
const MAX_FRAGMENT_DEPTH = 400;
const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Tags out, basic and numeric entities decoded: linear, for fragments too deep for a DOM. */
function flatText(html: string): string {
  return html
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      if (e[0] !== '#') return BASIC_ENTITIES[e.toLowerCase()] ?? m;
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    });
}

// every level takes an open tag of at least 3 characters (`<x>`), so shorter fragments need no scan
const tooDeep = (html: string) => html.length >= 3 * (MAX_FRAGMENT_DEPTH + 1) && nestingDepth(html, MAX_FRAGMENT_DEPTH, HTML_VOID) > MAX_FRAGMENT_DEPTH;

/** A title may carry escaped markup or HTML entities: plain text, one line. */
function plainTitle(raw: string): string {
  let t = raw;
  if (/<[a-z!/]/i.test(t)) t = tooDeep(t) ? flatText(t) : stripInlineHtml(t);
  else if (/&[a-z][a-z0-9]*;/i.test(t) && [...t.matchAll(/&([a-z][a-z0-9]*);/gi)].some((m) => !(m[1]!.toLowerCase() in BASIC_ENTITIES)))
    t = stripInlineHtml(`<span>${t}</span>`); // named HTML entities beyond the basic ones: the HTML parser knows them all
  else if (t.includes('&')) t = flatText(t);
  return cleanLine(t);
}

/**
 * HTML fragment (item content) to paragraphs: block elements become paragraph breaks, <br> a line break, scripts and
 * styles dropped, entities decoded. Linear: an item's content is already the article, so it needs no page-level
 * main-text extraction (which costs milliseconds per item on a feed of hundreds), and most items are read without
 * building a DOM at all (html-fragment.ts).
 */
export function htmlFragmentToText(html: string): string {
  if (!/<[a-z!/]/i.test(html)) return /&[#a-z0-9]+;/i.test(html) ? stripInlineHtml(`<span>${html}</span>`) : html;
  if (tooDeep(html)) return flatText(html).replace(/[ \t]+/g, ' ').trim();
  return fragmentParagraphs(html);
}

function resolveUrl(href: string, base: string | null): string | null {
  const h = href.trim();
  if (!h) return null;
  try {
    return new URL(h, base && /^https?:/i.test(base) ? base : undefined).toString();
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(h) ? h : null;
  }
}

interface RawItem {
  title: string;
  link: string | null;
  guid: string | null;
  published: string | null;
  author: string | null;
  /** body and whether it is HTML */
  body: string;
  html: boolean;
}

function rssItem(el: Element, base: string | null): RawItem {
  const guidEl = child(el, 'guid');
  const guid = cleanLine(textOf(guidEl)) || el.attribs['rdf:about'] || null;
  let link = cleanLine(textOf(child(el, 'link'))) || null;
  if (!link && guid && guidEl?.attribs['ispermalink'] !== 'false' && /^https?:\/\//i.test(guid)) link = guid;
  const encoded = child(el, 'content:encoded');
  const desc = child(el, 'description', 'summary', 'content');
  return {
    title: plainTitle(textOf(child(el, 'title'))),
    link: link ? resolveUrl(link, base) : null,
    guid,
    published: parseFeedDate(textOf(child(el, 'pubdate', 'dc:date', 'published', 'updated', 'dcterms:created', 'dcterms:modified'))),
    author: cleanLine(textOf(child(el, 'dc:creator', 'author'))) || null,
    body: textOf(encoded && textOf(encoded).trim() ? encoded : desc),
    html: true,
  };
}

function atomContent($: cheerio.CheerioAPI, el: Element | undefined): { body: string; html: boolean } {
  if (!el) return { body: '', html: false };
  const type = (el.attribs['type'] ?? 'text').toLowerCase();
  if (type === 'xhtml' || type.endsWith('xhtml+xml')) return { body: $(el).html() ?? '', html: true };
  if (type === 'html' || type === 'text/html' || el.attribs['mode'] === 'escaped') return { body: textOf(el), html: true };
  return { body: textOf(el), html: false };
}

function atomItem($: cheerio.CheerioAPI, el: Element, base: string | null): RawItem {
  const links = childEls(el).filter((c) => localName(c.name) === 'link');
  const alt = links.find((l) => (l.attribs['rel'] ?? 'alternate') === 'alternate' && l.attribs['href']) ?? links.find((l) => l.attribs['href']);
  const content = child(el, 'content', 'atom:content');
  const summary = child(el, 'summary', 'atom:summary');
  const main = content && textOf(content).trim() ? atomContent($, content) : atomContent($, summary);
  const title = child(el, 'title', 'atom:title');
  const titleText = title ? atomContent($, title) : { body: '', html: false };
  const author = child(el, 'author', 'atom:author');
  return {
    title: titleText.html ? plainTitle(titleText.body) : cleanLine(titleText.body),
    link: alt ? resolveUrl(alt.attribs['href']!, base) : null,
    guid: cleanLine(textOf(child(el, 'id', 'atom:id'))) || null,
    published: parseFeedDate(textOf(child(el, 'published', 'issued', 'updated', 'modified', 'created', 'dc:date'))),
    author: author ? cleanLine(textOf(child(author, 'name', 'atom:name') ?? author)) || null : null,
    ...main,
  };
}

function toArticle(it: RawItem, i: number, uri: string, feedName: string, extra: Diagnostic[]): Article | null {
  const { text, droppedLines } = cleanBody(it.html ? htmlFragmentToText(it.body) : it.body);
  if (!text && !it.title) return null;
  const diagnostics: Diagnostic[] = [...extra];
  if (droppedLines) diagnostics.push({ rule: 'ingest/boilerplate', message: `dropped ${droppedLines} boilerplate line(s)`, severity: 'info' });
  return {
    source: { kind: 'feed', uri: `${uri}#${it.guid ?? it.link ?? i + 1}`, feed: feedName },
    title: it.title || headlineFromBody(text),
    url: it.link,
    publishedAt: it.published,
    text,
    guid: it.guid,
    byline: it.author,
    diagnostics,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON Feed

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

// eslint-disable-next-line no-control-regex
const JSON_CONTROL = /[\u0000-\u001f]/g;

function parseJsonFeed(text: string, uri: string, reasons: string[]): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // lenient: raw control characters (JSON allows none inside strings) become spaces; anything else stays an error
    const cleaned = text.replace(JSON_CONTROL, ' ');
    try {
      if (cleaned === text) throw e;
      doc = JSON.parse(cleaned);
      reasons.push(`${(e as Error).message}; control characters replaced by spaces`);
    } catch {
      throw new FeedError(uri, `not a readable JSON Feed: ${(e as Error).message}`, 'malformed');
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new FeedError(uri, 'not a feed: JSON but not an object', 'not-a-feed');
  const d = doc as Record<string, unknown>;
  const version = str(d['version']);
  if (!version?.includes('jsonfeed.org') && !Array.isArray(d['items'])) throw new FeedError(uri, 'not a feed: JSON without a JSON Feed version or items', 'not-a-feed');
  if (!version?.includes('jsonfeed.org')) reasons.push('JSON Feed without a jsonfeed.org version');
  if (!Array.isArray(d['items'])) throw new FeedError(uri, 'JSON Feed without an items array', 'malformed');
  const title = str(d['title'])?.trim() ?? null;
  const base = str(d['home_page_url']) ?? str(d['feed_url']) ?? uri;
  const raws: RawItem[] = [];
  for (const raw of d['items'] as unknown[]) {
    if (!raw || typeof raw !== 'object') {
      reasons.push('an item that is not an object was skipped');
      continue;
    }
    const it = raw as Record<string, unknown>;
    const authors = Array.isArray(it['authors']) ? it['authors'] : it['author'] ? [it['author']] : [];
    const author = authors.map((a) => (a && typeof a === 'object' ? str((a as Record<string, unknown>)['name']) : null)).find(Boolean) ?? null;
    const html = str(it['content_html']);
    const link = str(it['url']) ?? str(it['external_url']);
    raws.push({
      title: plainTitle(str(it['title']) ?? ''),
      link: link ? resolveUrl(link, base) : null,
      guid: typeof it['id'] === 'number' ? String(it['id']) : str(it['id']),
      published: parseFeedDate(str(it['date_published']) ?? str(it['date_modified'])),
      author,
      body: html ?? str(it['content_text']) ?? str(it['summary']) ?? '',
      html: html !== null,
    });
  }
  return finish(raws, title, uri, reasons.length ? { reason: reasons.join('; ') } : null, 'json');
}

function finish(raws: RawItem[], title: string | null, uri: string, bozo: ParsedFeed['bozo'], format: FeedFormat): ParsedFeed {
  const extra: Diagnostic[] = bozo ? [{ rule: 'ingest/feed-bozo', message: `feed read leniently: ${bozo.reason}`, severity: 'warning' }] : [];
  const items: Article[] = [];
  raws.forEach((r, i) => {
    const a = toArticle(r, i, uri, title ?? uri, extra);
    if (a) items.push(a);
  });
  return { items, bozo, title, format };
}

// ---------------------------------------------------------------------------------------------------------------
// XML feeds

// C0 controls other than tab/LF/CR, and the two non-characters: never legal in XML 1.0.
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Parse a feed document (already decoded to a string). Throws FeedError when it is not a feed at all. */
export function parseFeedSync(text: string, opts: ParseFeedOptions): ParsedFeed {
  const uri = opts.uri;
  if (typeof text !== 'string') throw new FeedError(uri, 'feed body is not text', 'malformed');
  const body = text.replace(/^\ufeff/, '');
  const start = body.trimStart();
  if (!start) throw new FeedError(uri, 'empty feed body', 'empty');
  if (start[0] === '{' || start[0] === '[') {
    return parseJsonFeed(start, uri, opts.decodeNote ? [opts.decodeNote] : []);
  }
  // before any parser runs: deep nesting is the one input that makes them slow
  if (nestingDepth(body, MAX_FEED_DEPTH) > MAX_FEED_DEPTH) throw new FeedError(uri, `not a readable feed: elements nested deeper than ${MAX_FEED_DEPTH} levels`, 'too-deep');
  const problems: string[] = [];
  // sax lets whitespace before the XML declaration pass; XML 1.0 does not (the declaration must come first)
  const strict = strictXmlProblem(body) ?? (body !== start && /^<\?xml\s/.test(start) ? 'whitespace before the XML declaration' : null);
  if (strict) problems.push(strict);
  if (opts.decodeNote) problems.push(opts.decodeNote);

  // lenient input: from the first '<', without characters XML forbids
  let src = start;
  // junk before the document (a stray "<", server garbage): start at the XML declaration or a feed root when one
  // follows in the first 4 KB (only when the strict parse failed: a well-formed document may open with a comment)
  const docStart = strict ? src.slice(0, 4096).search(/<(\?xml\s|rss[\s>]|feed[\s>]|rdf:RDF[\s>]|channel[\s>])/i) : -1;
  if (docStart > 0) {
    src = src.slice(docStart);
  } else if (src[0] !== '<') {
    const lt = src.indexOf('<');
    if (lt < 0) throw new FeedError(uri, 'not a feed: no markup at all', 'not-a-feed');
    src = src.slice(lt);
    if (!strict) problems.push('text before the first tag');
  }
  if (src.search(ILLEGAL_XML) >= 0) {
    src = src.replace(ILLEGAL_XML, '');
    if (!strict) problems.push('control characters removed');
  }
  const $ = cheerio.load(src, { xml: { xmlMode: true, decodeEntities: true, withStartIndices: true, withEndIndices: true } });
  const doc = $.root()[0] as unknown as { children: AnyNode[] };
  if (maxDepth(doc) > MAX_FEED_DEPTH) throw new FeedError(uri, `not a readable feed: elements nested deeper than ${MAX_FEED_DEPTH} levels`, 'too-deep');
  const root = childEls(doc)[0];
  if (!root) throw new FeedError(uri, 'not a feed: no root element', 'not-a-feed');
  const rootName = localName(root.name);
  const base = /^https?:/i.test(uri) ? uri : null;

  let format: FeedFormat;
  let channel: Element | undefined;
  let itemEls: Element[];
  let title: string | null;
  if (rootName === 'rss' || rootName === 'channel') {
    format = 'rss';
    channel = rootName === 'channel' ? root : (child(root, 'channel') ?? root);
    // RSS 0.91/2.0 put items inside channel; a few put them beside it
    itemEls = [...childEls(channel), ...(channel === root ? [] : childEls(root))].filter((c) => localName(c.name) === 'item');
    title = plainTitle(textOf(child(channel, 'title'))) || null;
  } else if (rootName === 'rdf') {
    format = 'rdf';
    channel = childEls(root).find((c) => localName(c.name) === 'channel');
    itemEls = [...childEls(root), ...(channel ? childEls(channel) : [])].filter((c) => localName(c.name) === 'item');
    title = channel ? plainTitle(textOf(channel.children.find((c): c is Element => isElement(c) && localName(c.name) === 'title'))) || null : null;
  } else if (rootName === 'feed') {
    format = 'atom';
    itemEls = childEls(root).filter((c) => localName(c.name) === 'entry');
    const t = child(root, 'title', 'atom:title');
    title = t ? (atomContent($, t).html ? plainTitle(atomContent($, t).body) : cleanLine(textOf(t))) || null : null;
  } else if (rootName === 'html' || rootName === 'head' || rootName === 'body' || /^<!doctype html/i.test(src)) {
    throw new FeedError(uri, 'not a feed: an HTML page', 'not-a-feed');
  } else {
    throw new FeedError(uri, `not a feed: root element <${root.name}>`, 'not-a-feed');
  }

  const complete = itemEls.filter((el) => closedInSource(el, src));
  if (complete.length < itemEls.length) problems.push(`${itemEls.length - complete.length} item(s) cut off (no closing tag) were dropped`);
  const raws = complete.map((el) => (format === 'atom' ? atomItem($, el, base) : rssItem(el, base)));
  return finish(raws, title, uri, problems.length ? { reason: problems.join('; ') } : null, format);
}

/** parseFeed as a promise (the feed poller's interface); the work itself is synchronous. */
export async function parseFeed(text: string, opts: ParseFeedOptions): Promise<ParsedFeed> {
  return parseFeedSync(text, opts);
}

// ---------------------------------------------------------------------------------------------------------------

export interface FeedRead {
  title: string | null;
  articles: Article[];
  bozo: null | { reason: string };
}

/** Parse a feed file's text; every item becomes an article (full text from content:encoded/content when present). */
export async function articlesFromFeed(text: string, uri: string, decodeNote?: string | null): Promise<FeedRead> {
  const r = await parseFeed(text, { uri, decodeNote });
  return { title: r.title, articles: r.items, bozo: r.bozo };
}
