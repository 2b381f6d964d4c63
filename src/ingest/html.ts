import * as cheerio from 'cheerio/slim';
import type { Article, Source } from '../types.js';
import { cleanBody } from './clean.js';
import { extractMainText } from './html-extract.js';
import { limitNesting } from './html-depth.js';
import { isArticleLd, jsonLdObjects, readHtmlMeta, scanPage, type HtmlMeta } from './html-meta.js';
import { headlineFromBody } from './text.js';

export { readHtmlMeta };
export { parseMetaDate } from './html-meta.js';
export type { HtmlMeta };

// JSON-LD articleBody replaces the extracted text when the page markup gave much less (a script-rendered page).
const LD_BODY_MIN_CHARS = 200;
const LD_BODY_RATIO = 2;
// Below this much text, a page with a client-side template is read from the template instead.
const TEMPLATE_MIN_CHARS = 200;

/** Plain text of an HTML fragment (JSON-LD articleBody sometimes holds markup). */
function fragmentText(s: string): string {
  if (!/<[a-z/!]/i.test(s)) return s.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return extractMainText(cheerio.load(`<div>${s}</div>`, null, false).root()[0]!);
}

/**
 * The article's main text, with the parsed page ($, untouched, for readHtmlMeta): paragraphs joined by "\n\n",
 * headings on their own lines, list items kept; navigation, share bars, related links, comments, ads, captions,
 * bylines, newsletter boxes and cookie banners dropped.
 */
export function extractHtmlBody(html: string): { $: cheerio.CheerioAPI; text: string } {
  const $ = cheerio.load(limitNesting(html));
  const root = $.root()[0]!;
  const page = scanPage(root);
  const title = page.h1 ?? page.metas.get('og:title') ?? null;
  let text = extractMainText(root, { title });
  {
    const body = jsonLdObjects(page).find((o) => isArticleLd(o) && typeof o['articleBody'] === 'string')?.['articleBody'];
    if (typeof body === 'string' && body.length >= LD_BODY_MIN_CHARS && body.length > text.length * LD_BODY_RATIO) text = fragmentText(body);
  }
  // a page that ships its article as a client-side template (Blogger): read the template as a fragment
  if (text.length < TEMPLATE_MIN_CHARS && page.template.length > TEMPLATE_MIN_CHARS) {
    const fromTemplate = extractMainText(cheerio.load(limitNesting(page.template), null, false).root()[0]!, { title });
    if (fromTemplate.length > text.length * LD_BODY_RATIO) text = fromTemplate;
  }
  return { $, text };
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
