/**
 * Text normalisation for matching, with an offset map back to the original.
 *
 * Real feeds carry zero-width characters inside words ("Nvi\u200Bdia"), NBSP and narrow NBSP ("10\u202F%"),
 * U+2212 minus signs and fullwidth digits. Extractors match against the normalised copy; every match is mapped
 * back through `toOrig` so spans index the untouched record text.
 */

// Zero-width characters, soft hyphen, word joiner, BOM and bidi controls: removed.
const DROP = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

function fold(ch: string): string {
  const c = ch.charCodeAt(0);
  // NBSP, narrow NBSP, figure space, thin spaces and other Unicode spaces -> plain space
  if (c === 0x00a0 || c === 0x202f || c === 0x2007 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000) return ' ';
  // Unicode minus and dashes used as minus before digits are handled by the extractors; fold only the minus sign
  if (c === 0x2212 || c === 0xfe63 || c === 0xff0d) return '-';
  // fullwidth ASCII (digits, letters, % $ etc.)
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (c === 0x2018 || c === 0x2019 || c === 0x201b || c === 0x2032) return "'";
  return ch;
}

export interface Normalized {
  norm: string;
  /** toOrig[i] = offset in the original of norm[i]; toOrig[norm.length] = original length */
  toOrig: Int32Array;
}

// Anything normalize would change: when a text has none of these (most do not), it is its own normalised copy.
const NEEDS_WORK = /[\u00A0\u00AD\u2000-\u200F\u2018\u2019\u201B\u202A-\u202F\u2032\u2060-\u2064\u2066-\u2069\u2212\u3000\uFE63\uFEFF\uFF01-\uFF5E]/;

export function normalize(text: string): Normalized {
  if (!NEEDS_WORK.test(text)) {
    const identity = new Int32Array(text.length + 1);
    for (let i = 0; i <= text.length; i++) identity[i] = i;
    return { norm: text, toOrig: identity };
  }
  const out: string[] = [];
  const map = new Int32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (DROP.test(ch)) continue;
    const f = fold(ch);
    out.push(f);
    map[n++] = i;
  }
  map[n] = text.length;
  return { norm: out.join(''), toOrig: map.subarray(0, n + 1) };
}
