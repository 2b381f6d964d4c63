import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Body bytes to text for fetched feeds and pages.
 *
 * Order (the XML rules of RFC 7303 and what browsers do for HTML):
 *   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE): unambiguous, so it wins over any label;
 *   2. the `charset` parameter of the Content-Type header;
 *   3. UTF-16 without a BOM, recognised by its NUL-byte pattern (`<\0?\0x\0` ...);
 *   4. the XML declaration's `encoding="..."`;
 *   5. an HTML `<meta charset>` or `<meta http-equiv="Content-Type" content="...; charset=...">`;
 *   6. strict UTF-8 when the bytes are valid UTF-8, else windows-1252.
 * Two header mistakes seen on real servers are corrected from the document's own declaration: a header saying UTF-8
 * over bytes that are not UTF-8, and a Latin-1 server default over a document that declares UTF-8 and is valid UTF-8.
 * Labels follow the WHATWG Encoding Standard where it matters: ISO-8859-1 / Latin-1 / US-ASCII decode as windows-1252,
 * whose 0x80-0x9F range holds the curly quotes and dashes such documents really contain.
 */

export type CharsetSource = 'bom' | 'header' | 'utf16-sniff' | 'xml' | 'meta' | 'default';

export interface DecodedText {
  text: string;
  /** The encoding used to decode (canonical lower-case name, e.g. `utf-8`, `windows-1251`, `shift_jis`). */
  charset: string;
  source: CharsetSource;
}

const LATIN1_LABELS = new Set([
  'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'iso_8859-1:1987', 'latin1', 'l1', 'cp819', 'ibm819', 'csisolatin1',
  'us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso-ir-100', 'iso-ir-6', 'windows-1252', 'cp1252', 'x-cp1252',
]);
const SJIS_LABELS = new Set(['shift_jis', 'shift-jis', 'sjis', 'x-sjis', 'ms_kanji', 'csshiftjis', 'windows-31j', 'ms932', 'cp932']);

/** A charset label to the encoding name used here, or null when iconv-lite cannot decode it. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!l) return null;
  if (LATIN1_LABELS.has(l)) return 'windows-1252';
  if (SJIS_LABELS.has(l)) return 'shift_jis';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'utf-16' || l === 'utf16' || l === 'unicode' || l === 'ucs-2' || l === 'iso-10646-ucs-2') return 'utf-16';
  if (l === 'utf-16le' || l === 'utf-16be') return l;
  if (/^(?:cp|x-cp)?125[0-8]$/.test(l)) return `windows-${l.replace(/^(?:x-)?cp/, '')}`;
  return iconv.encodingExists(l) ? l : null;
}

/** The charset parameter of a Content-Type value, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("([^"]*)"|[^;\s]*)/i.exec(contentType);
  if (!m) return null;
  return (m[2] ?? m[1] ?? '').trim() || null;
}

function bomOf(buf: Buffer): { charset: string; length: number } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 byte order from the NUL pattern of the first bytes: ASCII text has NUL in every high byte. */
export function sniffUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, 512) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.4 && evenNul < pairs * 0.1) return 'utf-16le';
  if (evenNul >= pairs * 0.4 && oddNul < pairs * 0.1) return 'utf-16be';
  return null;
}

/** The encoding named by an XML declaration at the start of ASCII-compatible bytes. */
export function xmlDeclaredCharset(buf: Buffer): string | null {
  const head = buf.subarray(0, 1024).toString('latin1');
  const m = /^\s*<\?xml\s[^>]{0,512}?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]{1,64})\s*["']/.exec(head);
  return m ? m[1]! : null;
}

/** The encoding named by an HTML meta tag in the first 16 KB. */
export function metaDeclaredCharset(buf: Buffer): string | null {
  const head = buf.subarray(0, 16384).toString('latin1');
  const tag = /<meta\b[^>]{0,2048}>/gi;
  for (let m = tag.exec(head); m; m = tag.exec(head)) {
    const t = m[0];
    const direct = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,64})/i.exec(t);
    if (direct) return direct[1]!;
  }
  return null;
}

/** Strict UTF-8 validity, without building a string (node:buffer isUtf8). */
function isValidUtf8(buf: Buffer): boolean {
  return isUtf8(buf);
}

function hasNonAscii(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0x80) return true;
  return false;
}

function decodeWith(buf: Buffer, charset: string): string {
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(buf);
  return iconv.decode(buf, charset, { stripBOM: false });
}

/** Resolve a bare `utf-16` label to a byte order from the bytes (little-endian when they do not tell). */
function utf16Order(buf: Buffer): string {
  return sniffUtf16(buf) ?? 'utf-16le';
}

/** Decode body bytes to text following the order in the header comment. The BOM never appears in `text`. */
export function decodeBody(buf: Buffer, contentType: string | null): DecodedText {
  const bom = bomOf(buf);
  if (bom) return finish(buf.subarray(bom.length), bom.charset, 'bom');

  const declaredInDoc = (): { charset: string; source: CharsetSource } | null => {
    const xml = normalizeCharset(xmlDeclaredCharset(buf));
    // A UTF-16 label in ASCII-readable bytes was transcoded on the way: the bytes are not UTF-16.
    if (xml && !xml.startsWith('utf-16')) return { charset: xml, source: 'xml' };
    const meta = normalizeCharset(metaDeclaredCharset(buf));
    if (meta && !meta.startsWith('utf-16')) return { charset: meta, source: 'meta' };
    return null;
  };

  const header = normalizeCharset(charsetFromContentType(contentType));
  if (header) {
    if (header.startsWith('utf-16')) return finish(buf, header === 'utf-16' ? utf16Order(buf) : header, 'header');
    if (header === 'utf-8' && !isValidUtf8(buf)) {
      const doc = declaredInDoc();
      if (doc && doc.charset !== 'utf-8') return finish(buf, doc.charset, doc.source);
    }
    if (header === 'windows-1252' && hasNonAscii(buf)) {
      const doc = declaredInDoc();
      if (doc?.charset === 'utf-8' && isValidUtf8(buf)) return finish(buf, 'utf-8', doc.source);
    }
    return finish(buf, header, 'header');
  }

  const utf16 = sniffUtf16(buf);
  if (utf16) return finish(buf, utf16, 'utf16-sniff');

  const doc = declaredInDoc();
  if (doc) return finish(buf, doc.charset, doc.source);

  return isValidUtf8(buf) ? finish(buf, 'utf-8', 'default') : finish(buf, 'windows-1252', 'default');
}

function finish(buf: Buffer, charset: string, source: CharsetSource): DecodedText {
  let text = decodeWith(buf, charset);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, charset, source };
}
