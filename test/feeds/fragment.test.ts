// HTML fragments to text without a DOM (src/ingest/html-fragment.ts): the fast reader must give exactly what the
// parse5 DOM walk gives, or give up (null) so the DOM path reads the fragment.
import { describe, expect, it } from 'vitest';
import { fragmentParagraphs, fragmentText, paragraphsFast, paragraphsFromDom, textFast, textFromDom } from '../../src/ingest/html-fragment.js';
import { htmlFragmentToText } from '../../src/ingest/feed.js';
import { prng, type Rng } from '../reliability/harness.mjs';
import { SEEDS } from '../reliability/feeds-fuzz.mjs';

describe('fast reader: exact results', () => {
  it('paragraphs, implied closes, line breaks, lists and headings', () => {
    expect(paragraphsFast('<p>Stocks rose.</p><p>Bonds fell &amp; oil rose.</p>')).toBe('Stocks rose.\n\nBonds fell & oil rose.');
    expect(paragraphsFast('<p>a<p>b<ul><li>c<li>d</ul><h2>e</h2>f')).toBe('a\n\nb\n\nc\n\nd\n\ne\n\nf');
    expect(paragraphsFast('<p>line one<br>line  two <br/> three</p>')).toBe('line one\nline two\nthree');
    expect(paragraphsFast('<div><b>S&amp;P&nbsp;500</b> <i>rose</i>\n\t1.2%</div>')).toBe('S&P 500 rose 1.2%');
  });

  it('skips scripts, styles, iframes and comments; quoted attributes may hold >', () => {
    expect(paragraphsFast('<p>x<script>var a = "</p>";</script>y<style>p{}</style ><!-- <p>no</p> -->z</p>')).toBe('xyz');
    expect(paragraphsFast('<p title="a > b" data-x=\'<p>\'>text</p>')).toBe('text');
    expect(textFast('a<iframe src=x><p>not text</p></iframe>b')).toBe('ab');
  });

  it('decodes references as parse5 does, once per distinct reference', () => {
    const s = '&q;&amp;&notit;&#0;&#x27;&#128;&copy&rsquo;';
    expect(textFast(s)).toBe('&q;&¬it;\ufffd\'€©\u2019');
    expect(textFast(s)).toBe(textFromDom(s));
  });

  it('turns CR and CR LF into LF and drops NUL, but keeps a CR written as &#13;', () => {
    expect(textFast('a\r\nb\rc\0d&#13;')).toBe('a\nb\ncd\r');
    expect(textFromDom('a\r\nb\rc\0d&#13;')).toBe('a\nb\ncd\r');
  });

  it('gives up where parse5 builds another tree', () => {
    for (const html of [
      '<table><tr><td>a</td></tr></table>', // tables (foster parenting)
      '<b><p>x</b>y</p>', // misnested formatting element (adoption agency)
      '<div><b>x</div>y', // an implied close that would reopen <b>
      '<a href="x">1<a href="y">2</a></a>', // nested <a>
      '<!DOCTYPE html><p>x</p>',
      '<p>x</span>', // a close tag of nothing open
      '<o:p>x</o:p>', // a name parse5 keeps but the reader does not know
      '<p>x<!-->y', // abrupt comment
      '<p class="unclosed>x</p>', // attribute quote runs to the end
      '<script><!-- x </script> y',
    ]) {
      expect(paragraphsFast(html), html).toBeNull();
      expect(fragmentParagraphs(html), html).toBe(paragraphsFromDom(html));
      expect(fragmentText(html), html).toBe(textFromDom(html));
    }
  });

  it('reads every item of a feed of small HTML items without a DOM', () => {
    const items = [...SEEDS.big.matchAll(/<!\[CDATA\[(.*?)\]\]>/g)].map((m) => m[1]!);
    expect(items).toHaveLength(150);
    for (const html of items) expect(paragraphsFast(html)).toBe(paragraphsFromDom(html));
    expect(htmlFragmentToText(items[7]!)).toBe('NEW YORK (Reuters) - The S&P 500 rose 1.2% to 5,123.45 on Monday, story 7.\n\n"We are cautious," said Jane Doe.');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// generated fragments: well-formed runs of common tags with text and references, plus every construct the reader
// gives up on, so that both outcomes are exercised

const TAGS = ['p', 'div', 'span', 'b', 'i', 'a', 'em', 'strong', 'ul', 'ol', 'li', 'dl', 'dd', 'dt', 'h1', 'h2', 'br', 'img', 'hr', 'blockquote', 'font', 'u', 'script', 'style', 'iframe', 'center', 'header', 'label', 'table', 'td', 'pre', 'form', 'noscript', 'svg', 'title', 'o:p'];
const REFS = ['&amp;', '&lt;', '&nbsp;', '&rsquo;', '&copy', '&amp', '&notit;', '&q;', '&#39;', '&#x27;', '&#0;', '&#128;', '&#55296;', '&#13;', '&', '& ', '&T', '&#;'];
const TEXT = ['hello', ' world ', 'a < b', '\n', '\r\n', '\r', '\t', '  ', '\u00a0', '\u0000', '\u3000', '1.2%', '"', '>', '<', '-->'];
const ODD = ['<!-- c -->', '<!---->', '<!-->', '<!DOCTYPE html>', '<?x?>', '</>', '</ x>', '<3', '<p/>', '</br>', '<P>', '</P>', '<a.b>', '<script>x</script'];

function piece(r: Rng, depth: number): string {
  const k = r.next();
  if (k < 0.3) return r.pick(TEXT);
  if (k < 0.45) return r.pick(REFS);
  if (k < 0.5) return r.pick(ODD);
  const t = r.pick(TAGS);
  const attr = r.chance(0.3) ? r.pick([' class="x"', " title='a > b'", ' href=x', ' hidden', ' data-a="&amp;"']) : '';
  if (k < 0.6) return `<${t}${attr}>`;
  if (k < 0.68) return `</${t}>`;
  let inner = '';
  if (depth < 5) for (let n = r.int(5); n > 0; n--) inner += piece(r, depth + 1);
  return `<${t}${attr}>${inner}${r.chance(0.85) ? `</${t}>` : ''}`;
}

describe('fast reader: generated fragments', () => {
  it('equals the DOM path whenever it answers (3,000 fragments)', () => {
    const r = prng(11);
    let answered = 0;
    const wrong: string[] = [];
    for (let c = 0; c < 3000; c++) {
      let html = '';
      for (let n = 1 + r.int(6); n > 0; n--) html += piece(r, 0);
      const p = paragraphsFast(html);
      const t = textFast(html);
      expect(p === null).toBe(t === null);
      if (p === null) continue;
      answered++;
      if (p !== paragraphsFromDom(html) || t !== textFromDom(html)) wrong.push(html);
    }
    expect(wrong).toEqual([]);
    // both outcomes must really be exercised
    expect(answered).toBeGreaterThan(300);
    expect(answered).toBeLessThan(2700);
  });
});
