// A guard against pathologically deep HTML. htmlparser2 (cheerio/slim) keeps its open-element stack with
// unshift/shift and parse5 re-scans its stack too, so parsing 40,000 nested <div>s takes seconds and 80,000 take
// minutes. Real pages nest 30-60 deep. limitNesting() replays the parser's stack in one linear scan and, only when
// the page goes deeper than the limit, removes the tags beyond it (their text stays), so the parse stays linear.

// Elements with no content: never on the stack.
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Raw-text elements: their content is not markup.
const RAW = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noembed', 'noframes', 'iframe', 'plaintext']);
// Opening tag -> open elements it closes when they are on top (htmlparser2's HTML-mode rules, in short).
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((t) => [t, new Set(P)] as [string, Set<string>]),
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, new Set(FORM)] as [string, Set<string>]),
]);

/** Deepest nesting we let through; real pages stay far below it. */
export const MAX_NESTING = 256;

const NAME = /\/?([a-zA-Z][a-zA-Z0-9:_.-]*)/y;

/** The page with tags nested deeper than `max` removed (their text kept); the same string when nothing is that deep. */
export function limitNesting(html: string, max = MAX_NESTING): string {
  const stack: string[] = [];
  const open = new Map<string, number>(); // name -> how many are on the stack, so a stray close tag costs O(1)
  const cuts: number[] = []; // [start, end) pairs to remove
  let removed = 0; // tags removed whose close tags are still to come
  let gt = -1; // cached position of the next '>'
  const n = html.length;
  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
  };
  const pop = () => {
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    return name;
  };
  let i = html.indexOf('<');
  while (i >= 0 && i < n) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) break;
      i = html.indexOf('<', end + 3);
      continue;
    }
    if (gt < i) gt = html.indexOf('>', i);
    if (gt < 0) break; // no tag can close any more
    const c = html.charCodeAt(i + 1);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      i = html.indexOf('<', gt + 1);
      continue;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(html);
    if (!m) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const closing = m[0].charCodeAt(0) === 47; /* / */
    const name = m[1]!.toLowerCase();
    const end = gt + 1;
    if (closing) {
      if (!VOID.has(name) && (open.get(name) ?? 0) > 0) {
        while (pop() !== name);
      } else if (removed > 0 && name !== 'p' && name !== 'br') {
        cuts.push(i, end); // the close tag of a removed tag
        removed--;
      }
    } else {
      const closes = IMPLIES_CLOSE.get(name);
      if (closes) while (stack.length && closes.has(stack[stack.length - 1]!)) pop();
      if (!VOID.has(name)) {
        if (stack.length >= max && !RAW.has(name)) {
          cuts.push(i, end);
          removed++;
        } else push(name);
      }
      if (RAW.has(name)) {
        const re = new RegExp(`</${name}[\\s/>]`, 'gi');
        re.lastIndex = end;
        const r = re.exec(html);
        if (!r) break;
        i = r.index;
        continue;
      }
    }
    i = html.indexOf('<', end);
  }
  if (!cuts.length) return html;
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < cuts.length; k += 2) {
    parts.push(html.slice(from, cuts[k]));
    from = cuts[k + 1]!;
  }
  parts.push(html.slice(from));
  return parts.join('');
}
