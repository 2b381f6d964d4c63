import Parser from 'rss-parser';
import { z } from 'zod';
import type { Article } from '../types.js';
import { extractHtmlBody } from './html.js';
import { cleanBody, stripInlineHtml } from './clean.js';
import { InputError } from './errors.js';
import { headlineFromBody } from './text.js';

const parser = new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } });

/** Feed items as rss-parser hands them over: validated, since a feed is untrusted input. */
const FeedItem = z
  .object({
    title: z.string().optional(),
    link: z.string().optional(),
    guid: z.union([z.string(), z.object({}).passthrough()]).optional(),
    id: z.string().optional(),
    isoDate: z.string().optional(),
    pubDate: z.string().optional(),
    creator: z.string().optional(),
    author: z.union([z.string(), z.object({}).passthrough()]).optional(),
    contentEncoded: z.string().optional(),
    content: z.string().optional(),
    summary: z.string().optional(),
    contentSnippet: z.string().optional(),
  })
  .passthrough();

const Feed = z
  .object({
    title: z.string().optional(),
    link: z.string().optional(),
    feedUrl: z.string().optional(),
    items: z.array(z.unknown()),
  })
  .passthrough();

function isoOrNull(s: string | undefined): string | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** HTML fragment (item content) to paragraphs. */
function htmlFragmentToText(html: string): string {
  if (!/<[a-z!/]/i.test(html)) return html;
  if (/<p[\s>]/i.test(html)) return extractHtmlBody(`<html><body><div>${html}</div></body></html>`).text;
  return stripInlineHtml(html);
}

export interface FeedRead {
  title: string | null;
  articles: Article[];
}

/** Parse an RSS/Atom document; every item becomes an article (full text from content:encoded when present). */
export async function articlesFromFeed(xml: string, uri: string): Promise<FeedRead> {
  let raw: unknown;
  try {
    raw = await parser.parseString(xml);
  } catch (e) {
    throw new InputError(uri, `not a readable RSS/Atom feed: ${(e as Error).message.split('\n')[0]}`);
  }
  const feed = Feed.safeParse(raw);
  if (!feed.success) throw new InputError(uri, 'not a readable RSS/Atom feed: no items list');
  const feedTitle = feed.data.title?.trim() || null;
  const articles: Article[] = [];
  feed.data.items.forEach((rawItem, i) => {
    const parsed = FeedItem.safeParse(rawItem);
    if (!parsed.success) return;
    const it = parsed.data;
    const html = it.contentEncoded ?? it.content ?? it.summary ?? '';
    const { text, droppedLines } = cleanBody(htmlFragmentToText(html));
    if (!text && !it.title) return;
    const guid = typeof it.guid === 'string' ? it.guid : (it.id ?? null);
    const title = it.title?.replace(/\s+/g, ' ').trim() || headlineFromBody(text);
    articles.push({
      source: { kind: 'feed', uri: `${uri}#${guid ?? it.link ?? i + 1}`, feed: feedTitle ?? uri },
      title,
      url: it.link?.trim() || null,
      publishedAt: isoOrNull(it.isoDate ?? it.pubDate),
      text,
      guid,
      byline: it.creator ?? (typeof it.author === 'string' ? it.author : null),
      diagnostics: droppedLines ? [{ rule: 'ingest/boilerplate', message: `dropped ${droppedLines} boilerplate line(s)`, severity: 'info' }] : [],
    });
  });
  return { title: feedTitle, articles };
}
