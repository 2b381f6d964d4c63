// The quick well-formedness check in front of sax (src/ingest/feed-wellformed.ts): it may only say "sax accepts"
// when sax does accept, so the strict verdict and its reason never change.
import { describe, expect, it } from 'vitest';
import { plainlyWellFormed } from '../../src/ingest/feed-wellformed.js';
import { saxProblem, strictXmlProblem } from '../../src/ingest/feed.js';
import { prng } from '../reliability/harness.mjs';
import { MUTATIONS, SEEDS } from '../reliability/feeds-fuzz.mjs';

const rss = (items: string) => `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>t</title>${items}</channel></rss>\n`;

describe('plainlyWellFormed', () => {
  it('says yes for plain feeds sax accepts', () => {
    for (const name of ['rss2', 'rss1', 'atom', 'big'] as const) {
      expect(saxProblem(SEEDS[name]), name).toBeNull();
      expect(plainlyWellFormed(SEEDS[name]), name).toBe(true);
    }
    expect(plainlyWellFormed(rss('<item><title>a &amp; b &#x2014; &#8217;</title><!-- c --><?pi x?><description><![CDATA[<p>x]]]></description></item>'))).toBe(true);
  });

  it('says "not sure" for what sax must decide, and sax gives the reason', () => {
    const cases: Array<[string, string | null]> = [
      [rss('<item><title>a &nbsp; b</title></item>'), 'Invalid character entity Line: 1 Column: 65'],
      [rss('<item><title>AT&T</title></item>'), 'Invalid character in entity name Line: 1 Column: 62'],
      [rss('<item><title>x</titl></item>'), 'Unexpected close tag Line: 1 Column: 65'],
      [rss('<item a=1><title>x</title></item>'), 'Unquoted attribute value Line: 1 Column: 53'],
      [rss('<item><title>x</title></item>').replace('<rss', '<!DOCTYPE rss>\n<rss'), null], // a DOCTYPE: sax decides
      [rss('<item><title>x</title></item>') + '<rss/>', null], // a second root: sax lets it pass
      [rss('<item><title>&#0;</title></item>'), 'Invalid character entity Line: 1 Column: 61'],
      [rss('<item><title>x</title></item>').replace('?>', ' ??>'), 'Unexpected end Line: 2 Column: 0'], // `??>` does not end the declaration for sax
      [rss('<item><title>x</title></item><!-- a -- b -->'), 'Malformed comment Line: 1 Column: 83'],
    ];
    for (const [text, reason] of cases) {
      expect(plainlyWellFormed(text), text).toBe(false);
      expect(strictXmlProblem(text), text).toBe(reason);
    }
  });

  it('never says yes when sax says no (600 mutated feeds)', () => {
    const r = prng(5);
    const seeds = [SEEDS.rss2, SEEDS.rss1, SEEDS.atom].map((s) => Buffer.from(s, 'utf8'));
    const names = Object.keys(MUTATIONS);
    let yes = 0;
    let saxNo = 0;
    const wrong: string[] = [];
    for (let c = 0; c < 600; c++) {
      let b = MUTATIONS[r.pick(names)]!(r.pick(seeds), r);
      if (r.chance(0.3)) b = MUTATIONS[r.pick(names)]!(b, r);
      const text = b.toString('utf8');
      const quick = plainlyWellFormed(text);
      const sax = saxProblem(text);
      if (quick) yes++;
      if (sax !== null) saxNo++;
      if (quick && sax !== null) wrong.push(`${sax}: ${text.slice(0, 200)}`);
      expect(strictXmlProblem(text)).toBe(sax);
    }
    expect(wrong).toEqual([]);
    expect(yes).toBeGreaterThan(40);
    expect(saxNo).toBeGreaterThan(200);
  }, 120_000);
});
