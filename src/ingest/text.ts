import type { Article, Source } from '../types.js';
import { cleanBody, stripInlineHtml } from './clean.js';

// A first line is a headline when it is short and does not read like a sentence of the body.
const MAX_HEADLINE_CHARS = 200;
const MAX_HEADLINE_WORDS = 30;
// Section labels that open many articles but are not headlines.
const NOT_A_HEADLINE = /^(key (takeaways|points)|highlights|summary|in brief|at a glance|overview|tl;?dr|market snapshot)\b/i;
// "By Jane Roe | March 14, 2026" / "By Jane Roe and John Doe" / "March 14, 2026" right under the headline.
const BYLINE = /^[Bb]y\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}((\s*,\s*|\s+and\s+)[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})*(\s*[|,•·-]\s*.+)?$/;
const DATELINE = /^((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b.{0,40}$/i;

function looksLikeHeadline(line: string): boolean {
  const t = line.trim();
  if (!t || t.length > MAX_HEADLINE_CHARS || NOT_A_HEADLINE.test(t)) return false;
  if (t.split(/\s+/).length > MAX_HEADLINE_WORDS) return false;
  return true;
}

function dateFromByline(line: string): string | null {
  const m = /((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})/i.exec(line);
  if (!m) return null;
  const d = new Date(`${m[1]!.replace(/\./g, '')} 00:00:00 UTC`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A .txt/.md article: inline HTML stripped, boilerplate dropped, headline (first line) split from the body. */
export function articleFromText(raw: string, source: Source): Article {
  const { text: cleaned, droppedLines } = cleanBody(stripInlineHtml(raw));
  const lines = cleaned.split('\n');
  let title = '';
  let byline: string | null = null;
  let publishedAt: string | null = null;
  let bodyStart = 0;
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0) {
    const firstLine = lines[first]!.trim().replace(/^#+\s*/, '');
    const next = lines.slice(first + 1).find((l) => l.trim() !== '');
    // A headline stands alone: followed by more text, and not a sentence that runs on into the paragraph.
    if (next !== undefined && looksLikeHeadline(firstLine)) {
      title = firstLine;
      bodyStart = first + 1;
      // an optional byline / dateline directly under the headline
      const k = lines.findIndex((l, i) => i >= bodyStart && l.trim() !== '');
      if (k >= 0 && (BYLINE.test(lines[k]!.trim()) || DATELINE.test(lines[k]!.trim()))) {
        byline = BYLINE.test(lines[k]!.trim()) ? lines[k]!.trim() : null;
        publishedAt = dateFromByline(lines[k]!);
        bodyStart = k + 1;
      }
    }
  }
  const text = lines.slice(bodyStart).join('\n').trim();
  if (!title) title = headlineFromBody(text);
  return {
    source,
    title,
    url: null,
    publishedAt,
    text,
    byline,
    diagnostics: droppedLines ? [{ rule: 'ingest/boilerplate', message: `dropped ${droppedLines} boilerplate line(s)`, severity: 'info' }] : [],
  };
}

const TITLE_FROM_BODY_WORDS = 14;

/** No headline line: use the first sentence, cut to a headline's length. */
export function headlineFromBody(body: string): string {
  const lines = body.split('\n');
  while (lines.length > 1 && (!lines[0]!.trim() || NOT_A_HEADLINE.test(lines[0]!.trim()))) lines.shift();
  const text = lines.join('\n');
  const firstSentence = /^(.+?[.!?])(\s|$)/s.exec(text)?.[1] ?? text;
  const words = firstSentence.replace(/\s+/g, ' ').trim().split(' ');
  return words.length > TITLE_FROM_BODY_WORDS ? `${words.slice(0, TITLE_FROM_BODY_WORDS).join(' ')}…` : words.join(' ');
}
