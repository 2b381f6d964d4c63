import iconv from 'iconv-lite';
import { InputError } from './errors.js';

// A file is "binary" when it has NUL bytes (outside UTF-16) or too many control characters to be prose.
const MAX_CONTROL_RATIO = 0.05; // real text has tabs/newlines only; 5% other C0 controls means not text
const SNIFF_BYTES = 8192;

/** Decode file bytes to a string: BOM (UTF-8/UTF-16), strict UTF-8, else windows-1252 (iconv-lite). */
export function decodeText(buf: Buffer, input: string): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(buf.subarray(2), 'utf-16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf-16be');
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  assertNotBinary(body, input);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, 'windows-1252');
  }
}

function assertNotBinary(buf: Buffer, input: string): void {
  const n = Math.min(buf.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) throw new InputError(input, 'looks like a binary file (NUL bytes), not an article or feed');
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (n > 0 && control / n > MAX_CONTROL_RATIO) throw new InputError(input, 'looks like a binary file (control bytes), not an article or feed');
}
