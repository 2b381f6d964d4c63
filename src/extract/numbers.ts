/** Number parsing shared by the figure extractors. */

// 4,839.81 | 1.2 | 230 | .5 — thousands groups must be exactly three digits ("1,2345" is not a number).
export const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+`;

export function parseNumber(s: string): number {
  return Number(s.replace(/,/g, ''));
}

/** Sentence-local clause: the text between the previous and next clause break around [start, end). */
export function clauseBounds(text: string, sentenceStart: number, sentenceEnd: number, start: number, end: number): [number, number] {
  let a = start;
  while (a > sentenceStart && !/[;:]/.test(text[a - 1]!) && !(text[a - 1] === ',' && /\s(?:but|while|whereas|and|as)\s/.test(text.slice(a, a + 8)))) a--;
  let b = end;
  while (b < sentenceEnd && !/[;]/.test(text[b]!)) b++;
  return [a, b];
}
