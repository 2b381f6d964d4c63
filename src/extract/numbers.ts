/** Number parsing shared by the figure extractors. */

// 4,839.81 | 1.2 | 230 | .5 — thousands groups must be exactly three digits ("1,2345" is not a number).
export const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;

const withoutCommas = (s: string) => (s.includes(',') ? s.replace(/,/g, '') : s);

export function parseNumber(s: string): number {
  return Number(withoutCommas(s));
}

/** `s` times `scale` without binary rounding noise: "2.05" x 1e9 is 2050000000, not 2049999999.9999998. */
export function scaledNumber(s: string, scale: number): number {
  const plain = withoutCommas(s);
  const [int = '', frac = ''] = plain.split('.');
  const div = 10 ** frac.length;
  if (scale >= div && Number.isInteger(scale / div)) return Number(`${int}${frac}`) * (scale / div);
  return Number(plain) * scale;
}
