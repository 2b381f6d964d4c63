/**
 * The people (and firms) an article introduces, for coreference: "he added", "Mr Smith said" and "Smith said"
 * resolve to the full name introduced earlier, with the title and organisation given there. One registry per
 * article; nothing is shared between articles.
 */
import { createRequire } from 'node:module';
import type { Gender } from './quotes-lexicon.js';
import { ATTRIBUTION as L } from './quotes-lexicon.js';

export interface Person {
  name: string;
  /** lower-cased last name (suffixes such as Jr. dropped) */
  last: string;
  first: string;
  title: string | null;
  org: string | null;
  /** where the full name first appears (norm offsets) */
  start: number;
  end: number;
  /** undefined = not looked up yet; null = unknown */
  gender: Gender | null | undefined;
  /**
   * false when only the shape of the name says "person" ("Kroes told …", "Morgan Stanley said"): checked against
   * compromise's organisation lists before it is used as an antecedent
   */
  verified: boolean;
  /** where the person is mentioned, sorted */
  mentions: { pos: number }[];
}

interface PersonMention {
  pos: number;
  person: Person;
  /** a speaker, or a person introduced as a sentence's subject: preferred antecedents for "he" / "she" */
  strong: boolean;
}
interface OrgMention {
  pos: number;
  org: string;
}

/**
 * compromise's word lexicon (first names with their presumed gender, well-known organisations), read directly:
 * a lookup costs nothing, while running compromise's tagger costs about a millisecond per phrase.
 */
interface CompromiseModel {
  one?: { lexicon?: Record<string, string>; frozenLex?: Record<string, string> };
}
interface CompromiseLexicons {
  lexicon: Record<string, string>;
  frozen: Record<string, string>;
}
let compromiseLexicons: CompromiseLexicons | null = null;
/**
 * compromise builds its lexicon when it is loaded (about 40% of a CLI start), so it is loaded on the first look-up,
 * not at import: commands and articles that never ask about a name do not pay for it. Its CommonJS build (the
 * package's "require" entry, builds/three/compromise-three.cjs) holds the same lexicon as the ES module entry.
 */
function lexicons(): CompromiseLexicons {
  if (compromiseLexicons === null) {
    const nlp = createRequire(import.meta.url)('compromise') as { model(): unknown };
    // the model's shape is compromise's own: if a release moves it, the look-ups find nothing rather than throw
    const model = nlp.model() as CompromiseModel;
    compromiseLexicons = { lexicon: model.one?.lexicon ?? {}, frozen: model.one?.frozenLex ?? {} };
  }
  return compromiseLexicons;
}
const tagsOf = (w: string): string => {
  const { lexicon, frozen } = lexicons();
  return Object.hasOwn(lexicon, w) ? lexicon[w]! : Object.hasOwn(frozen, w) ? frozen[w]! : '';
};
/** For tests: has compromise been loaded in this process? */
export const compromiseLoaded = (): boolean => compromiseLexicons !== null;

/** How many of the most recently mentioned people a pronoun is checked against. */
const MAX_PRONOUN_CANDIDATES = 3;
/** How many mentions back a pronoun looks (bounds the work on texts that repeat one name thousands of times). */
const MAX_PRONOUN_SCAN = 64;

const key = (name: string): string[] =>
  name
    .toLowerCase()
    .replace(/\./g, ' ')
    .split(/\s+/)
    .filter((w) => w && !L.nameSuffixes.has(w) && !L.nameSuffixes.has(w + '.'));

function insertSorted<T extends { pos: number }>(list: T[], item: T): void {
  if (list.length === 0 || list[list.length - 1]!.pos <= item.pos) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.pos <= item.pos) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
/** Index of the last entry with pos < p, or -1. */
function lastBefore<T extends { pos: number }>(list: T[], p: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.pos < p) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export class People {
  private readonly byFull = new Map<string, Person>();
  private readonly byLast = new Map<string, Person[]>();
  private readonly mentions: PersonMention[] = [];
  private readonly orgs: OrgMention[] = [];
  private readonly orgCheck = new Map<string, boolean>();

  /** Register (or update) a person; the first title and organisation seen win, later ones only fill gaps. */
  add(
    name: string,
    start: number,
    end: number,
    title: string | null,
    org: string | null,
    honorificGender: Gender | null,
    pos: number,
    strong = true,
    verified = true,
  ): Person {
    const k = key(name);
    const full = k.join(' ');
    const last = k[k.length - 1] ?? name.toLowerCase();
    const same = this.byLast.get(last) ?? [];
    let p = this.byFull.get(full);
    if (!p && k.length === 1) {
      // "Kroes" after "Neelie Kroes": the same person
      p = same.find((q) => q.name.includes(' '));
    }
    if (!p && k.length > 1) {
      // "Neelie Kroes" after a bare "Kroes": complete the earlier entry
      p = same.find((q) => !q.name.includes(' '));
      if (p) {
        p.name = name;
        p.first = k[0] ?? '';
        p.start = start;
        p.end = end;
        p.gender = p.gender ?? undefined;
        this.byFull.set(full, p);
      }
    }
    if (!p) {
      p = { name, last, first: k.length > 1 ? (k[0] ?? '') : '', title, org, start, end, gender: honorificGender ?? undefined, verified, mentions: [] };
      this.byFull.set(full, p);
      same.push(p);
      this.byLast.set(last, same);
      // "al-Naimi" is also "Naimi"
      const bare = last.replace(/^[a-z]{1,3}-/, '');
      if (bare !== last) this.byLast.set(bare, [...(this.byLast.get(bare) ?? []), p]);
      // family name first ("Kim Jeong-hwan", "Lim Chang-gue" -> "Kim said")
      if (k.length === 2 && /^[^\s-]+-[^\s-]+$/.test(last) && /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(name.split(/\s+/)[1] ?? '')) {
        const fam = k[0]!;
        this.byLast.set(fam, [...(this.byLast.get(fam) ?? []), p]);
      }
    } else {
      p.title ??= title;
      p.org ??= org;
      p.verified ||= verified;
      if (honorificGender && p.gender == null) p.gender = honorificGender;
    }
    this.mention(p, pos, strong);
    return p;
  }

  findFull(name: string): Person | undefined {
    return this.byFull.get(key(name).join(' '));
  }

  /** "Detrick", "Mr Hunter": the person with that last name mentioned most recently before pos (or first after). */
  findSurname(name: string, pos: number): Person | undefined {
    const k = key(name);
    const last = k[k.length - 1];
    if (!last) return undefined;
    const same = this.byLast.get(last);
    if (!same || same.length === 0) return undefined;
    if (same.length === 1) return same[0];
    let best: Person | undefined;
    let bestPos = -1;
    for (const p of same) {
      const i = lastBefore(p.mentions, pos);
      if (i >= 0 && p.mentions[i]!.pos > bestPos) {
        best = p;
        bestPos = p.mentions[i]!.pos;
      }
    }
    return best ?? same[0];
  }

  mention(person: Person, pos: number, strong = true): void {
    insertSorted(this.mentions, { pos, person, strong });
    insertSorted(person.mentions, { pos });
  }
  mentionOrg(org: string, pos: number): void {
    insertSorted(this.orgs, { pos, org });
  }

  /** "he" / "she": the most recently mentioned person whose gender does not contradict the pronoun. */
  resolvePronoun(gender: Gender, pos: number): Person | null {
    return this.resolveAmong(gender, pos, true) ?? this.resolveAmong(gender, pos, false);
  }

  private resolveAmong(gender: Gender, pos: number, strongOnly: boolean): Person | null {
    const cands: Person[] = [];
    const skipped: Person[] = [];
    const stop = Math.max(-1, lastBefore(this.mentions, pos) - MAX_PRONOUN_SCAN);
    for (let i = lastBefore(this.mentions, pos); i > stop && cands.length < MAX_PRONOUN_CANDIDATES; i--) {
      const m = this.mentions[i]!;
      if (strongOnly && !m.strong) continue;
      if (cands.includes(m.person) || skipped.includes(m.person)) continue;
      if (!this.isVerified(m.person)) {
        skipped.push(m.person);
        continue;
      }
      cands.push(m.person);
    }
    if (cands.length === 0) return null;
    if (cands.length === 1) {
      const p = cands[0]!;
      if (p.gender && p.gender !== gender) return null;
      if (p.gender === undefined) p.gender = gender; // learnt from the text: "she said" about her
      return p;
    }
    for (const p of cands) {
      const g = this.genderOf(p);
      if (g === gender) return p;
      if (g === null) return p;
    }
    return null;
  }

  /** "they said" / "it said": the latest organisation, when it was mentioned after the latest person. */
  resolveOrgPronoun(pos: number, requireLatest: boolean): string | null {
    const oi = lastBefore(this.orgs, pos);
    if (oi < 0) return null;
    const o = this.orgs[oi]!;
    if (requireLatest) {
      const pi = lastBefore(this.mentions, pos);
      if (pi >= 0 && this.mentions[pi]!.pos > o.pos) return null;
    }
    return o.org;
  }

  /** Most recent person mentioned before pos. */
  latestPerson(pos: number): Person | null {
    const i = lastBefore(this.mentions, pos);
    return i >= 0 ? this.mentions[i]!.person : null;
  }

  /** Gender presumed from the first name (compromise's name lists), looked up only when a pronoun is ambiguous. */
  private genderOf(p: Person): Gender | null {
    if (p.gender !== undefined) return p.gender;
    const tags = p.first && p.first !== p.last ? tagsOf(p.first) : '';
    p.gender = tags.includes('MaleName') ? 'm' : tags.includes('FemaleName') ? 'f' : null;
    return p.gender;
  }

  /** compromise knows the word as a first or last name ("Obama", "Ryan"). */
  looksLikePerson(name: string): boolean {
    return /Person|FirstName|LastName|MaleName|FemaleName/.test(tagsOf(name.toLowerCase()));
  }

  /** A person registered on the shape of the name alone, confirmed not to be a firm (looked up once). */
  isVerified(p: Person): boolean {
    return p.verified || !this.looksLikeOrg(p.name);
  }

  /**
   * Supporting evidence for "is this capitalised name a firm?" ("Goldman Sachs said", "UBS said"): compromise knows
   * it as an organisation and its first word is not a first name.
   */
  looksLikeOrg(name: string): boolean {
    const cached = this.orgCheck.get(name);
    if (cached !== undefined) return cached;
    const words = name.toLowerCase().split(/\s+/);
    let res = tagsOf(words.join(' ')).includes('Organization');
    if (!res && !/FirstName|MaleName|FemaleName/.test(tagsOf(words[0] ?? ''))) res = words.some((w) => tagsOf(w).includes('Organization'));
    this.orgCheck.set(name, res);
    return res;
  }
}

