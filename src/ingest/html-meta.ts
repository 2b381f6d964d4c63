// Page metadata: title, byline, published date, canonical URL, site name and language, read from the markup only
// (meta tags, JSON-LD, <time>, <link rel=canonical>, <html lang>) and validated. A date is never guessed from the
// body text: when the markup gives none, or gives one that does not parse, publishedAt is null.
import type { CheerioAPI } from 'cheerio';

export interface HtmlMeta {
  title: string | null;
  publishedAt: string | null;
  url: string | null;
  siteName: string | null;
  byline: string | null;
  language: string | null;
}

type Json = Record<string, unknown>;

// JSON-LD @type values that describe the page's article (schema.org Article and its subtypes).
const ARTICLE_TYPE = /^(Article|NewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ReportageNews|BackgroundNewsArticle|ReviewNewsArticle|AskPublicNewsArticle|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|Report|ScholarlyArticle|TechArticle|SatiricalArticle|AdvertiserContentArticle|Posting)$/i;
const PAGE_TYPE = /^(WebPage|ItemPage|CollectionPage|AboutPage|QAPage|FAQPage)$/i;
// Nested objects that may hold the article: {"@type":"WebPage","mainEntity":{"@type":"NewsArticle",...}}.
const NESTED_KEYS = ['@graph', 'mainEntity', 'mainEntityOfPage', 'hasPart', 'itemListElement', 'item'];
// Guards against hostile JSON-LD: objects visited per page and nesting depth followed.
const MAX_LD_OBJECTS = 500;
const MAX_LD_DEPTH = 6;
// A byline longer than this is a bio or a sentence, not a name list.
const MAX_BYLINE_CHARS = 120;
// Titles are cut to this length (some pages put the whole description in og:title).
const MAX_TITLE_CHARS = 300;
// Dates outside this range are typos or placeholders ("0000-00-00", "9999-12-31").
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const str = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const t = decodeEntities(v).replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

// JSON-LD and meta values sometimes arrive with entities still encoded ("Barnes &amp; Noble").
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6}|#39);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return safeCodePoint(parseInt(k.slice(2), 16)) ?? m;
    if (k.startsWith('#')) return safeCodePoint(parseInt(k.slice(1), 10)) ?? m;
    return ENTITIES[k] ?? m;
  });
}
const safeCodePoint = (n: number): string | null => (n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : null);

function parseJsonLoose(raw: string): unknown {
  // CMSs wrap JSON-LD in comments or CDATA, and leave raw newlines/tabs inside strings (invalid JSON).
  const t = raw.trim().replace(/^<!--|-->$/g, '').replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '').trim();
  if (!t) return null;
  try {
    return JSON.parse(t);
  } catch {
    try {
      // eslint-disable-next-line no-control-regex
      return JSON.parse(t.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return null;
    }
  }
}

/** What metadata reading needs from the page, gathered in one linear walk (CSS selectors cost depth x size). */
export interface PageScan {
  /** meta name/property/itemprop/http-equiv (lower case) -> first non-empty content */
  metas: Map<string, string>;
  ldScripts: string[];
  h1: string | null;
  title: string | null;
  canonical: string | null;
  base: string | null;
  lang: string | null;
  /** datetime/content of the first element marked as the publication date */
  publishedMarkup: string | null;
  /** datetime of the first <time datetime> */
  firstTime: string | null;
  /** itemprop=name inside itemprop=author, and rel=author links */
  authorNames: string[];
  /** the largest client-side template (<script type="text/template">): some blog platforms ship the article there */
  template: string;
}

// How many author elements are read (a page listing every contributor is not a byline).
const MAX_AUTHOR_ELEMENTS = 5;

type Node = { type: string; name?: string; attribs?: Record<string, string>; children?: Node[]; data?: string };

/** Text content of an element, iteratively (no recursion on deep pages). */
function textContent(el: Node): string {
  let out = '';
  const stack: Node[] = [el];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') out += node.data ?? '';
    else if (node.children && (node === el || (node.type !== 'script' && node.type !== 'style'))) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

const scans = new WeakMap<object, PageScan>();

export function scanPage(root: unknown): PageScan {
  const cached = scans.get(root as object);
  if (cached) return cached;
  const s: PageScan = { metas: new Map(), ldScripts: [], h1: null, title: null, canonical: null, base: null, lang: null, publishedMarkup: null, firstTime: null, authorNames: [], template: '' };
  const has = (v: string | undefined, word: string) => !!v && v.toLowerCase().split(/\s+/).includes(word);
  // [node, inside an itemprop=author element]
  const stack: [Node, boolean][] = [[root as Node, false]];
  while (stack.length) {
    const [node, inAuthor] = stack.pop()!;
    const a = node.attribs;
    let author = inAuthor;
    if (a && node.name) {
      const name = node.name.toLowerCase();
      if (name === 'meta') {
        const key = (a['property'] ?? a['name'] ?? a['itemprop'] ?? a['http-equiv'] ?? '').trim().toLowerCase();
        const content = a['content'];
        if (key && content != null && content.trim() && !s.metas.has(key)) s.metas.set(key, content);
      } else if (name === 'script') {
        const type = (a['type'] ?? '').toLowerCase();
        if (type.includes('ld+json')) s.ldScripts.push(textContent(node));
        else if (/template|text\/html/.test(type)) {
          const tpl = textContent(node);
          if (tpl.length > s.template.length) s.template = tpl;
        }
        continue;
      } else if (name === 'style') continue;
      else if (name === 'h1' && s.h1 === null) s.h1 = textContent(node);
      else if (name === 'title' && s.title === null) s.title = textContent(node);
      else if (name === 'link' && s.canonical === null && has(a['rel'], 'canonical') && a['href']) s.canonical = a['href'];
      else if (name === 'base' && s.base === null && a['href']) s.base = a['href'];
      else if (name === 'html' && s.lang === null) s.lang = a['lang'] ?? a['xml:lang'] ?? null;
      if (name === 'time' && s.firstTime === null && a['datetime']) s.firstTime = a['datetime'];
      if (s.publishedMarkup === null && ((name === 'time' && 'pubdate' in a) || has(a['itemprop'], 'datepublished')) && name !== 'meta') {
        s.publishedMarkup = a['datetime'] ?? a['content'] ?? (name === 'time' ? textContent(node) : null);
      }
      if (has(a['itemprop'], 'author')) author = true;
      if (s.authorNames.length < MAX_AUTHOR_ELEMENTS) {
        if (inAuthor && has(a['itemprop'], 'name')) s.authorNames.push(a['content'] ?? textContent(node));
        else if (has(a['rel'], 'author') && name === 'a') s.authorNames.push(textContent(node));
      }
    }
    const kids = node.children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) if (kids[i]!.type !== 'text' && kids[i]!.type !== 'comment') stack.push([kids[i]!, author]);
  }
  scans.set(root as object, s);
  return s;
}

/** Every JSON-LD object on the page, flattened: top-level arrays, @graph and nested main entities. */
export function jsonLdObjects(scan: PageScan): Json[] {
  const out: Json[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (out.length >= MAX_LD_OBJECTS || depth > MAX_LD_DEPTH || !v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Json;
    out.push(o);
    for (const k of NESTED_KEYS) if (k in o) visit(o[k], depth + 1);
  };
  for (const raw of scan.ldScripts) visit(parseJsonLoose(raw), 0);
  return out;
}

const types = (o: Json): string[] => {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
};
export const isArticleLd = (o: Json): boolean => types(o).some((t) => ARTICLE_TYPE.test(t));

/** Names from a schema.org author value: "Jane", {name}, [{name}, ...], {"@list": [...]}; organisations excluded when people are named. */
function personNames(v: unknown, depth = 0): string[] {
  if (depth > 3 || v == null) return [];
  if (typeof v === 'string') return str(v) && !isUrlLike(v) ? [str(v)!] : [];
  if (Array.isArray(v)) return v.flatMap((x) => personNames(x, depth + 1));
  if (typeof v === 'object') {
    const o = v as Json;
    if ('@list' in o) return personNames(o['@list'], depth + 1);
    const name = str(o['name']) ?? [str(o['givenName']), str(o['familyName'])].filter(Boolean).join(' ');
    return name && !isUrlLike(name) ? [name] : [];
  }
  return [];
}

const isUrlLike = (s: string): boolean => /^(https?:|www\.|\/\/)/i.test(s.trim()) || /^[\w-]+(\.[\w-]+)+\/\S*$/.test(s.trim());

/** "By Jane Roe and John Doe" -> "Jane Roe and John Doe"; null for values that are not names (URLs, long sentences). */
export function cleanByline(s: string | null): string | null {
  if (!s) return null;
  const t = s
    .replace(/\s+/g, ' ')
    .replace(/^(by|von|par|por|di|door)\s*[:-]?\s+/i, '')
    .replace(/\s*[|•·]\s*$/, '')
    .trim();
  if (!t || t.length > MAX_BYLINE_CHARS || isUrlLike(t) || !/\p{L}/u.test(t)) return null;
  return t;
}

function joinNames(names: string[]): string | null {
  const uniq = [...new Set(names.map((n) => cleanByline(n)).filter((n): n is string => !!n))];
  return uniq.length ? uniq.join(', ') : null;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
// RFC 822 / 2822 zone names (and the few US ones feeds and CMSs still write).
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };

// 2019-11-19, 2019-11-19T10:00, 2019-11-19 10:00:00.123+01:00, 2019-11-19T10:00:00Z, 20191119T100000Z, 2019/11/19 10:00
const ISO = /^(\d{4})([-/]?)(\d{2})\2(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
// Tue, 19 Nov 2019 10:00:00 GMT / 19 Nov 2019 10:00 +0100 / November 19, 2019 10:00 AM EST
const RFC = /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([a-z]{1,4}|[+-]\d{2}:?\d{2})?$/i;
const MDY = /^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([a-z]{1,4}|[+-]\d{2}:?\d{2})?$/i;

function zoneMinutes(z: string | undefined): number | null {
  if (!z) return 0; // no zone given: read as UTC, so the same input gives the same record on any machine
  const k = z.toLowerCase();
  if (k in ZONES) return ZONES[k]!;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return mins > 14 * 60 ? null : (m[1] === '-' ? -1 : 1) * mins;
}

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, zone: number | null = 0): string | null {
  if (zone === null || y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > dim) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - zone * 60_000;
  return new Date(t).toISOString();
}

/** A date from markup as ISO 8601 (UTC), or null when it is not a real date. Zone-less values are read as UTC. */
export function parseMetaDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s || s.length > 64) return null;
  let m = ISO.exec(s);
  if (m) {
    const ms = m[8] ? Math.round(Number(`0.${m[8]}`) * 1000) : 0;
    return build(+m[1]!, +m[3]!, +m[4]!, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0), Math.min(ms, 999), zoneMinutes(m[9]));
  }
  const hour = (h: string | undefined, ap: string | undefined) => {
    let n = +(h ?? 0);
    if (ap) {
      if (n < 1 || n > 12) return 99;
      n = (n % 12) + (ap.toLowerCase() === 'pm' ? 12 : 0);
    }
    return n;
  };
  m = RFC.exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.slice(0, 3).toLowerCase()];
    return mo ? build(+m[3]!, mo, +m[1]!, hour(m[4], m[7]), +(m[5] ?? 0), +(m[6] ?? 0), 0, zoneMinutes(m[8])) : null;
  }
  m = MDY.exec(s);
  if (m) {
    const mo = MONTHS[m[1]!.slice(0, 3).toLowerCase()];
    return mo ? build(+m[3]!, mo, +m[2]!, hour(m[4], m[7]), +(m[5] ?? 0), +(m[6] ?? 0), 0, zoneMinutes(m[8])) : null;
  }
  return null;
}

/** An absolute http(s) URL, resolving a relative one against `base` when there is one. */
function absoluteUrl(v: string | null, base: string | null): string | null {
  if (!v) return null;
  try {
    const u = base ? new URL(v, base) : new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** en, en-US, pt_BR -> pt-BR; anything else (a full language name, "x") -> null. */
export function normalizeLanguage(v: string | null): string | null {
  if (!v) return null;
  const t = v.trim().split(/[,;\s]/)[0]!.replace(/_/g, '-');
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(t)) return null;
  const [lang, ...rest] = t.split('-');
  return [lang!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
}

/** " Stocks rally | Example News" -> "Stocks rally" when the other part is the site name (or the short side of a separator). */
function stripSiteSuffix(title: string, site: string | null, guess: boolean): string {
  const parts = title.split(/\s+[|–—·»:-]\s+/);
  if (parts.length < 2) return title;
  if (site) {
    const s = site.toLowerCase();
    const kept = parts.filter((p) => p.toLowerCase() !== s && !s.includes(p.toLowerCase()));
    if (kept.length && kept.length < parts.length) return kept.join(' - ');
  }
  if (!guess) return title;
  // no site name to compare with (a <title> element): drop a short last part ("... | Reuters")
  const last = parts[parts.length - 1]!;
  return last.split(/\s+/).length <= 3 && parts.slice(0, -1).join(' ').length > last.length * 2 ? parts.slice(0, -1).join(' - ') : title;
}

/** Metadata read from the page markup, validated: strings trimmed, dates ISO 8601 (UTC) or null, URLs absolute. */
export function readHtmlMeta($: CheerioAPI): HtmlMeta {
  const page = scanPage($.root()[0]);
  const meta = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = str(page.metas.get(k));
      if (v) return v;
    }
    return null;
  };

  const ld = jsonLdObjects(page);
  const art = ld.find(isArticleLd) ?? ld.find((o) => types(o).some((t) => PAGE_TYPE.test(t))) ?? {};
  const ldPublisher = art['publisher'] ?? ld.find((o) => types(o).some((t) => /^(Organization|NewsMediaOrganization|WebSite)$/i.test(t)))?.['name'];
  const siteName =
    meta('og:site_name', 'application-name', 'al:android:app_name', 'al:iphone:app_name') ??
    (typeof ldPublisher === 'string' ? str(ldPublisher) : personNames(ldPublisher)[0] ?? null);

  const declared = meta('og:title', 'twitter:title', 'dc.title', 'sailthru.title', 'parsely-title') ?? str(art['headline']) ?? str(art['name']) ?? str(page.h1);
  const titleRaw = declared ?? str(page.title);
  const title = titleRaw ? stripSiteSuffix(titleRaw, siteName, !declared).slice(0, MAX_TITLE_CHARS) : null;

  const dateCandidates = [
    meta('article:published_time', 'og:article:published_time', 'article:published', 'datepublished'),
    str(art['datePublished']),
    meta('pubdate', 'publishdate', 'publish-date', 'published-date', 'date', 'dc.date', 'dc.date.issued', 'dc.date.created', 'dcterms.created', 'dcterms.issued', 'sailthru.date', 'parsely-pub-date', 'article.published', 'cxenseparse:recs:publishtime', 'original-publish-date', 'og:published_time'),
    str(page.publishedMarkup),
    str(art['dateCreated']),
    str(page.firstTime),
  ];
  let publishedAt: string | null = null;
  for (const c of dateCandidates) {
    publishedAt = parseMetaDate(c);
    if (publishedAt) break;
  }

  const base = absoluteUrl(str(page.base), null) ?? absoluteUrl(meta('og:url'), null);
  const mainEntity = art['mainEntityOfPage'];
  const url =
    absoluteUrl(str(page.canonical), base) ??
    absoluteUrl(meta('og:url', 'twitter:url', 'parsely-link'), null) ??
    absoluteUrl(str(art['url']), base) ??
    absoluteUrl(mainEntity && typeof mainEntity === 'object' ? str((mainEntity as Json)['@id']) : str(mainEntity), base);

  const byline =
    joinNames(personNames(art['author'])) ??
    joinNames([meta('author', 'dc.creator', 'byl', 'sailthru.author', 'parsely-author', 'article:author') ?? ''].filter(Boolean)) ??
    joinNames(page.authorNames) ??
    null;

  const language =
    normalizeLanguage(str(page.lang)) ??
    normalizeLanguage(meta('content-language', 'language', 'dc.language')) ??
    normalizeLanguage(str(art['inLanguage'])) ??
    normalizeLanguage(meta('og:locale'));

  return { title, publishedAt, url, siteName, byline, language };
}
