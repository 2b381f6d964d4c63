import { describe, expect, it } from 'vitest';
import { fingerprintWords, hammingHex, NEAR_DUPLICATE_MAX_BITS, simhash, simhashBands } from '../../src/identity/simhash.js';

const STORY =
  'NEW YORK, April 13 (Reuters) - U.S. stocks rose on Monday as investors bet that talks between Washington and Tehran ' +
  'would ease supply worries, with the S&P 500 gaining 1.2% and the Nasdaq adding 1.5% in a broad rally led by chipmakers. ' +
  'Oil prices fell more than 3% after officials said negotiations would resume this week, easing fears of a prolonged ' +
  'closure of the Strait of Hormuz. "The market is pricing a deal, not a war," said Jane Doe, chief strategist at Example ' +
  'Capital. Treasury yields edged lower and the dollar slipped against a basket of currencies. Energy shares lagged, ' +
  'while banks gained ahead of quarterly results due later in the week from JPMorgan, Citigroup and Wells Fargo.';
const OTHER =
  'LONDON, April 13 (Reuters) - European regulators proposed new capital rules for insurers on Monday, saying firms ' +
  'must hold more reserves against climate risks. The proposal, open for consultation until June, would apply from 2028 ' +
  'and affect about 40 large groups. Industry bodies said the plan would raise costs for policyholders. "We will study ' +
  'the details," a spokesperson for the association said. The rules follow a review launched after storms last year ' +
  'caused record claims across southern Europe, and they would be phased in over three years.';

describe('simhash', () => {
  it('is 16 hex digits, deterministic, and ignores case, zero-width characters and punctuation spacing', () => {
    const h = simhash(STORY);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(STORY)).toBe(h);
    expect(simhash(STORY.toUpperCase().replace(/ stocks /, ' sto\u200bcks '))).toBe(h);
    expect(simhash('')).toBe('0000000000000000');
    expect(fingerprintWords('Ｓ＆Ｐ ５００ rose')).toEqual(['s', 'p', '500', 'rose']);
  });

  it('the same story with boilerplate and a dateline change is near; another story is far', () => {
    const republished = `Sign up here.\n\n${STORY.replace('NEW YORK, April 13 (Reuters) - ', '')}\n\nReporting by Staff; Editing by Desk`;
    const near = hammingHex(simhash(STORY), simhash(republished));
    const far = hammingHex(simhash(STORY), simhash(OTHER));
    expect(near).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_BITS);
    expect(far).toBeGreaterThan(NEAR_DUPLICATE_MAX_BITS + 4);
  });

  it('hammingHex counts differing bits and rejects non-fingerprints', () => {
    expect(hammingHex('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingHex('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingHex('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingHex('00000000000000F0', '00000000000000f1')).toBe(1);
    expect(() => hammingHex('abc', '0000000000000000')).toThrow(TypeError);
    expect(() => hammingHex('000000000000000g', '0000000000000000')).toThrow(/16-digit hex/);
  });

  it('bands: four 16-bit pieces; fingerprints within 3 bits always share one', () => {
    expect(simhashBands('0123456789ABCDEF')).toEqual(['0123', '4567', '89ab', 'cdef']);
    expect(() => simhashBands('xyz')).toThrow(TypeError);
    const h = simhash(STORY);
    const flip = (hex: string, bit: number) => {
      const v = BigInt(`0x${hex}`) ^ (1n << BigInt(bit));
      return v.toString(16).padStart(16, '0');
    };
    for (const bits of [[0, 17, 33], [1, 2, 3], [15, 31, 63], [5, 21, 37]]) {
      const g = bits.reduce(flip, h);
      expect(hammingHex(h, g)).toBe(3);
      expect(simhashBands(h).some((b, i) => b === simhashBands(g)[i])).toBe(true);
    }
  });
});
