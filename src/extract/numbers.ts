/** Number parsing shared by the figure extractors. */

// 4,839.81 | 1.2 | 230 | .5 — thousands groups must be exactly three digits ("1,2345" is not a number).
export const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;

export function parseNumber(s: string): number {
  return Number(s.replace(/,/g, ''));
}
