import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { z } from 'zod';
import type { Article, Source } from '../types.js';
import { cleanBody } from './clean.js';
import { headlineFromBody } from './text.js';

// Elements that never hold article prose.
const NEVER_BODY = 'script, style, noscript, template, iframe, svg, canvas, nav, footer, aside, form, button, select, input, textarea, figure, figcaption, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], [hidden]';
// class/id words of page furniture (share bars, newsletter boxes, related links, comments, ads)
const FURNITURE = /(^|[\s_-])(share|sharing|social|newsletter|subscribe|signup|sign-up|related|recommend|comment|comments|advert|ads?|promo|sponsor|cookie|consent|banner|breadcrumbs?|menu|sidebar|popup|modal|paywall|outbrain|taboola|footer|masthead)($|[\s_-])/i;
const BLOCKS = 'p, h2, h3, h4, h5, h6, li, blockquote, pre, td';
// A container must hold at least this much paragraph text to be picked as the article body.
const MIN_BODY_CHARS = 200;

/** Metadata read from the page, validated: strings trimmed, dates ISO 8601 or null. */
const IsoDate = z
  .string()
  .transform((s) => {
    const d = new Date(s.trim());
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  })
  .nullable();

export interface HtmlMeta {
  title: string | null;
  publishedAt: string | null;
  url: string | null;
  siteName: string | null;
  byline: string | null;
  language: string | null;
}

function jsonLd($: cheerio.CheerioAPI): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      const data: unknown = JSON.parse($(el).text());
      const items = Array.isArray(data) ? data : [data];
      for (const it of items) {
        if (it && typeof it === 'object') {
          const graph = (it as { '@graph'?: unknown })['@graph'];
          if (Array.isArray(graph)) out.push(...graph.filter((g): g is Record<string, unknown> => !!g && typeof g === 'object'));
          else out.push(it as Record<string, unknown>);
        }
      }
    } catch {
      // malformed JSON-LD is common; the meta tags still count
    }
  });
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function readHtmlMeta($: cheerio.CheerioAPI): HtmlMeta {
  const meta = (sel: string) => str($(sel).first().attr('content'));
  const ld = jsonLd($).find((o) => /Article|Posting|Report/i.test(String(o['@type'] ?? ''))) ?? {};
  const ldAuthor = ld['author'];
  const author = Array.isArray(ldAuthor) ? ldAuthor[0] : ldAuthor;
  const rawDate =
    meta('meta[property="article:published_time"]') ??
    str(ld['datePublished']) ??
    meta('meta[name="pubdate"], meta[name="publishdate"], meta[name="date"], meta[itemprop="datePublished"], meta[name="dc.date"], meta[name="DC.date.issued"]') ??
    str($('time[datetime]').first().attr('datetime'));
  return {
    title: meta('meta[property="og:title"]') ?? meta('meta[name="twitter:title"]') ?? str(ld['headline']) ?? str($('h1').first().text()) ?? str($('title').first().text()),
    publishedAt: rawDate ? IsoDate.parse(rawDate) : null,
    url: str($('link[rel="canonical"]').attr('href')) ?? meta('meta[property="og:url"]'),
    siteName: meta('meta[property="og:site_name"]'),
    byline: meta('meta[name="author"]') ?? (author && typeof author === 'object' ? str((author as { name?: unknown }).name) : str(author)),
    language: str($('html').attr('lang')),
  };
}

function textOf($: cheerio.CheerioAPI, el: AnyNode): string {
  return $(el).text().replace(/\s+/g, ' ').trim();
}

/** The element holding the article: <article>/articleBody when present, else the parent with the most paragraph text. */
function pickContainer($: cheerio.CheerioAPI): cheerio.Cheerio<AnyNode> {
  for (const sel of ['[itemprop="articleBody"]', 'article', '[role="main"] article', 'main']) {
    const found = $(sel)
      .toArray()
      .map((el) => ({ el, len: $(el).find('p').text().length }))
      .sort((a, b) => b.len - a.len)[0];
    if (found && found.len >= MIN_BODY_CHARS) return $(found.el);
  }
  const score = new Map<Element, number>();
  $('p').each((_, p) => {
    const parent = p.parent as Element | null;
    if (!parent) return;
    const len = textOf($, p).length;
    score.set(parent, (score.get(parent) ?? 0) + len);
  });
  const best = [...score.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? $(best[0]) : $('body');
}

/** A first main-text extraction: drop furniture, pick the body container, keep its block elements in order. */
export function extractHtmlBody(html: string): { $: cheerio.CheerioAPI; text: string } {
  const $ = cheerio.load(html);
  const meta$ = cheerio.load(html); // metadata reads the untouched page
  $(NEVER_BODY).remove();
  $('[class], [id]').each((_, el) => {
    const e = el as Element;
    const words = `${e.attribs['class'] ?? ''} ${e.attribs['id'] ?? ''}`;
    if (FURNITURE.test(words) && e.tagName !== 'body' && e.tagName !== 'html' && e.tagName !== 'article' && e.tagName !== 'main') $(e).remove();
  });
  const container = pickContainer($);
  const blocks: string[] = [];
  container.find(BLOCKS).each((_, el) => {
    // nested blocks (p inside li / blockquote): keep the innermost only
    if ($(el).find(BLOCKS).length) return;
    const t = textOf($, el);
    if (t) blocks.push(t);
  });
  if (!blocks.length) {
    const t = textOf($, container.get(0) ?? $('body').get(0)!);
    if (t) blocks.push(t);
  }
  return { $: meta$, text: blocks.join('\n\n') };
}

export function articleFromHtml(html: string, source: Source): Article {
  const { $, text: raw } = extractHtmlBody(html);
  const meta = readHtmlMeta($);
  const { text, droppedLines } = cleanBody(raw);
  const title = meta.title ?? headlineFromBody(text);
  // the headline often repeats as the first block of the body
  const body = text.startsWith(title) ? text.slice(title.length).trim() : text;
  return {
    source,
    title,
    url: meta.url,
    publishedAt: meta.publishedAt,
    text: body,
    byline: meta.byline,
    diagnostics: droppedLines ? [{ rule: 'ingest/boilerplate', message: `dropped ${droppedLines} boilerplate line(s)`, severity: 'info' }] : [],
  };
}
