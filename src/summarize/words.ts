// Content words: what the summarizer compares sentences by (centrality, redundancy). A word is a lower-cased run of
// letters and digits, `sentence.toLowerCase().split(/[^\p{L}\p{N}]+/u)`, that is not a stop word. Each document
// has its own vocabulary, and a sentence's content words are integer ids into it.
import { foldAscii, hashStep, hashWord } from '../segment/word-hash.js';

/** Function words that say nothing of a sentence's topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an the and or but of to in on at for by with from as is are was were be been being it its this that these those we our us i you he she they their his her them has have had do does did will would could should may might can not no so than then there here what which who whom whose when where why how all any each more most other some such only own same too very just also about into over after before up down out off again further once per vs'.split(
    ' ',
  ),
);

const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NON_ASCII = /[^\x00-\x7f]/;

/** By ASCII code: the folded character of a letter or digit, 0 for any other character. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 48; c < 123; c++) if (/[A-Za-z0-9]/.test(String.fromCharCode(c))) WORD_CHAR[c] = foldAscii(c);

/** A word: the folded characters `src[at, at + len)` and their hash, its id, the next word in the same slot. */
interface Word {
  hash: number;
  src: string;
  at: number;
  len: number;
  id: number;
  next: Word | undefined;
}

/** The first word of `chain` that is the folded characters `src[at, at + len)` (of hash `h`). */
function find(chain: Word | undefined, src: string, at: number, len: number, h: number): Word | undefined {
  for (let w = chain; w; w = w.next) {
    if (w.hash !== h || w.len !== len) continue;
    let k = 0;
    while (k < len && foldAscii(w.src.charCodeAt(w.at + k)) === foldAscii(src.charCodeAt(at + k))) k++;
    if (k === len) return w;
  }
  return undefined;
}

/** The stop words in a direct-mapped table by the low bits of their hash (words in the same slot chained). */
const STOP_SLOTS: Array<Word | undefined> = new Array<Word | undefined>(1024);
const STOP_MASK = STOP_SLOTS.length - 1;
for (const w of STOP_WORDS) {
  const h = hashWord(w);
  STOP_SLOTS[h & STOP_MASK] = { hash: h, src: w, at: 0, len: w.length, id: -1, next: STOP_SLOTS[h & STOP_MASK] };
}

/**
 * The content words of a document's sentences as integer ids (ids in order of first use), read one sentence after
 * another; `df[id]`: how many of the sentences read hold the word.
 * An ASCII sentence (nearly all of them) is read in one pass over its characters that folds case and hashes each
 * word as it goes; a word is looked up by its hash and its characters compared in place, so no string is made for
 * it. Any other sentence is lower-cased and split, and its words go through the same table.
 */
export class ContentWords {
  private readonly table = new Map<number, Word>(); // by hash; words of the same hash chained
  readonly df: number[] = [];
  private readonly lastRead: number[] = []; // by id: the sentence that last counted it (a sentence counts a word once)
  private read = 0;

  /**
   * The distinct content words of the next sentence, in order of first occurrence; counts them for `df`. The
   * sentence may be given with its place in a larger string, `src.slice(at, at + text.length) === text` (as a
   * sentence of a Doc is in `norm`, by the Sentence contract; not checked): reading one flat string is faster than
   * reading slices of it.
   */
  of(text: string, src = text, at = 0): number[] {
    const own: number[] = [];
    if (NON_ASCII.test(text)) {
      for (const w of text.toLowerCase().split(NOT_WORD)) if (w) this.count(this.idOf(w, 0, w.length, hashWord(w)), own);
    } else {
      const end = at + text.length;
      let from = -1;
      let h = 0;
      for (let i = at; i < end; i++) {
        const c = WORD_CHAR[src.charCodeAt(i)]!;
        if (c) {
          if (from < 0) (from = i), (h = 0);
          h = hashStep(h, c);
        } else if (from >= 0) {
          this.count(this.idOf(src, from, i - from, h), own);
          from = -1;
        }
      }
      if (from >= 0) this.count(this.idOf(src, from, end - from, h), own);
    }
    this.read++;
    return own;
  }

  /** Count word `id` (-1: a stop word) for the sentence being read, once. */
  private count(id: number, own: number[]): void {
    if (id < 0 || this.lastRead[id] === this.read) return;
    this.lastRead[id] = this.read;
    this.df[id]!++;
    own.push(id);
  }

  /** The id of the word `src[from, from + len)` (hash `h`), given one if new; -1 for a stop word. */
  private idOf(src: string, from: number, len: number, h: number): number {
    if (find(STOP_SLOTS[h & STOP_MASK], src, from, len, h)) return -1;
    const chain = this.table.get(h);
    const known = find(chain, src, from, len, h);
    if (known) return known.id;
    const id = this.df.length;
    this.table.set(h, { hash: h, src, at: from, len, id, next: chain });
    this.df.push(0);
    this.lastRead.push(-1);
    return id;
  }
}
