// HTML fragments (a feed item's content, a title with markup, inline HTML in a text file) to plain text.
//
// The reference is the DOM: cheerio.load(html, null, false) parses the fragment with parse5 (template context), and
// a walk of that tree gives the text. Building the DOM costs 0.1-2 ms a fragment, which dominates a feed of hundreds
// of small HTML items, so a linear reader handles the common case without a tree: fragments made only of tags whose
// parse5 tree is the tag nesting itself (paragraphs, lists, headings, inline formatting, images, line breaks,
// comments, scripts and styles). Wherever parse5 would build something else (an unknown or table tag, a misnested
// close tag, an implied close that would have to reopen a formatting element, `<!DOCTYPE`, a bogus comment, a tag cut
// off at the end), the reader gives up and the DOM path reads the fragment, so the result is always the DOM's.
// Character references are decoded by parse5 itself, once per distinct reference (memoised).
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** Elements that make a paragraph break (on entry and on exit). */
export const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'tr', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'footer', 'figure', 'figcaption', 'hr', 'aside', 'address', 'main', 'nav',
]);
/** Elements whose content is never text. */
export const SKIP = new Set(['script', 'style', 'noscript', 'iframe', 'template', 'svg', 'head', 'object', 'embed']);

// ---------------------------------------------------------------------------------------------------------------
// output: paragraphs (block elements break, <br> is a line break, whitespace runs collapse) or all text

/** Collects text as the paragraph walk does: block elements flush a paragraph, <br> adds a line break. */
class Paragraphs {
  private readonly paras: string[] = [];
  private cur = '';
  text(data: string): void {
    // every whitespace run becomes one space (a lone space is left as it is: no replacement per word)
    this.cur += data.replace(/\s{2,}|[^\S ]/g, ' ');
  }
  br(): void {
    this.cur += '\n';
  }
  flush(): void {
    if (!this.cur) return;
    let t = this.cur;
    if (t.includes('\n')) t = t.replace(/[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0]*/g, '\n');
    t = t.replace(/[ \t\r\f\v]{2,}|[\t\r\f\v]/g, ' ').trim();
    if (t) this.paras.push(t);
    this.cur = '';
  }
  result(): string {
    this.flush();
    return this.paras.join('\n\n');
  }
}

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

/** The DOM path: parse5 tree, walked with an explicit stack (a deep fragment must not overflow the call stack). */
export function paragraphsFromDom(html: string): string {
  const $ = cheerio.load(html, null, false);
  const out = new Paragraphs();
  // explicit stack of [node, leaving]: a block element flushes on entry and on exit
  const stack: Array<[AnyNode, boolean]> = [...($.root()[0] as unknown as { children: AnyNode[] }).children].reverse().map((n) => [n, false]);
  while (stack.length) {
    const [n, leaving] = stack.pop()!;
    if (n.type === 'text') {
      out.text((n as unknown as { data: string }).data);
      continue;
    }
    if (!isElement(n)) continue;
    const name = n.name.toLowerCase();
    if (SKIP.has(name)) continue;
    if (name === 'br') {
      out.br();
      continue;
    }
    const block = BLOCK.has(name);
    if (leaving) {
      if (block) out.flush();
      continue;
    }
    if (block) out.flush();
    stack.push([n, true]);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, false]);
  }
  return out.result();
}

/** The DOM path of textContent: all text of the parse5 tree but that of scripts, styles, noscript and iframes. */
export function textFromDom(html: string): string {
  const $ = cheerio.load(`<body>${html}</body>`, null, false);
  $('script, style, noscript, iframe').remove();
  return $.root().text();
}

// ---------------------------------------------------------------------------------------------------------------
// character references, decoded by parse5 (memoised: a feed repeats the same few)

const REF_CACHE_MAX = 4096;
const refCache = new Map<string, string>();
// More distinct references than this in one fragment: the DOM path reads it (each one costs a parse the first time).
const MAX_NEW_REFS = 32;

/**
 * `&name;`, `&name` (then not a letter or digit), `&#123;`, `&#x1F;` and the forms without `;`: parse5's decoding of
 * one reference does not depend on what surrounds it, because its longest match never runs past the letters and
 * digits (and the `;`) that this pattern takes. NUL and CR are here too: the tokenizer drops NUL in text and turns CR
 * and CR LF into LF before it reads references, so `&#13;` stays a CR.
 */
const TEXT_SPECIAL = /\r\n?|\0|&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[a-zA-Z0-9]+;?)/g;

class TooManyRefs extends Error {}

/** Raw text between tags, as parse5 puts it in the tree; throws TooManyRefs past the per-fragment budget. */
function decodeText(raw: string, budget: { refs: number }): string {
  if (!raw.includes('&') && !raw.includes('\r') && !raw.includes('\0')) return raw;
  return raw.replace(TEXT_SPECIAL, (m) => {
    if (m[0] !== '&') return m[0] === '\0' ? '' : '\n';
    let v = refCache.get(m);
    if (v === undefined) {
      if (--budget.refs < 0) throw new TooManyRefs();
      v = cheerio.load(`<span>${m}</span>`, null, false).root().text();
      if (refCache.size >= REF_CACHE_MAX) refCache.clear();
      refCache.set(m, v);
    }
    return v;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// the linear reader

// Tags the reader knows. parse5 (in body / in template) gives each a plain element when the fragment is well nested;
// the exceptions it handles are the implied closes listed with CLOSES_P, LI_LIKE and HEADING.
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 's', 'small', 'strike', 'strong', 'tt', 'u']);
const ORDINARY = new Set(['span', 'abbr', 'acronym', 'cite', 'q', 'sub', 'sup', 'time', 'mark', 'ins', 'del', 'dfn', 'kbd', 'samp', 'var', 'bdi', 'bdo', 'data', 'label', 'picture', 'video', 'audio']);
const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Start tags that first close an open <p> (parse5: "close a p element if one is in button scope"). */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dir', 'div', 'dl', 'fieldset', 'figcaption',
  'figure', 'footer', 'header', 'hgroup', 'main', 'menu', 'nav', 'ol', 'p', 'section', 'summary', 'ul', 'li', 'dd', 'dt',
  ...HEADING,
]);
/** Void elements: never on the stack. */
const VOID = new Set(['br', 'img', 'wbr', 'hr', 'area', 'embed', 'param', 'source', 'track', 'meta', 'link']);
/** Raw text elements (script data, RAWTEXT): content up to their end tag is not markup. */
const RAW = new Set(['script', 'style', 'iframe']);
/** The elements of the stack that are "special" in the HTML standard (they stop the <li>/<dd> walk). */
const SPECIAL = new Set([...CLOSES_P]);
// the <li>/<dd>/<dt> walk passes over these special ones
const LI_WALK_PASSES = new Set(['address', 'div', 'p']);

// Deeper than this, the DOM path reads the fragment (the <li> walk and the implied closes scan the stack).
const MAX_STACK = 512;

const isWs = (c: number) => c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isAlnum = (c: number) => isAlpha(c) || (c >= 48 && c <= 57);

/**
 * A tag from `at` (just after `<` or `</`): its lower-case name and the index after its `>`, reading attributes the
 * way the HTML tokenizer does (quoted values may hold `>`). null when the name holds other characters than letters
 * and digits or the tag runs to the end of the input.
 */
function readTag(s: string, at: number): { name: string; end: number } | null {
  const n = s.length;
  let j = at;
  while (j < n && isAlnum(s.charCodeAt(j))) j++;
  if (j >= n) return null;
  const name = s.slice(at, j).toLowerCase();
  let c = s.charCodeAt(j);
  if (!isWs(c) && c !== 47 /* / */ && c !== 62 /* > */) return null;
  for (;;) {
    // before attribute name
    while (j < n && isWs(s.charCodeAt(j))) j++;
    if (j >= n) return null;
    c = s.charCodeAt(j);
    if (c === 62) return { name, end: j + 1 };
    if (c === 47) {
      j++;
      continue;
    }
    // attribute name: its first character is taken whatever it is (even `=`)
    j++;
    while (j < n && !isWs((c = s.charCodeAt(j))) && c !== 47 && c !== 62 && c !== 61 /* = */) j++;
    while (j < n && isWs(s.charCodeAt(j))) j++;
    if (j >= n) return null;
    if (s.charCodeAt(j) !== 61) continue;
    j++;
    while (j < n && isWs(s.charCodeAt(j))) j++;
    if (j >= n) return null;
    c = s.charCodeAt(j);
    if (c === 34 || c === 39) {
      const q = s.indexOf(c === 34 ? '"' : "'", j + 1);
      if (q < 0) return null;
      j = q + 1;
    } else if (c === 62) {
      return { name, end: j + 1 };
    } else {
      while (j < n && !isWs((c = s.charCodeAt(j))) && c !== 62) j++;
    }
  }
}

// a raw text element ends at its end tag: `</name` (any case) and then whitespace, `/` or `>`
const RAW_END = new Map([...RAW].map((name) => [name, new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi')]));

/** Where a raw text element's content ends: the start of its end tag, or -1 (runs to the end of the input). */
function rawEnd(s: string, from: number, name: string): number {
  const re = RAW_END.get(name)!;
  re.lastIndex = from;
  return re.exec(s)?.index ?? -1;
}

interface Sink {
  text(data: string): void;
  br(): void;
  open(name: string): void;
  close(name: string): void;
}

/**
 * Read a fragment without a tree, reporting text, <br>, and element entry/exit (void and raw text elements are not
 * reported) in document order; false when the fragment needs the DOM. The stack follows parse5's: an implied close
 * is taken only when it pops no formatting element (parse5 would reopen it later).
 */
function readFragment(s: string, sink: Sink): boolean {
  const stack: string[] = [];
  let openP = 0;
  let openA = 0;
  const budget = { refs: MAX_NEW_REFS };
  /** pop the stack down to and including index k; false when that would pop a formatting element above k */
  const popTo = (k: number): boolean => {
    for (let i = stack.length - 1; i > k; i--) if (FORMATTING.has(stack[i]!)) return false;
    while (stack.length > k) {
      const name = stack.pop()!;
      if (name === 'p') openP--;
      else if (name === 'a') openA--;
      sink.close(name);
    }
    return true;
  };
  const lastIndex = (pred: (name: string) => boolean, stopAt?: (name: string) => boolean): number => {
    for (let i = stack.length - 1; i >= 0; i--) {
      if (pred(stack[i]!)) return i;
      if (stopAt?.(stack[i]!)) return -1;
    }
    return -1;
  };
  const n = s.length;
  let i = 0;
  try {
    while (i < n) {
      const lt = s.indexOf('<', i);
      const textEnd = lt < 0 ? n : lt;
      if (textEnd > i) sink.text(decodeText(s.slice(i, textEnd), budget));
      if (lt < 0) break;
      const c = s.charCodeAt(lt + 1);
      if (isAlpha(c)) {
        const tag = readTag(s, lt + 1);
        if (!tag) return false;
        const name = tag.name;
        i = tag.end;
        if (RAW.has(name)) {
          const end = rawEnd(s, i, name);
          if (end < 0) return true; // the rest is the element's content, which is never text
          if (name === 'script' && s.slice(i, end).includes('<!--')) return false; // script data escapes
          const close = readTag(s, end + 2);
          if (!close) return false;
          i = close.end;
          continue;
        }
        if (VOID.has(name)) {
          if (name === 'br') sink.br();
          else if (name === 'hr') {
            if (openP && !popTo(lastIndex((x) => x === 'p'))) return false;
            sink.open('hr');
            sink.close('hr');
          }
          continue;
        }
        if (!CLOSES_P.has(name) && !FORMATTING.has(name) && !ORDINARY.has(name)) return false;
        if (name === 'li' || name === 'dd' || name === 'dt') {
          const same = name === 'li' ? (x: string) => x === 'li' : (x: string) => x === 'dd' || x === 'dt';
          const k = lastIndex(same, (x) => SPECIAL.has(x) && !LI_WALK_PASSES.has(x));
          if (k >= 0 && !popTo(k)) return false;
        }
        if (CLOSES_P.has(name) && openP && !popTo(lastIndex((x) => x === 'p'))) return false;
        if (HEADING.has(name) && stack.length && HEADING.has(stack[stack.length - 1]!)) popTo(stack.length - 1);
        if (name === 'a' && openA) return false; // a nested <a> closes the outer one through the adoption agency
        if (stack.length >= MAX_STACK) return false; // the stack walks above stay short
        stack.push(name);
        if (name === 'p') openP++;
        else if (name === 'a') openA++;
        sink.open(name);
        continue;
      }
      if (c === 47 /* / */ && isAlpha(s.charCodeAt(lt + 2))) {
        const tag = readTag(s, lt + 2);
        if (!tag) return false;
        const name = tag.name;
        i = tag.end;
        let k: number;
        if (FORMATTING.has(name) || ORDINARY.has(name)) k = stack[stack.length - 1] === name ? stack.length - 1 : -1;
        else if (name === 'li') k = lastIndex((x) => x === 'li', (x) => x === 'ul' || x === 'ol');
        else if (HEADING.has(name)) {
          k = lastIndex((x) => HEADING.has(x));
          if (k >= 0 && stack[k] !== name) k = -1;
        } else if (CLOSES_P.has(name)) k = lastIndex((x) => x === name);
        else k = -1; // a void, raw or unknown element's end tag
        if (k < 0 || !popTo(k)) return false;
        continue;
      }
      if (c === 33 /* ! */ && s.startsWith('<!--', lt)) {
        const c4 = s.charCodeAt(lt + 4);
        if (c4 === 62 || (c4 === 45 && s.charCodeAt(lt + 5) === 62)) return false; // <!--> and <!--->
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) return false;
        const bang = s.indexOf('--!>', lt + 4);
        if (bang >= 0 && bang < end) return false;
        i = end + 3;
        continue;
      }
      if (c === 33 || c === 47 || c === 63 /* ? */) return false; // <!DOCTYPE, <![CDATA[, </>, </ x>, <?...>
      // a `<` that opens no tag is text
      sink.text('<');
      i = lt + 1;
    }
  } catch (e) {
    if (e instanceof TooManyRefs) return false;
    throw e;
  }
  return true;
}

/** The fast path of fragmentParagraphs: null when the fragment needs the DOM. */
export function paragraphsFast(html: string): string | null {
  const out = new Paragraphs();
  const ok = readFragment(html, {
    text: (d) => out.text(d),
    br: () => out.br(),
    open: (name) => BLOCK.has(name) && out.flush(),
    close: (name) => BLOCK.has(name) && out.flush(),
  });
  return ok ? out.result() : null;
}

/** The fast path of fragmentText: null when the fragment needs the DOM. */
export function textFast(html: string): string | null {
  const parts: string[] = [];
  const ok = readFragment(html, { text: (d) => parts.push(d), br: () => {}, open: () => {}, close: () => {} });
  return ok ? parts.join('') : null;
}

/**
 * HTML fragment to paragraphs: block elements become paragraph breaks, <br> a line break, scripts and styles
 * dropped, entities decoded, whitespace runs collapsed. The DOM walk's result, read without a DOM when possible.
 */
export function fragmentParagraphs(html: string): string {
  return paragraphsFast(html) ?? paragraphsFromDom(html);
}

/** All text of an HTML fragment (no whitespace changes) but that of scripts, styles, noscript and iframes. */
export function fragmentText(html: string): string {
  return textFast(html) ?? textFromDom(html);
}
