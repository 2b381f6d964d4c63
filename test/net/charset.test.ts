// Charset decoding of fetched bodies (F5 through the fetch layer): header, BOM, UTF-16 without BOM, XML declaration,
// HTML meta, defaults, and the two header mistakes corrected from the document. Exact text, no U+FFFD.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeBody, fetchResource, normalizeCharset } from '../../src/net/index.js';
import { startServer } from './server.js';
import type { TestServer } from './server.js';

const RU = 'Рынки: индекс МосБиржи вырос на 1,2%';
const FR = 'Marchés: l’euro recule — «café» à 3 €';
const JA = '日経平均株価は前日比1.2%高の3万9000円';
const rss = (title: string, decl = ''): string => `${decl}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const xmlDecl = (enc: string): string => `<?xml version="1.0" encoding="${enc}"?>\n`;

const cases: Array<{ name: string; ct: string | null; bytes: Buffer; text: string; charset: string; source: string }> = [
  { name: 'windows-1251 from the header', ct: 'application/rss+xml; charset=windows-1251', bytes: iconv.encode(rss(RU), 'windows-1251'), text: rss(RU), charset: 'windows-1251', source: 'header' },
  { name: 'windows-1251 from the XML declaration', ct: 'application/rss+xml', bytes: iconv.encode(rss(RU, xmlDecl('windows-1251')), 'windows-1251'), text: rss(RU, xmlDecl('windows-1251')), charset: 'windows-1251', source: 'xml' },
  { name: 'quoted header charset', ct: 'text/xml; charset="Windows-1251"', bytes: iconv.encode(rss(RU), 'windows-1251'), text: rss(RU), charset: 'windows-1251', source: 'header' },
  { name: 'ISO-8859-1 from the header (read as windows-1252: curly quote, dash, euro)', ct: 'text/xml; charset=ISO-8859-1', bytes: iconv.encode(rss(FR), 'windows-1252'), text: rss(FR), charset: 'windows-1252', source: 'header' },
  { name: 'ISO-8859-1 from the XML declaration', ct: null, bytes: iconv.encode(rss('Marchés à Zürich', xmlDecl('ISO-8859-1')), 'latin1'), text: rss('Marchés à Zürich', xmlDecl('ISO-8859-1')), charset: 'windows-1252', source: 'xml' },
  { name: 'Shift_JIS from the header', ct: 'application/xml; charset=Shift_JIS', bytes: iconv.encode(rss(JA), 'shift_jis'), text: rss(JA), charset: 'shift_jis', source: 'header' },
  { name: 'Shift_JIS from the XML declaration (x-sjis label)', ct: 'text/xml', bytes: iconv.encode(rss(JA, xmlDecl('x-sjis')), 'shift_jis'), text: rss(JA, xmlDecl('x-sjis')), charset: 'shift_jis', source: 'xml' },
  {
    name: 'Shift_JIS from an HTML meta tag',
    ct: 'text/html',
    bytes: iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>${JA}</title></head></html>`, 'shift_jis'),
    text: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>${JA}</title></head></html>`,
    charset: 'shift_jis',
    source: 'meta',
  },
  { name: 'windows-1251 from <meta charset>', ct: 'text/html', bytes: iconv.encode(`<meta charset="windows-1251"><p>${RU}</p>`, 'windows-1251'), text: `<meta charset="windows-1251"><p>${RU}</p>`, charset: 'windows-1251', source: 'meta' },
  { name: 'UTF-16LE with BOM', ct: 'application/rss+xml', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss(JA, xmlDecl('UTF-16')), 'utf-16le')]), text: rss(JA, xmlDecl('UTF-16')), charset: 'utf-16le', source: 'bom' },
  { name: 'UTF-16BE with BOM', ct: null, bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(rss(RU, xmlDecl('UTF-16')), 'utf-16be')]), text: rss(RU, xmlDecl('UTF-16')), charset: 'utf-16be', source: 'bom' },
  { name: 'UTF-16LE without BOM (NUL pattern)', ct: 'application/rss+xml', bytes: iconv.encode(rss(FR, xmlDecl('UTF-16')), 'utf-16le'), text: rss(FR, xmlDecl('UTF-16')), charset: 'utf-16le', source: 'utf16-sniff' },
  { name: 'UTF-16BE without BOM (NUL pattern)', ct: 'text/xml', bytes: iconv.encode(rss(JA, xmlDecl('UTF-16')), 'utf-16be'), text: rss(JA, xmlDecl('UTF-16')), charset: 'utf-16be', source: 'utf16-sniff' },
  { name: 'UTF-16 in the header, big-endian bytes without BOM', ct: 'text/xml; charset=utf-16', bytes: iconv.encode(rss(RU), 'utf-16be'), text: rss(RU), charset: 'utf-16be', source: 'header' },
  { name: 'UTF-8 BOM beats a conflicting header', ct: 'text/xml; charset=windows-1251', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(RU))]), text: rss(RU), charset: 'utf-8', source: 'bom' },
  { name: 'header says UTF-8 over windows-1251 bytes that declare windows-1251', ct: 'application/xml; charset=utf-8', bytes: iconv.encode(rss(RU, xmlDecl('windows-1251')), 'windows-1251'), text: rss(RU, xmlDecl('windows-1251')), charset: 'windows-1251', source: 'xml' },
  { name: 'a Latin-1 server default over a document declaring (and being) UTF-8', ct: 'text/xml; charset=ISO-8859-1', bytes: Buffer.from(rss(JA, xmlDecl('utf-8'))), text: rss(JA, xmlDecl('utf-8')), charset: 'utf-8', source: 'xml' },
  { name: 'XML declaration says UTF-16 but bytes are ASCII-compatible UTF-8', ct: null, bytes: Buffer.from(rss(FR, xmlDecl('UTF-16'))), text: rss(FR, xmlDecl('UTF-16')), charset: 'utf-8', source: 'default' },
  { name: 'nothing declared, valid UTF-8', ct: 'application/rss+xml', bytes: Buffer.from(rss(JA)), text: rss(JA), charset: 'utf-8', source: 'default' },
  { name: 'nothing declared, not UTF-8: windows-1252', ct: null, bytes: iconv.encode(rss(FR), 'windows-1252'), text: rss(FR), charset: 'windows-1252', source: 'default' },
  { name: 'an unknown header label falls through to the document', ct: 'text/xml; charset=x-no-such-charset', bytes: iconv.encode(rss(RU, xmlDecl('koi8-r')), 'koi8-r'), text: rss(RU, xmlDecl('koi8-r')), charset: 'koi8-r', source: 'xml' },
];

describe('decodeBody', () => {
  test.each(cases)('$name', ({ ct, bytes, text, charset, source }) => {
    const d = decodeBody(bytes, ct);
    expect(d).toEqual({ text, charset, source });
    expect(d.text).not.toContain('\ufffd');
  });

  test('label normalisation follows the WHATWG aliases that matter', () => {
    expect(normalizeCharset('ISO-8859-1')).toBe('windows-1252');
    expect(normalizeCharset('US-ASCII')).toBe('windows-1252');
    expect(normalizeCharset('cp1251')).toBe('windows-1251');
    expect(normalizeCharset('SJIS')).toBe('shift_jis');
    expect(normalizeCharset(' "UTF8" ')).toBe('utf-8');
    expect(normalizeCharset('no-such')).toBeNull();
    expect(normalizeCharset('')).toBeNull();
  });
});

describe('charset through a real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const c = cases[Number(req.url!.slice(1))]!;
      if (c.ct) res.setHeader('content-type', c.ct);
      res.end(c.bytes);
    });
  });
  afterAll(() => server.close());

  test('every case decodes to the exact text over HTTP', async () => {
    for (const [i, c] of cases.entries()) {
      const r = await fetchResource(`${server.url}/${i}`, { allowPrivate: true });
      expect(r.status === 'ok' && { body: r.body, charset: r.charset, charsetSource: r.charsetSource }, c.name).toEqual({ body: c.text, charset: c.charset, charsetSource: c.source });
    }
  });
});
