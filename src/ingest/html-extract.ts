// Main-text extraction from an article page.
//
// 1. One walk over the DOM (no mutation) turns the page into a sequence of text blocks: the inline text of each
//    block-level element (p, h2, li, td, a div's own text ...), with its length, the part of it inside links, and
//    the element that owns it. Hidden and never-text elements (script, style, svg, form controls ...) are not walked.
// 2. Elements whose class/id or tag say "page furniture" (share bars, related links, comments, ads, captions,
//    bylines, newsletter boxes, cookie banners, nav/aside/footer) are marked, unless they hold most of the page's
//    prose (a whole article wrapped in class="post has-share-bar" must survive).
// 3. Every block gets a value: prose (long enough, few links) counts its length; link blocks, linked headlines,
//    teaser lists and furniture count against. Summed bottom-up, with each level of nesting passing up only part of
//    its score, the element with the highest total is the article container: the most prose for the least clutter,
//    held close together. Its siblings that read as prose (a lead paragraph, the text after an ad break), and
//    repeated sections higher up, join it.
// 4. Inside the container, blocks are kept or dropped one by one (furniture, captions, link-dense blocks and lists,
//    boilerplate lines), then the head (title, byline, dateline before the first paragraph) and the tail (short
//    link lines after the last paragraph, the section after a "Related stories" or "Comments" marker) are trimmed.
//
// Every step is linear in the page size (ancestor walks are capped), so a pathological page stays fast.
import type { AnyNode, Element } from 'domhandler';
import { isBoilerplateLine } from './clean.js';

// ---------------------------------------------------------------- element classes

// Never article text, never walked.
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'embed', 'video', 'audio', 'img', 'picture', 'source', 'button', 'select', 'option', 'input', 'textarea', 'head', 'title', 'meta', 'link', 'map', 'math', 'dialog', 'base']);
// Elements that start and end a text block (everything else is inline).
const BLOCK_TAGS = new Set(['#document', 'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'legend', 'listing', 'plaintext', 'xmp']);
// The page itself: body classes describe the whole site ("has-sidebar", "header-fixed"), never furniture.
const DOCUMENT = '#document';
const PAGE_TAGS = new Set([DOCUMENT, 'html', 'body', 'main']);
// Page furniture by tag (or ARIA role).
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header']);
const FURNITURE_ROLES = /^(navigation|banner|contentinfo|complementary|search|dialog|alertdialog|menu|menubar|toolbar|tablist)$/i;
// Captions and credits: never body text.
const CAPTION_TAGS = new Set(['figure', 'figcaption', 'caption']);

// class/id words of page furniture. Split on -, _, spaces and camelCase, each word is checked three ways.
// Whole words only (short or ambiguous: "ad" must not hit "address", "nav" not "canvas"):
const NEG_WORDS = new Set([
  'ad', 'ads', 'adv', 'advert', 'adslot', 'adunit', 'adbox', 'dfp', 'gpt', 'affiliate', 'commercial',
  'nav', 'navbar', 'menu', 'menus', 'rail', 'tools', 'toolbar', 'utility', 'utilities', 'skip', 'hidden', 'offscreen', 'sr', 'visuallyhidden',
  'meta', 'date', 'dates', 'time', 'timestamp', 'dateline', 'bio', 'author', 'authors', 'byline', 'credit', 'credits', 'tags', 'taglist', 'tagcloud', 'topics', 'keywords',
  'header', 'masthead', 'banner', 'footer', 'copyright', 'alert', 'modal', 'overlay', 'lightbox', 'toast', 'popup', 'print', 'email', 'mail', 'follow',
  'login', 'signin', 'signup', 'register', 'paywall', 'regwall', 'gdpr', 'consent', 'pager', 'pagination', 'rating', 'vote', 'votes', 'reply', 'replies', 'respond',
  'breadcrumb', 'breadcrumbs', 'sidebar', 'widget', 'widgets', 'promo', 'promos', 'share', 'shares', 'sharing', 'social', 'related', 'recirc', 'trending', 'popular', 'caption', 'captions',
]);
// (Not "tag" or "category": WordPress marks every post wrapper "category-news tag-economy".)
// Word prefixes ("sharebar", "commentlist", "newsletterform"):
const NEG_PREFIXES = ['share', 'social', 'newsletter', 'subscri', 'recommend', 'related', 'comment', 'advert', 'sponsor', 'promo', 'cookie', 'breadcrumb', 'sidebar', 'footer', 'byline', 'caption', 'trending', 'outbrain', 'taboola', 'disqus', 'popup', 'widget', 'navigation', 'pagination', 'copyright', 'masthead', 'toolbar', 'mostread', 'mostpopular', 'readmore', 'readnext', 'upnext', 'seealso', 'alsoread', 'moreon', 'morefrom', 'morestories', 'nocontent', 'noprint'];
// Distinctive long words, also inside compounds ("postcomments", "sitefooter", "articlesocial"):
const NEG_INFIXES = ['comment', 'newsletter', 'related', 'sidebar', 'footer', 'social', 'sponsor', 'advert', 'breadcrumb', 'outbrain', 'taboola', 'disqus', 'cookie', 'byline', 'caption', 'trending', 'recommend', 'subscribe', 'sharing', 'sharebar', 'navbar', 'topnav', 'subnav', 'sidenav', 'mainnav'];
// ... and of content: an element matching both is furniture only when it is small ("article-share" is a share bar).
const POS_WORDS = new Set(['article', 'articles', 'body', 'content', 'contents', 'entry', 'main', 'post', 'story', 'text', 'blog', 'prose', 'richtext', 'column', 'articlebody', 'storybody', 'postbody', 'entrycontent', 'postcontent', 'maincontent']);
// Inline elements with these class words are hidden pop-ups or screen-reader text, skipped with their content.
const POPUP_CLASS = /(?:^|[^a-z])(?:tooltip|popover|hovercard|hover-card|rollover|sr-only|screen-reader|visually-hidden|visuallyhidden|offscreen)/i;
// Headings with these class words open a furniture section ("h3.related-title" over a list of other stories).
const SECTION_CLASS = /related|recommend|popular|trending|comment|more-?(stories|news|articles|from|on)|read-?(next|more)|up-?next|see-?also|also-?read|you-?may|newsletter/;
// Comment sections hold long prose too: these stay furniture however much text they hold.
const HARD_PREFIXES = ['comment', 'disqus', 'respond', 'repl'];

interface ClassVerdict {
  neg: boolean;
  pos: boolean;
  hard: boolean;
}
const NO_CLASS: ClassVerdict = { neg: false, pos: false, hard: false };
const classCache = new Map<string, ClassVerdict>();
// class strings repeat across pages (framework class names); the cache is bounded so it cannot grow without limit
const MAX_CLASS_CACHE = 20_000;

function classify(attrs: string): ClassVerdict {
  if (!attrs) return NO_CLASS;
  const hit = classCache.get(attrs);
  if (hit) return hit;
  const words = attrs.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const v: ClassVerdict = { neg: false, pos: false, hard: false };
  for (const w of words) {
    if (POS_WORDS.has(w)) v.pos = true;
    if (NEG_WORDS.has(w) || NEG_PREFIXES.some((p) => w.startsWith(p)) || (w.length > 6 && NEG_INFIXES.some((p) => w.includes(p)))) v.neg = true;
    if (HARD_PREFIXES.some((p) => w.startsWith(p)) || w.includes('comment')) v.hard = true;
  }
  if (classCache.size >= MAX_CLASS_CACHE) classCache.clear();
  classCache.set(attrs, v);
  return v;
}

// ---------------------------------------------------------------- thresholds

// A block this long (chars) with few links reads as prose; shorter ones are labels, bylines, buttons.
const MIN_PROSE_CHARS = 30;
// Above this share of link text a block is navigation ("Read more: ...", a teaser list item).
const MAX_PROSE_LINK_DENSITY = 0.6;
// Clutter (link blocks, furniture) counts against a container at this weight per char.
const CLUTTER_WEIGHT = 1;
// A linked headline (a teaser's title) counts against a container at this weight per char.
const HEADLINE_WEIGHT = 3;
// Short non-link blocks (labels, bylines, "Advertisement") count slightly against a container.
const SHORT_WEIGHT = 0.2;
// Furniture that holds at least this share of the page's prose is the article itself, mis-named.
const FURNITURE_OVERRIDE_SHARE = 0.5;
// A list item opening with a link this long (visible chars, about four words) opens with a headline: a teaser.
const TEASER_HEADLINE_CHARS = 20;
// A block whose text is at least this much one leading link is a linked headline.
const HEADLINE_LINK_SHARE = 0.8;
// A list is a teaser list when it has this many items and this share of them are teasers.
const MIN_TEASER_ITEMS = 3;
const TEASER_SHARE = 0.6;
// Each level of nesting passes this share of its score up (see "container score").
const LEVEL_DECAY = 0.85;
// A sibling of the container joins it with at least this much prose and at most this link density.
const MIN_SIBLING_PROSE = MIN_PROSE_CHARS;
const MAX_SIBLING_LINK_DENSITY = 0.25;
// How many levels above the container we look for repeated article sections to merge.
const MAX_MERGE_LEVELS = 4;
// Prose inside itemprop="articleBody" weighs this much more when choosing the container.
const ARTICLE_BODY_BOOST = 2;
// A region (list, div) inside the container whose text is mostly links is a link cluster, when it is this big.
const MIN_CLUSTER_CHARS = 40;
const MAX_CLUSTER_LINK_DENSITY = 0.6;
// How far up from a block we look for a link cluster (keeps the walk linear on deep pages).
const MAX_CLUSTER_DEPTH = 6;
// Before the first paragraph, lines shorter than this are bylines, datelines and kickers.
const MAX_HEAD_CHROME_CHARS = 80;
// After the last paragraph, short lines with a link are tags, credits and share prompts.
const MAX_TAIL_CHROME_CHARS = 100;
// "Related stories" / "Comments" end the article only in its last part; earlier they are section headings.
const TAIL_MARKER_ZONE = 0.5;
const TAIL_MARKER = /^(related( (articles?|stories|posts?|content|coverage|news|reading|links|topics))?|more (on|from|about) .{1,40}|more (stories|articles|news)|read (more|next|also)|see also|also read|you (may|might) also (like|enjoy)|recommended( for you| stories| reading)?|most (read|popular|viewed)|trending( now| stories)?|popular (now|stories)|latest (news|stories|articles)|comments?( \(\d+\))?|\d+ comments?|leave a (comment|reply)|join the (discussion|conversation)|share this( article| story| post)?|tags?:?|topics?:?|filed under:?|about the author|sign up for .{1,60}|subscribe to .{1,60})$/i;

// ---------------------------------------------------------------- the walk

type Kind = 'p' | 'h' | 'li' | 'pre' | 'quote' | 'cell' | 'div';

interface Block {
  text: string;
  len: number;
  linkLen: number;
  /** visible (non-space) characters: link density is linkLen / vis */
  vis: number;
  /** visible characters of the link the block starts with (a teaser's headline), 0 when it starts with plain text */
  leadLink: number;
  /** the leading link's text ends a sentence (a digest item "Google bought CloudSimple." rather than a headline) */
  leadSentence: boolean;
  /** index of the element that owns the text */
  owner: number;
  kind: Kind;
  headingLevel: number;
  /** inside figure/figcaption/caption */
  caption: boolean;
  /** innermost enclosing ul/ol/dl, or -1 */
  list: number;
}

interface Tree {
  els: Element[];
  parent: number[];
  /** last descendant's index (pre-order), so d is inside e iff e < d <= last[e] */
  last: number[];
  neg: boolean[];
  pos: boolean[];
  hard: boolean[];
  /** nav/aside/footer/header or a furniture ARIA role */
  sem: boolean[];
  /** marked up as the article text (itemprop="articleBody") */
  body: boolean[];
  blocks: Block[];
}

// Paragraph-like owners: inline elements inside them are part of the sentence, whatever their class.
const PARA_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'dd', 'dt', 'blockquote', 'td', 'th', 'pre']);
const INLINE_FURNITURE = /caption|credit|share|social|advert|\bads?\b|promo|sponsor|related|newsletter|subscri/i;
// Text-level elements: a container chosen among them moves up to their parent.
const INLINE_WRAPPER = new Set(['span', 'a', 'b', 'i', 'em', 'strong', 'font', 'small', 'big', 'u', 'sup', 'sub', 'code', 'mark', 'q', 'cite', 'abbr', 'time', 'label']);
const KIND: Record<string, Kind> = { p: 'p', li: 'li', dd: 'li', dt: 'li', pre: 'pre', listing: 'pre', xmp: 'pre', plaintext: 'pre', blockquote: 'quote', td: 'cell', th: 'cell' };
const HEADING = /^h([1-6])$/;

/** Characters other than whitespace (a loop: no regex or allocation per text node). */
function visibleChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c <= 32 || c === 160 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0xfeff)) n++;
  }
  return n;
}

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  const style = a['style'];
  return !!style && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

function classWords(el: Element): string {
  const c = el.attribs['class'] ?? '';
  const id = el.attribs['id'] ?? '';
  return c && id ? `${c} ${id}` : c || id;
}

interface Frame {
  el: Element;
  idx: number;
  child: number;
  block: boolean;
  link: boolean;
  pre: boolean;
}

function walk(root: AnyNode): Tree {
  const t: Tree = { els: [], parent: [], last: [], neg: [], pos: [], hard: [], sem: [], body: [], blocks: [] };
  // the text block being built
  let parts: string[] = [];
  let linkLen = 0;
  let textLen = 0;
  let leadLink = 0;
  let leadEnd = '';
  let leading = true; // no plain text seen yet in this block
  // innermost block-level element (the owner of the running text), its kind, heading level, caption and list context
  const owners: number[] = [];
  let captionDepth = 0;
  const lists: number[] = [];
  let linkDepth = 0;
  let preDepth = 0;

  const flush = () => {
    if (!textLen) {
      parts = [];
      linkLen = 0;
      leadLink = 0;
      leading = true;
      return;
    }
    const raw = parts.join('');
    parts = [];
    const text = preDepth
      ? raw.replace(/[^\S\n\u2028]+/g, ' ').replace(/ *[\n\u2028] */g, '\n').replace(/\n{3,}/g, '\n\n').trim()
      : raw.replace(/[^\S\u2028]+/g, ' ').replace(/ *\u2028 */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
    const ll = linkLen;
    const vis = textLen;
    const lead = leadLink;
    const leadSentence = /[.!?]["'”’)]?$/.test(leadEnd);
    leadEnd = '';
    linkLen = 0;
    textLen = 0;
    leadLink = 0;
    leading = true;
    if (!text) return;
    const owner = owners[owners.length - 1] ?? 0;
    const tag = t.els[owner]?.name ?? 'div';
    const h = HEADING.exec(tag);
    t.blocks.push({
      text,
      len: text.length,
      linkLen: ll,
      vis,
      leadLink: lead,
      leadSentence,
      owner,
      kind: h ? 'h' : (KIND[tag] ?? 'div'),
      headingLevel: h ? Number(h[1]) : 0,
      caption: captionDepth > 0,
      list: lists[lists.length - 1] ?? -1,
    });
  };

  const stack: Frame[] = [];
  const enter = (el: Element) => {
    const idx = t.els.length;
    const name = el.name.toLowerCase();
    t.els.push(el);
    t.parent.push(stack.length ? stack[stack.length - 1]!.idx : -1);
    t.last.push(idx);
    // inside a paragraph, an inline element's class is mostly styling ("<p><span class=dateline>KOBE –</span> A total
    // ..."), except for captions, credits and share or ad slots
    const inline = !BLOCK_TAGS.has(name);
    const inPara = inline && owners.length > 0 && PARA_TAGS.has(t.els[owners[owners.length - 1]!]!.name);
    const words = classWords(el);
    const cls = PAGE_TAGS.has(name) || (inPara && !INLINE_FURNITURE.test(words)) ? NO_CLASS : classify(words);
    const role = el.attribs['role'];
    const structural = FURNITURE_TAGS.has(name) || (!!role && FURNITURE_ROLES.test(role));
    t.neg.push(cls.neg || structural);
    t.pos.push(cls.pos);
    t.hard.push(cls.hard);
    t.sem.push(structural);
    t.body.push(/\barticlebody\b/i.test(el.attribs['itemprop'] ?? ''));
    const block = BLOCK_TAGS.has(name) || t.neg[idx]!;
    if (block) {
      flush();
      owners.push(idx);
    }
    if (CAPTION_TAGS.has(name)) captionDepth++;
    if (name === 'ul' || name === 'ol' || name === 'dl' || name === 'menu') lists.push(idx);
    const link = name === 'a';
    if (link) linkDepth++;
    const pre = KIND[name] === 'pre';
    if (pre) preDepth++;
    stack.push({ el, idx, child: 0, block, link, pre });
  };
  const exit = (f: Frame) => {
    const name = f.el.name.toLowerCase();
    if (f.block) {
      flush();
      owners.pop();
    }
    if (CAPTION_TAGS.has(name)) captionDepth--;
    if (lists[lists.length - 1] === f.idx) lists.pop();
    if (f.link) linkDepth--;
    if (f.pre) preDepth--;
    t.last[f.idx] = t.els.length - 1;
  };

  const visit = (node: AnyNode) => {
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      if (!data) return;
      parts.push(data);
      // count visible characters only, so indentation does not dilute link density
      const n = visibleChars(data);
      textLen += n;
      if (linkDepth) linkLen += n;
      if (n && leading) {
        if (linkDepth) {
          leadLink += n;
          leadEnd = data.trimEnd().slice(-2);
        } else {
          leading = false;
          // "<a>Google bought CloudSimple</a>. The startup ...": the sentence ends right after the link
          if (leadLink) leadEnd += data.trimStart().charAt(0);
        }
      }
      return;
    }
    if (node.type !== 'tag') return; // script, style, comment, directive, cdata
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (name === 'br') {
      parts.push('\u2028');
      return;
    }
    if (SKIP_TAGS.has(name) || isHidden(el)) return;
    // hover cards and screen-reader labels inside a paragraph: not shown as text, and they would break the paragraph
    if (!BLOCK_TAGS.has(name) && el.attribs['class'] && POPUP_CLASS.test(el.attribs['class'])) return;
    if (name === 'hr') {
      flush();
      return;
    }
    enter(el);
  };

  // the document itself is element 0 (a fragment's top-level paragraphs need a common container); elements get
  // frames on an explicit stack, so deep pages need no recursion
  const children = (root as unknown as { children?: AnyNode[] }).children ?? [];
  enter({ type: 'tag', name: DOCUMENT, attribs: {}, children } as unknown as Element);
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    const kids = f.el.children;
    if (f.child < kids.length) visit(kids[f.child++]!);
    else {
      stack.pop();
      exit(f);
    }
  }
  flush();
  return t;
}

// ---------------------------------------------------------------- scoring and selection

const isProse = (b: Block) => b.kind !== 'h' && !b.caption && b.len >= MIN_PROSE_CHARS && b.linkLen / b.vis <= MAX_PROSE_LINK_DENSITY;

const isHeadlineLink = (b: Block) => b.leadLink >= TEASER_HEADLINE_CHARS && b.leadLink >= HEADLINE_LINK_SHARE * b.vis;

function blockValue(b: Block, furniture: boolean, teaser: boolean): number {
  // a linked headline stands for another article, and an excerpt usually follows it: it outweighs the excerpt
  if (isHeadlineLink(b)) return -HEADLINE_WEIGHT * b.len;
  const ld = b.linkLen / b.vis;
  // a heading that is a link titles another page (a teaser card); other headings are neutral
  if (b.kind === 'h') return ld > MAX_PROSE_LINK_DENSITY ? -CLUTTER_WEIGHT * b.len : 0;
  if (furniture || b.caption || teaser) return -CLUTTER_WEIGHT * b.len;
  if (ld > MAX_PROSE_LINK_DENSITY) return -CLUTTER_WEIGHT * b.len;
  if (b.len >= MIN_PROSE_CHARS) return b.len * (1 - ld);
  return -SHORT_WEIGHT * b.len;
}

/**
 * Lists of teasers: most items open with a headline-long link followed by an excerpt ("<li><a>Fed holds rates
 * steady</a> The central bank said...</li>"). Article bullet points open with plain text or a short name link,
 * and a news digest's items open with a linked sentence ("<a>Google bought CloudSimple.</a> The startup ...").
 */
function findTeaserLists(t: Tree): Set<number> {
  const items = new Map<number, [number, number]>();
  for (const b of t.blocks) {
    if (b.list < 0 || b.kind !== 'li') continue;
    const c = items.get(b.list) ?? [0, 0];
    c[0]++;
    if (b.leadLink >= TEASER_HEADLINE_CHARS && (!b.leadSentence || /(\.\.\.|…)$/.test(b.text))) c[1]++;
    items.set(b.list, c);
  }
  const out = new Set<number>();
  for (const [list, [all, teasers]] of items) if (all >= MIN_TEASER_ITEMS && teasers >= TEASER_SHARE * all) out.add(list);
  return out;
}

/** For each element, the index of the innermost marked element at or above it, or -1 (parents come first in pre-order). */
function markUnder(t: Tree, marked: Uint8Array): Int32Array {
  const out = new Int32Array(t.els.length).fill(-1);
  for (let i = 0; i < out.length; i++) {
    const p = t.parent[i]!;
    out[i] = marked[i] ? i : p >= 0 ? out[p]! : -1;
  }
  return out;
}

export interface ExtractOptions {
  /** the page title, dropped when it opens the body */
  title?: string | null;
}

const normTitle = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The article's main text: paragraphs joined by "\n\n", headings on their own lines, list items one per line. */
export function extractMainText(root: AnyNode, opts: ExtractOptions = {}): string {
  const t = walk(root);
  const n = t.els.length;
  const { blocks } = t;
  if (!blocks.length) return '';

  // text, link text and prose per element, summed bottom-up (parents come before children in pre-order)
  const prose = new Float64Array(n);
  const proseBlocks = new Float64Array(n);
  const chars = new Float64Array(n);
  const links = new Float64Array(n);
  // blocks that are a linked headline ("<h3><a>Another story</a></h3>"): teaser cards have one per excerpt
  const headlines = new Float64Array(n);
  for (const b of blocks) {
    if (isProse(b)) {
      prose[b.owner]! += b.len;
      proseBlocks[b.owner]!++;
    }
    chars[b.owner]! += b.vis;
    if (isHeadlineLink(b)) headlines[b.owner]!++;
    links[b.owner]! += b.linkLen;
  }
  const sumUp = (a: Float64Array) => {
    for (let i = n - 1; i > 0; i--) {
      const p = t.parent[i]!;
      if (p >= 0) a[p]! += a[i]!;
    }
  };
  sumUp(prose);
  sumUp(proseBlocks);
  sumUp(chars);
  sumUp(headlines);
  sumUp(links);
  const total = (a: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (t.parent[i] === -1) s += a[i]!;
    return s;
  };
  const pageProse = total(prose);

  // furniture, first by structure: nav/aside/footer/header (unless the page put its article there) and comments
  const furniture = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (t.hard[i]) furniture[i] = 1;
    else if (t.sem[i] && !(pageProse > 0 && prose[i]! >= FURNITURE_OVERRIDE_SHARE * pageProse)) furniture[i] = 1;
  }
  // then by class/id, unless the element holds most of the prose left outside the structural furniture
  const mainProse = new Float64Array(n);
  {
    const under = markUnder(t, furniture);
    for (const b of blocks) if (isProse(b) && under[b.owner]! < 0) mainProse[b.owner]! += b.len;
    sumUp(mainProse);
  }
  const pageMainProse = total(mainProse);
  for (let i = 0; i < n; i++) {
    if (furniture[i] || !t.neg[i]) continue;
    // (an article has paragraphs: one long block in a furniture box is a notice, not a mis-named article)
    if (pageMainProse > 0 && mainProse[i]! >= FURNITURE_OVERRIDE_SHARE * pageMainProse && (proseBlocks[i]! >= 2 || t.pos[i])) continue;
    furniture[i] = 1;
  }
  // a furniture heading ("Related posts", "You may also like") opens a furniture section: its later siblings
  const cutAfter = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const p = t.parent[i]!;
    if (p < 0) continue;
    if (cutAfter[p]! >= 0 && !furniture[i]) furniture[i] = 1;
    else if (furniture[i] && HEADING.test(t.els[i]!.name) && cutAfter[p]! < 0 && SECTION_CLASS.test(classWords(t.els[i]!).toLowerCase())) cutAfter[p] = i;
  }
  const inFurniture = markUnder(t, furniture);

  // container score: block values summed bottom-up; prose the page marks as the article body counts double
  const inBody = markUnder(t, Uint8Array.from(t.body, (x) => (x ? 1 : 0)));
  const teaserList = findTeaserLists(t);
  const score = new Float64Array(n);
  for (const b of blocks) {
    const v = blockValue(b, inFurniture[b.owner]! >= 0, b.list >= 0 && teaserList.has(b.list));
    score[b.owner]! += v > 0 && inBody[b.owner]! >= 0 ? v * ARTICLE_BODY_BOOST : v;
  }
  // raw: the plain sum; score: the sum with each level of nesting discounting what it passes up, so the element that
  // holds the paragraphs beats a page-wide wrapper that also gathers teaser cards and widgets from far below
  const raw = Float64Array.from(score);
  for (let i = n - 1; i > 0; i--) {
    const p = t.parent[i]!;
    if (p >= 0) {
      raw[p]! += raw[i]!;
      score[p]! += LEVEL_DECAY * score[i]!;
    }
  }
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (inFurniture[i]! >= 0 || CAPTION_TAGS.has(t.els[i]!.name)) continue;
    // ties go to the deeper element: same prose, less around it
    if (best < 0 || score[i]! >= score[best]!) best = i;
  }
  if (best < 0 || score[best]! <= 0) best = -1;
  // a lone paragraph is never the article: its container is (it holds the short lines around it)
  while (best >= 0 && t.parent[best]! >= 0 && (KIND[t.els[best]!.name] || HEADING.test(t.els[best]!.name) || INLINE_WRAPPER.has(t.els[best]!.name))) best = t.parent[best]!;
  const articleLike = (i: number) =>
    inFurniture[i]! < 0 && !CAPTION_TAGS.has(t.els[i]!.name) && raw[i]! > 0 && prose[i]! >= MIN_SIBLING_PROSE && links[i]! <= MAX_SIBLING_LINK_DENSITY * chars[i]! && headlines[i]! * 2 <= proseBlocks[i]! - 1;
  const signature = (i: number) => `${t.els[i]!.name}.${t.els[i]!.attribs['class'] ?? ''}`;
  const roots: number[] = [];
  if (best >= 0) {
    roots.push(best);
    // siblings of the container; higher up, siblings of its ancestors that repeat the ancestor's tag and class (an
    // article cut into several "section.content" blocks)
    for (let a = best, level = 0; level <= MAX_MERGE_LEVELS && t.parent[a]! >= 0; a = t.parent[a]!, level++) {
      const p = t.parent[a]!;
      if (PAGE_TAGS.has(t.els[p]!.name) && level > 0) break;
      const sig = level > 0 ? signature(a) : '';
      for (let i = p + 1; i <= t.last[p]!; i = t.last[i]! + 1) if (i !== a && (level === 0 || signature(i) === sig) && articleLike(i)) roots.push(i);
    }
    roots.sort((x, y) => x - y);
  }
  // each selected block's root, so the checks below look no higher than the part of the article it is in
  const rootOf = new Map<Block, number>();
  const sel: Block[] = [];
  if (best < 0) sel.push(...blocks);
  else {
    let r = 0;
    for (const b of blocks) {
      while (r < roots.length && b.owner > t.last[roots[r]!]!) r++;
      if (r >= roots.length) break;
      if (b.owner >= roots[r]!) {
        sel.push(b);
        rootOf.set(b, roots[r]!);
      }
    }
  }
  if (!sel.length) return '';

  // a region between the block and the container that is mostly links (an unnamed "related" box)
  const inLinkCluster = (b: Block, root: number): boolean => {
    let e = b.owner;
    for (let d = 0; d < MAX_CLUSTER_DEPTH && e >= 0 && e !== root; d++, e = t.parent[e]!) {
      if (chars[e]! >= MIN_CLUSTER_CHARS && links[e]! / chars[e]! > MAX_CLUSTER_LINK_DENSITY) return true;
    }
    return false;
  };

  type Verdict = 'keep' | 'weak' | 'strong';
  const title = opts.title ? normTitle(opts.title) : '';
  const verdict: Verdict[] = sel.map((b) => {
    const root = rootOf.get(b) ?? -1;
    // furniture above the root is impossible (roots are never inside furniture): any furniture is inside it
    if (inFurniture[b.owner]! >= 0 && root >= 0) return 'strong';
    if (b.caption) return 'weak';
    if (b.kind === 'h') return title && normTitle(b.text) === title ? 'weak' : 'keep';
    if (b.linkLen / b.vis > MAX_PROSE_LINK_DENSITY) return 'strong';
    if (b.list >= 0 && b.list !== root && chars[b.list]! > 0 && links[b.list]! / chars[b.list]! > MAX_PROSE_LINK_DENSITY) return 'strong';
    if (b.list >= 0 && b.list !== root && teaserList.has(b.list)) return 'strong';
    if (inLinkCluster(b, root)) return 'strong';
    if (isBoilerplateLine(b.text)) return 'weak';
    return 'keep';
  });

  // head: before the first prose paragraph, drop h1 (the headline) and short lines (byline, dateline, kicker)
  const firstProse = sel.findIndex((b, i) => verdict[i] === 'keep' && isProse(b));
  for (let i = 0; i < (firstProse < 0 ? 0 : firstProse); i++) {
    const b = sel[i]!;
    if (verdict[i] !== 'keep') continue;
    if ((b.kind === 'h' && b.headingLevel <= 1) || (b.kind !== 'h' && b.len < MAX_HEAD_CHROME_CHARS)) verdict[i] = 'weak';
  }
  // tail: cut at a "Related" / "Comments" marker in the last part; then drop short lines after the last paragraph
  const selChars = sel.reduce((a, b) => a + b.len, 0);
  let seen = 0;
  for (let i = 0; i < sel.length; i++) {
    const b = sel[i]!;
    if (verdict[i] === 'keep' && seen > TAIL_MARKER_ZONE * selChars && b.len <= 60 && TAIL_MARKER.test(b.text.replace(/[:.]$/, ''))) {
      // the marker's section: what follows it inside its parent (everything, when that parent is the container)
      const p = t.parent[b.owner]!;
      const end = p < 0 || p <= (rootOf.get(b) ?? -1) ? Infinity : t.last[p]!;
      for (let j = i; j < sel.length && sel[j]!.owner <= end; j++) verdict[j] = 'strong';
    }
    seen += b.len;
  }
  let lastProse = -1;
  for (let i = sel.length - 1; i >= 0; i--) if (verdict[i] === 'keep' && isProse(sel[i]!)) { lastProse = i; break; }
  if (lastProse >= 0) {
    for (let i = lastProse + 1; i < sel.length; i++) {
      const b = sel[i]!;
      if (verdict[i] === 'keep' && (b.kind === 'h' || (b.linkLen > 0 && b.len < MAX_TAIL_CHROME_CHARS))) verdict[i] = 'weak';
    }
  }

  // a heading stays when kept text follows it before any dropped clutter (a "Related" heading over a link list goes)
  for (let i = 0; i < sel.length; i++) {
    if (sel[i]!.kind !== 'h' || verdict[i] !== 'keep') continue;
    let keep = false;
    for (let j = i + 1; j < sel.length; j++) {
      if (sel[j]!.kind === 'h') continue;
      if (verdict[j] === 'keep') keep = true;
      if (verdict[j] !== 'weak') break;
    }
    if (!keep) verdict[i] = 'weak';
  }

  // output: list items of one list one per line, other blocks as paragraphs; repeated blocks once
  let out = '';
  let prev: Block | null = null;
  for (let i = 0; i < sel.length; i++) {
    if (verdict[i] !== 'keep') continue;
    const b = sel[i]!;
    if (prev && prev.text === b.text) continue;
    out += prev ? (prev.kind === 'li' && b.kind === 'li' && prev.list === b.list ? '\n' : '\n\n') : '';
    out += b.text;
    prev = b;
  }
  return out;
}
