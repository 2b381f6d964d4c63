// Summary sentences are display text (shown in tables, digests, CSV, web pages), so they are made safe to show
// on their own (RELIABILITY.md R6):
// - bidi controls (embeddings, overrides, isolates, marks) are removed: a summary sentence cut out of its
//   paragraph can carry an unclosed U+202E that reverses everything printed after it;
// - zero-width characters inside words ("Nvi\u200Bdia") are removed; ZWNJ/ZWJ stay only between two non-ASCII
//   characters, where they shape a script or join an emoji sequence (removing them there would break the text);
// - a lone surrogate (half of a pair cut off by a boundary) is replaced by U+FFFD; pairs are never split;
// - hard-wrapped copy keeps its line breaks in the record text; a summary sentence reads on one line.

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const ZERO_WIDTH = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g;
const JOINERS = /[\u200C\u200D]/g;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Replace every unpaired surrogate code unit with U+FFFD. */
export function wellFormed(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (isHigh(c) || isLow(c)) {
      out += `${s.slice(from, i)}\uFFFD`;
      from = i + 1;
    }
  }
  return from ? out + s.slice(from) : s;
}

/** Widen [start, end) of `text` so that it does not cut a surrogate pair in two. */
export function widenToCodePoints(text: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  if (a > 0 && a < text.length && isLow(text.charCodeAt(a)) && isHigh(text.charCodeAt(a - 1))) a--;
  if (b > 0 && b < text.length && isHigh(text.charCodeAt(b - 1)) && isLow(text.charCodeAt(b))) b++;
  return [a, b];
}

/** Whitespace that is not one plain space between words (what /\s+/g -> ' ' changes). */
const SPACING = /\s\s|[^\S ]/;
/** Any character the steps below remove or replace (a surrogate, even a paired one, takes the careful path). */
const UNSAFE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uD800-\uDFFF]/;

export function cleanSummaryText(s: string): string {
  if (!UNSAFE.test(s)) return (SPACING.test(s) ? s.replace(/\s+/g, ' ') : s).trim();
  const t = wellFormed(s).replace(BIDI, '').replace(ZERO_WIDTH, '');
  return t
    .replace(JOINERS, (j, at: number, all: string) => {
      const before = all.charCodeAt(at - 1);
      const after = all.charCodeAt(at + 1);
      return before > 0x7f && after > 0x7f ? j : '';
    })
    .replace(/\s+/g, ' ')
    .trim();
}
