// A quick answer to "would sax, in strict mode with only the five XML entities, accept this document?" for the
// plain documents most feeds are, so that the strict pass (sax reads character by character: about a third of the
// time of parsing a feed of small items) runs only when the answer is not an obvious yes.
//
// The check is one-sided: true means sax accepts the document (every construct it allows is one sax reads without
// complaint); false means only "not sure", and sax decides, giving its own reason. It allows: whitespace, comments,
// processing instructions (the XML declaration) and nothing else outside one root element; start tags with ASCII
// names and quoted attributes; matching end tags; text and attribute values whose `&` opens one of the five entities
// or a character reference to a character XML allows; CDATA sections inside the root. A DOCTYPE, another `<!`
// declaration, a non-ASCII name, `< x`, an unquoted or valueless attribute, anything cut off: not sure.

const isXmlSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 /* _ */ || c === 58; /* : */
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 /* - */ || c === 46; /* . */

/** sax's isXmlChar: the code points a character reference may name. */
function isXmlChar(n: number): boolean {
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

const ENTITY = /&(?:(?:amp|lt|gt|quot|apos);|#([0-9]{1,7});|#x([0-9a-fA-F]{1,6});)/y;

/**
 * A checker of the `&` in ranges of `s` taken in increasing order: each `&` opens an entity sax knows. It remembers
 * where the next `&` is, so the document is searched for `&` once in all, however many ranges there are.
 */
function entityChecker(s: string): (from: number, to: number) => boolean {
  let amp = s.indexOf('&');
  return (from, to) => {
    if (amp >= 0 && amp < from) amp = s.indexOf('&', from);
    while (amp >= 0 && amp < to) {
      ENTITY.lastIndex = amp;
      const m = ENTITY.exec(s);
      if (!m || ENTITY.lastIndex > to) return false;
      if (m[1] !== undefined && !isXmlChar(parseInt(m[1], 10))) return false;
      if (m[2] !== undefined && !isXmlChar(parseInt(m[2], 16))) return false;
      amp = s.indexOf('&', ENTITY.lastIndex);
    }
    return true;
  };
}

function onlySpace(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isXmlSpace(s.charCodeAt(k))) return false;
  return true;
}

/** The end of an XML name starting at `at` (ASCII names only), or -1 when none starts there. */
function nameEnd(s: string, at: number): number {
  if (!isNameStart(s.charCodeAt(at))) return -1;
  let j = at + 1;
  while (isNameChar(s.charCodeAt(j))) j++;
  return j;
}

/** True when sax (strict, strictEntities) certainly accepts `s`; false when it may not (then ask sax). */
export function plainlyWellFormed(s: string): boolean {
  const stack: string[] = [];
  const entitiesOk = entityChecker(s);
  let sawRoot = false;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const lt = s.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (stack.length ? !entitiesOk(i, textEnd) : !onlySpace(s, i, textEnd)) return false;
    if (lt < 0) break;
    const c = s.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (s.startsWith('<!--', lt)) {
        // sax: a comment ends at its first `--`, which must be followed by `>`
        const dd = s.indexOf('--', lt + 4);
        if (dd < 0 || s.charCodeAt(dd + 2) !== 62) return false;
        i = dd + 3;
        continue;
      }
      if (stack.length && s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) return false;
        i = end + 3;
        continue;
      }
      return false; // DOCTYPE or another declaration: sax decides
    }
    if (c === 63 /* ? */) {
      // sax: a processing instruction ends at `?>`, unless that `?` is the second of `??` (read as body text)
      const end = s.indexOf('?>', lt + 2);
      if (end < 0 || s.charCodeAt(end - 1) === 63) return false;
      i = end + 2;
      continue;
    }
    if (c === 47 /* / */) {
      const e = nameEnd(s, lt + 2);
      if (e < 0 || s.slice(lt + 2, e) !== stack[stack.length - 1]) return false;
      let j = e;
      while (isXmlSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== 62) return false;
      stack.pop();
      i = j + 1;
      continue;
    }
    // a start tag
    if (sawRoot && !stack.length) return false; // a second root element
    const e = nameEnd(s, lt + 1);
    if (e < 0) return false;
    const name = s.slice(lt + 1, e);
    let j = e;
    let selfClosing = false;
    for (;;) {
      const space = isXmlSpace(s.charCodeAt(j));
      while (isXmlSpace(s.charCodeAt(j))) j++;
      const d = s.charCodeAt(j);
      if (d === 62 /* > */) break;
      if (d === 47 /* / */) {
        if (s.charCodeAt(j + 1) !== 62) return false;
        selfClosing = true;
        j++;
        break;
      }
      // an attribute: whitespace before it, a name, `=`, a quoted value
      if (!space) return false;
      const ae = nameEnd(s, j);
      if (ae < 0) return false;
      j = ae;
      while (isXmlSpace(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== 61 /* = */) return false;
      j++;
      while (isXmlSpace(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q !== 34 && q !== 39) return false;
      const close = s.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close < 0 || !entitiesOk(j + 1, close)) return false;
      j = close + 1;
    }
    sawRoot = true;
    if (!selfClosing) stack.push(name);
    i = j + 1;
  }
  return sawRoot && !stack.length;
}
