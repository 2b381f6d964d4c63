// The word hash shared by the stages that look words up without making strings (src/extract/quotes-text.ts,
// src/summarize/words.ts): a tokenizer folds and hashes a word's characters while it scans them, then finds the word
// in its own table by that hash and confirms it by comparing characters in place.

/** One step of the word hash: 31 × h + code unit, 32-bit. */
export const hashStep = (h: number, code: number): number => (Math.imul(h, 31) + code) | 0;

/** ASCII capitals to lower case (what toLowerCase does to ASCII); every other code unit as it is. */
export const foldAscii = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

/** The hash of a whole word, as hashStep over its code units (no folding: pass a word already in lower case). */
export function hashWord(w: string): number {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = hashStep(h, w.charCodeAt(i));
  return h;
}
