import iconv from 'iconv-lite';
import { InputError } from './errors.js';
// label normalisation, the Content-Type charset and UTF-16 sniffing are shared with the HTTP layer's decoder
import { charsetFromContentType, normalizeCharset as normalizeLabel, sniffUtf16 } from '../net/charset.js';

// A file is "binary" when it has NUL characters or too many control characters to be prose.
const MAX_CONTROL_RATIO = 0.05; // real text has tabs/newlines only; 5% other C0 controls means not text
const SNIFF_CHARS = 8192;
const DECL_BYTES = 1024;

export interface Decoded {
  text: string;
  /** the encoding the bytes were read as (iconv-lite name) */
  encoding: string;
  /** how the encoding was chosen: bom, utf16-sniff (UTF-16/32 by the NUL pattern), header, declaration, utf-8, fallback */
  from: 'bom' | 'utf16-sniff' | 'header' | 'declaration' | 'utf-8' | 'fallback';
  /** set when declarations disagreed or lied (e.g. "utf-8" declared, bytes are not), for a bozo note */
  note: string | null;
}

export interface DecodeOptions {
  /** the HTTP Content-Type header, when the bytes came over HTTP */
  contentType?: string | null;
}

/** The encoding named by an XML declaration or an HTML meta tag in the first bytes (read as ASCII). */
export function declaredCharset(buf: Buffer): string | null {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const head = buf.subarray(bom, bom + DECL_BYTES).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i.exec(head);
  if (xml) return xml[1]!;
  const meta = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return meta ? meta[1]! : null;
}

/** UTF-32 by BOM, or by the shape of "<" (00 00 00 3C / 3C 00 00 00): checked before UTF-16, whose LE BOM it shares. */
function sniffUtf32(buf: Buffer): { enc: 'utf-32le' | 'utf-32be'; bom: number } | null {
  if (buf.length < 4) return null;
  const [a, b, c, d] = [buf[0], buf[1], buf[2], buf[3]];
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { enc: 'utf-32le', bom: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { enc: 'utf-32be', bom: 4 };
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return { enc: 'utf-32le', bom: 0 };
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return { enc: 'utf-32be', bom: 0 };
  return null;
}

function strictUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

/**
 * Bytes to text. Order: byte-order mark; UTF-16 by NUL pattern; the HTTP charset; the XML declaration / HTML meta
 * charset; strict UTF-8; windows-1252. A declared charset that the bytes contradict (UTF-8 declared, invalid UTF-8;
 * a multi-byte charset that yields U+FFFD while another candidate does not) gives way to the next candidate, and the
 * disagreement is reported in `note`.
 */
export function decodeBytes(buf: Buffer, opts: DecodeOptions = {}): Decoded {
  const u32 = sniffUtf32(buf);
  if (u32) return { text: iconv.decode(buf.subarray(u32.bom), u32.enc), encoding: u32.enc, from: u32.bom ? 'bom' : 'utf16-sniff', note: null };
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return withNote({ text: iconv.decode(buf.subarray(3), 'utf-8'), encoding: 'utf-8', from: 'bom', note: null }, buf, opts, 'utf-8');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return withNote({ text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le', from: 'bom', note: null }, buf, opts, 'utf-16');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return withNote({ text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be', from: 'bom', note: null }, buf, opts, 'utf-16');
  const u16 = sniffUtf16(buf);
  if (u16) return { text: iconv.decode(buf, u16), encoding: u16, from: 'utf16-sniff', note: null };

  const header = normalizeLabel(charsetFromContentType(opts.contentType));
  const declared = normalizeLabel(declaredCharset(buf));
  const candidates: Array<[string, Decoded['from']]> = [];
  for (const [enc, from] of [[header, 'header'], [declared, 'declaration']] as const) {
    // a UTF-16 label on bytes that have no UTF-16 shape is a lie (the declaration itself was readable as ASCII)
    if (enc && !enc.startsWith('utf-16') && !candidates.some(([e]) => e === enc)) candidates.push([enc, from]);
  }
  const notes: string[] = [];
  for (const [enc, from] of candidates) {
    if (enc === 'utf-8') {
      const t = strictUtf8(buf);
      if (t !== null) return done(t, enc, from, notes, header, declared);
      notes.push(`${from} says utf-8 but the bytes are not valid UTF-8`);
      continue;
    }
    const t = iconv.decode(buf, enc);
    const utf = strictUtf8(buf);
    // a multi-byte charset that produces replacement characters, while the bytes are valid UTF-8, is mislabelled
    if (t.includes('\ufffd') && utf !== null && !utf.includes('\ufffd')) {
      notes.push(`${from} says ${enc} but the bytes are UTF-8`);
      return done(utf, 'utf-8', 'utf-8', notes, header, declared);
    }
    return done(t, enc, from, notes, header, declared);
  }
  const t = strictUtf8(buf);
  if (t !== null) return done(t, 'utf-8', 'utf-8', notes, header, declared);
  return done(iconv.decode(buf, 'windows-1252'), 'windows-1252', 'fallback', notes, header, declared);
}

function done(text: string, encoding: string, from: Decoded['from'], notes: string[], header: string | null, declared: string | null): Decoded {
  if (header && declared && header !== declared) notes.push(`HTTP charset ${header} and declared ${declared} disagree; read as ${encoding}`);
  return { text, encoding, from, note: notes.length ? notes.join('; ') : null };
}

function withNote(d: Decoded, buf: Buffer, opts: DecodeOptions, bomFamily: string): Decoded {
  const others = [normalizeLabel(charsetFromContentType(opts.contentType)), bomFamily === 'utf-8' ? normalizeLabel(declaredCharset(buf)) : null];
  const clash = others.filter((e) => e && !e.startsWith(bomFamily));
  return clash.length ? { ...d, note: `byte-order mark (${d.encoding}) overrides declared ${clash.join(', ')}` } : d;
}

/** Decode file bytes to a string (see decodeBytes); refuses binary files with an InputError naming the input. */
export function decodeText(buf: Buffer, input: string): string {
  const { text } = decodeBytes(buf);
  assertNotBinary(text, input);
  return text;
}

function assertNotBinary(text: string, input: string): void {
  const n = Math.min(text.length, SNIFF_CHARS);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new InputError(input, 'looks like a binary file (NUL bytes), not an article or feed');
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  if (n > 0 && control / n > MAX_CONTROL_RATIO) throw new InputError(input, 'looks like a binary file (control bytes), not an article or feed');
}
