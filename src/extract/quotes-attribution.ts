/**
 * The attribution grammar: who a quotation is attributed to, read from the tokens around it.
 *
 *   “…,” said Jeff Mills, chief investment strategist at Bessemer Trust.     (cue, then subject)
 *   “…,” Mr Smith said. / “…,” he added. / “…,” analysts at UBS wrote.       (subject, then cue)
 *   Ronald Temple, chief market strategist at Lazard, said: “…”              (subject, cue, then the quote)
 *   Carson Group's chief market strategist, Ryan Detrick, …                  (an introduction without a quote)
 *
 * Every scan here is bounded by a named window, so the cost per quotation is constant.
 */
import { ATTRIBUTION as L, W } from './quotes-lexicon.js';
import { inClass, isTerminator, type Tok } from './quotes-text.js';

/** Longest apposition read after a name ("chief investment strategist at Bessemer Trust in New York"). */
const MAX_APPOSITION_TOKENS = 24;
/** Longest subject phrase ("Federal Reserve Bank of New York President John C. Williams"). */
const MAX_SUBJECT_TOKENS = 14;
/** Lower-case descriptors allowed before an organisation name ("at online trading platform IG"). */
const MAX_ORG_DESCRIPTORS = 4;
/** Longest organisation name in tokens. */
const MAX_ORG_TOKENS = 9;
/** Tokens allowed between a cue and the quotation ("said in a note to clients on Tuesday:"). */
const MAX_BEFORE_TAIL = 14;
/** Tokens between a participle cue and its clause's finite cue ("said NAME, TITLE at ORG in CITY, adding: …"). */
const MAX_MAIN_CLAUSE = 40;
/** After a quotation that ends a sentence ("…done.” He added.") only a short clause can still attribute it. */
const MAX_TAIL_AFTER_PERIOD = 6;

export interface PersonSubject {
  kind: 'person';
  /** name tokens without the honorific */
  name: string;
  start: number;
  end: number;
  honorific: string | null;
  title: string | null;
  org: string | null;
  /** true when only the shape says "person" (no honorific, no title): may still be a firm ("Morgan Stanley said") */
  maybeOrg: boolean;
  /** a single token: a surname to resolve ("Detrick said") */
  single: boolean;
}
export interface OrgSubject {
  kind: 'org';
  org: string;
  start: number;
  end: number;
}
export interface PronounSubject {
  kind: 'pronoun';
  pronoun: string;
  start: number;
  end: number;
}
export interface NominalSubject {
  kind: 'nominal';
  head: string;
  start: number;
  end: number;
  /** the named affiliation inside the description ("a Goldman Sachs spokesman", "one GOP official"), else absent */
  org?: string;
  /** the description after that name ("spokesman", "official") */
  title?: string;
}
/** "…, adding “…”": the subject is the main clause's, found by the caller. */
export interface ParticipleSubject {
  kind: 'participle';
  start: number;
  end: number;
}
export type Subject = PersonSubject | OrgSubject | PronounSubject | NominalSubject | ParticipleSubject;

export type AttributionForm = 'cue-subject' | 'subject-cue' | 'before' | 'before-colon' | 'according-to' | 'sentence';
export interface Attribution {
  subject: Subject;
  form: AttributionForm;
  /** norm offset of the cue word: coreference looks for antecedents before it */
  cuePos: number;
}

export interface Apposition {
  title: string | null;
  org: string | null;
  /** index of the token where the apposition stopped (a comma, a clause word, the end) */
  stop: number;
}

/** The tokens one parse works on, and the text they index. */
export interface Ctx {
  norm: string;
  toks: Tok[];
}

const PREP_ORG = new Set(['at', 'with', 'of', 'for', 'from']);
/** "TITLE at|with|for ORG": the last of these splits title from organisation ("head of sales for JP Morgan") */
const PREP_STRONG = new Set(['at', 'with', 'for']);
const ORG_CONNECTORS = new Set(['and', '&', 'of', 'de', 'du', 'des', 'la', 'le', 'van', 'von', 'y', 'für', 'et']);
const ARTICLES = new Set(['a', 'an', 'the']);
/** Determiners that open a description of an unnamed source ("one GOP official said", "another aide said"). */
const SOURCE_DETERMINERS = new Set(['a', 'an', 'the', 'one', 'another', 'two', 'three', 'several', 'some', 'many']);
const FUNCTION_WORDS = new Set([
  'like', 'than', 'about', 'into', 'over', 'after', 'before', 'since', 'if', 'so', 'there', 'here', 'then', 'also',
  'a', 'an', 'the', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'as', 'that', 'this',
  'which', 'who', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'not', 'it', 'its', 'their', 'his', 'her',
]);
const DASHES = new Set([',', '—', '–', '-', '--']);

const stripDot = (s: string): string => (s.endsWith('.') ? s.slice(0, -1) : s);

export const isCapWord = (t: Tok | undefined): boolean => !!t && t.k === 'w' && t.cap;
export const isHonorific = (t: Tok | undefined): boolean => !!t && t.cap && inClass(t, W.honorific);
export const isTitleHead = (t: Tok | undefined): boolean => !!t && t.k === 'w' && inClass(t, W.titleHead);
export const isPluralSource = (t: Tok | undefined): boolean => !!t && t.k === 'w' && inClass(t, W.pluralSource);
export const isPronoun = (t: Tok | undefined): boolean => !!t && t.k === 'w' && inClass(t, W.pronoun);
export const isSpeechCue = (t: Tok | undefined): boolean => !!t && t.k === 'w' && !t.cap && inClass(t, W.speech);
const isParticiple = (t: Tok | undefined): boolean => !!t && t.k === 'w' && inClass(t, W.participle);
const isOpinion = (t: Tok | undefined): boolean => !!t && t.k === 'w' && !t.cap && inClass(t, W.opinion);
/** Adverbs and auxiliaries between a subject and its cue ("he also said", "she didn't say") */
const isAdverb = (t: Tok | undefined): boolean => !!t && t.k === 'w' && !t.cap && inClass(t, W.adverb | W.auxiliary);
/** Parenthetical right after a name: "Rep. Jane Doe (D-N.Y.)", "Exxon Mobil ( XOM.N )". */
const MAX_PAREN_TOKENS = 10;
function skipParenForward(toks: Tok[], j: number): number {
  if (!isPunct(toks[j], '(')) return j;
  for (let k = j + 1; k < toks.length && k - j <= MAX_PAREN_TOKENS; k++) if (isPunct(toks[k], ')')) return k + 1;
  return j;
}
function skipParenBackward(toks: Tok[], e: number, lower: number): number {
  if (!isPunct(toks[e], ')')) return e;
  for (let k = e - 1; k >= lower && e - k <= MAX_PAREN_TOKENS; k--) if (isPunct(toks[k], '(')) return k - 1;
  return e;
}
/** Apposition segments read back from a cue: "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said". */
const MAX_APPOSITION_SEGMENTS = 3;
const isPunct = (t: Tok | undefined, ...ps: string[]): boolean => !!t && t.k === 'p' && ps.includes(t.t);
const isSuffix = (t: Tok | undefined): boolean => !!t && inClass(t, W.nameSuffix);

/** A token that can be part of a person's name: capitalised, not a function word, title word or cue. */
export function isNameToken(t: Tok | undefined): boolean {
  if (!t || t.k !== 'w' || t.lo === "'s") return false;
  if (!t.cap) return hasParticleName(t.t); // "al-Naimi", "bin-Salman"
  if (!isCapWord(t)) return false;
  // (a capitalised word: isTitleHead, isHonorific and isPluralSource are these bits)
  if (inClass(t, W.nonName | W.titleHead | W.honorific | W.pluralSource | W.speech)) return false;
  // "S&P", "3M", "2024": not names
  return !hasDigitOrAmpersand(t.t);
}

/** A name with a lower-case particle joined by a hyphen: "al-Naimi", "el-Erian", "bin-Talal". */
const PARTICLE_NAME = /^(?:al|el|bin|ibn|abu|da|de|di|van|von|d|l)-\p{Lu}\p{L}/u;
/** Every particle is 1-3 letters: no hyphen at index 1-3, no particle name (the regex is not run on every word). */
const hasParticleName = (w: string): boolean => (w.charCodeAt(1) === 0x2d || w.charCodeAt(2) === 0x2d || w.charCodeAt(3) === 0x2d) && PARTICLE_NAME.test(w);
function hasDigitOrAmpersand(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const x = w.charCodeAt(i);
    if ((x >= 0x30 && x <= 0x39) || x === 0x26) return true;
  }
  return false;
}

const text = (c: Ctx, a: number, b: number): string => (b > a ? c.norm.slice(c.toks[a]!.s, c.toks[b - 1]!.e) : '');

/** Multi-word cue starting at i ("according to", "pointed out"): index after it, or -1. */
export function phrasalCueEnd(toks: Tok[], i: number): number {
  const t = toks[i];
  if (!t || t.k !== 'w') return -1;
  const rests = inClass(t, W.phrasalHead) ? L.phrasal.get(t.lo) : undefined;
  if (!rests) return -1;
  for (const rest of rests) {
    if (rest.every((w, k) => toks[i + 1 + k]?.lo === w)) return i + 1 + rest.length;
  }
  return -1;
}
const isAccordingTo = (toks: Tok[], i: number): boolean => toks[i]?.lo === 'according' && toks[i + 1]?.lo === 'to';

/** Classify a run of capitalised tokens (connectors allowed) as an organisation, or a name ('single' = one token). */
export function classifyRun(c: Ctx, a: number, b: number): 'org' | 'single' | 'multi' {
  const words: string[] = [];
  for (let i = a; i < b; i++) {
    const t = c.toks[i]!;
    words.push(t.lo);
    if (inClass(t, W.orgWordLoose)) return 'org';
    if (hasDigitOrAmpersand(t.t)) return 'org';
    if (ORG_CONNECTORS.has(t.lo) && t.lo !== 'de' && t.lo !== 'van' && t.lo !== 'von' && t.lo !== 'la' && t.lo !== 'le') return 'org';
    if (t.t.includes('.') && !t.t.endsWith('.')) return 'org'; // Forex.com, Capital.com
    if (t.lo.endsWith('-based')) return 'org'; // "Houston-based Quanta"
    if (b - a > 1 && t.t.length >= 2 && /^\p{Lu}+$/u.test(t.t)) return 'org'; // "Lloyds TSB", "ABN AMRO"
  }
  if (L.knownOrgs.has(words.join(' '))) return 'org';
  if (b - a === 1) {
    const t = c.toks[a]!.t;
    // all capitals (UBS, HSBC, OPEC): an acronym, not a surname
    if (t.length >= 2 && t === t.toUpperCase() && t !== t.toLowerCase()) return 'org';
    return 'single';
  }
  return 'multi';
}

/** Organisation name starting at i after up to MAX_ORG_DESCRIPTORS lower-case words; stops at "'s", punctuation, lower case. */
export function parseOrg(c: Ctx, i: number, limit: number): { a: number; b: number; org: string } | null {
  const { toks } = c;
  let j = i;
  let skipped = 0;
  while (j < limit && toks[j]!.k === 'w' && !toks[j]!.cap && skipped < MAX_ORG_DESCRIPTORS) {
    const lo = toks[j]!.lo;
    if (PREP_ORG.has(lo) || lo === 'in' || lo === 'on' || lo === 'by' || inClass(toks[j]!, W.clauseStop | W.speech) || lo === "'s") return null;
    j++;
    skipped++;
  }
  if (j >= limit || !isCapWord(toks[j]) || toks[j]!.lo === "'s") return null;
  const a = j;
  let b = j;
  while (b < limit && b - a < MAX_ORG_TOKENS) {
    const t = toks[b]!;
    // "The Benchmark Co. High fuel costs …": a company suffix with its period ends the name (unless "Co. Inc.")
    if (b > a && isCompanySuffix(toks[b - 1]!) && toks[b - 1]!.t.endsWith('.') && !isCompanySuffix(t)) break;
    if (isCapWord(t) && t.lo !== "'s" && !(b > a && isSpeechCueCap(t))) {
      b++;
      continue;
    }
    if ((ORG_CONNECTORS.has(t.lo) || t.t === '&') && isCapWord(toks[b + 1]) && b + 1 < limit) {
      b++;
      continue;
    }
    break;
  }
  if (b === a) return null;
  return { a, b, org: text(c, a, b) };
}
const COMPANY_SUFFIXES = new Set(['inc', 'inc.', 'corp', 'corp.', 'co', 'co.', 'ltd', 'ltd.', 'llc', 'plc', 'lp', 'llp', 'ag', 'sa', 'nv']);
export const isCompanySuffix = (t: Tok | undefined): boolean => !!t && COMPANY_SUFFIXES.has(t.lo);
// "Said" capitalised at a sentence start is not part of an organisation's name
const isSpeechCueCap = (t: Tok): boolean => inClass(t, W.speech) && t.lo !== 'state' && t.lo !== 'states';

/**
 * An apposition after "NAME,": "chief investment strategist at Bessemer Trust", "head of markets at Interactive
 * Investor", "UBS strategist", "Carson Group's chief market strategist". Needs a title head word.
 */
export function parseApposition(c: Ctx, i: number, limit: number): Apposition | null {
  const { toks } = c;
  let j = i;
  const end = Math.min(limit, i + MAX_APPOSITION_TOKENS);
  while (j < end) {
    const t = toks[j]!;
    if (t.k === 'p' && t.t !== '&' && t.t !== '-') break;
    // "and" does not end an apposition: "head of sales and trading at X", "at City Index and Forex.com"
    if (t.k === 'w' && !t.cap && t.lo !== 'and' && inClass(t, W.clauseStop | W.speech | W.opinion)) break;
    j++;
  }
  let a = i;
  if (a < j && ARTICLES.has(toks[a]!.lo)) a++;
  if (a < j && (toks[a]!.lo === 'former' || toks[a]!.lo === 'veteran')) a++;
  if (a >= j) return null;
  let orgA: string | null = null;
  // "Carson Group's chief market strategist"
  for (let k = a + 1; k < j; k++) {
    if (toks[k]!.lo === "'s") {
      let allCap = true;
      for (let m = a; m < k; m++) if (!isCapWord(toks[m]) && !ORG_CONNECTORS.has(toks[m]!.lo)) allCap = false;
      if (allCap) orgA = text(c, a, k);
      a = k + 1;
      break;
    }
  }
  // split "TITLE at|with ORG" at the last at/with; otherwise at the first of/for/from that leads to an organisation
  let split = -1;
  let org: { a: number; b: number; org: string } | null = null;
  for (let k = a + 1; k < j; k++) {
    if (!PREP_STRONG.has(toks[k]!.lo)) continue;
    const o = parseOrg(c, k + 1, j);
    if (o && hasTitleHead(toks, a, k)) {
      split = k;
      org = o;
    }
  }
  if (split < 0) {
    for (let k = a + 1; k < j; k++) {
      if (!PREP_ORG.has(toks[k]!.lo)) continue;
      const o = parseOrg(c, k + 1, j);
      if (o && hasTitleHead(toks, a, k)) {
        split = k;
        org = o;
        break;
      }
    }
  }
  if (split >= 0 && org) {
    const titleEnd = trimTitle(toks, a, split);
    return { title: text(c, a, titleEnd) || null, org: orgA ?? org.org, stop: j };
  }
  // "UBS strategist", "Goldman Sachs chief economist": leading capitals are the organisation
  let f = a;
  while (f < j && isCapWord(toks[f]) && !isTitleHead(toks[f]) && toks[f]!.lo !== "'s") f++;
  if (!hasTitleHead(toks, f, j)) return null;
  const orgB = f > a ? text(c, a, f) : null;
  const titleEnd = trimTitle(toks, f, j);
  return { title: text(c, f, titleEnd) || null, org: orgA ?? orgB, stop: j };
}

/** A short run of lower-case content words ("pollster", "running mate"): a title even without a title head. */
function isDescriptorRun(toks: Tok[], a: number, b: number): boolean {
  if (b - a > MAX_DESCRIPTORS) return false;
  for (let k = a; k < b; k++) {
    const t = toks[k]!;
    if (t.k !== 'w' || t.cap || FUNCTION_WORDS.has(t.lo) || inClass(t, W.clauseStop | W.speech | W.opinion) || isAdverb(t)) return false;
  }
  return true;
}

/** "Prime" in "Prime Minister", "Chief Investment" in "Chief Investment Officer": a modifier leading to a title head. */
function isTitleLead(toks: Tok[], f: number): boolean {
  let k = f;
  while (k < toks.length && k - f < 3 && inClass(toks[k]!, W.titleModifier)) k++;
  return k > f && isTitleHead(toks[k]);
}

function hasTitleHead(toks: Tok[], a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (isTitleHead(toks[k])) return true;
  return false;
}
/** "EU", "U.S.", "UK": capitals (and dots) only. */
const isAcronym = (t: Tok): boolean => t.t.length >= 2 && /^[\p{Lu}.]+$/u.test(t.t);

/** Name tokens that are not particles or suffixes ("von der Leyen" = 1: a surname). */
function countNameWords(toks: Tok[], a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) if (toks[k]!.cap && !isSuffix(toks[k])) n++;
  return n;
}

/** Drop trailing place phrases from a title ("analyst in New York" -> "analyst"). */
function trimTitle(toks: Tok[], a: number, b: number): number {
  for (let k = a + 1; k < b; k++) {
    const lo = toks[k]!.lo;
    if ((lo === 'in' || lo === 'based') && !hasTitleHead(toks, k, b)) return k;
  }
  return b;
}

/**
 * Read a subject phrase [a, b) ("Mr Smith", "UBS strategist Jane Doe", "analysts at UBS", "Baer's Gallagher",
 * "Jane Doe of XYZ Capital", "Goldman Sachs").
 */
export function analyzePhrase(c: Ctx, a: number, b: number): Subject | null {
  const { toks } = c;
  if (b <= a) return null;
  if (b - a === 1 && isPronoun(toks[a])) return { kind: 'pronoun', pronoun: toks[a]!.lo, start: toks[a]!.s, end: toks[a]!.e };
  // "NAME of|at|with ORG", "analysts at ORG": only when the head is not itself an organisation ("Bank of America")
  for (let k = a + 1; k < b - 1; k++) {
    if (!PREP_ORG.has(toks[k]!.lo)) continue;
    const o = parseOrg(c, k + 1, b);
    if (!o || o.b !== b) continue;
    const head = analyzeHead(c, a, k);
    if (!head) continue;
    if (head.kind === 'person' && !(head.maybeOrg && classifyRun(c, a, k) === 'org')) {
      return { ...head, org: head.org ?? o.org, maybeOrg: false };
    }
    if (head.kind === 'nominal' && L.pluralSources.has(head.head)) return { kind: 'org', org: o.org, start: toks[o.a]!.s, end: toks[o.b - 1]!.e };
    break;
  }
  return analyzeHead(c, a, b);
}

function analyzeHead(c: Ctx, a: number, b: number): Subject | null {
  const { toks } = c;
  // sentence openers are not part of a name ("But analysts at UBS", "The IMF"); acronyms are ("EU", "U.S.")
  while (a < b && toks[a]!.cap && inClass(toks[a]!, W.nonName) && !inClass(toks[a]!, W.knownOrg) && !isAcronym(toks[a]!)) a++;
  if (a >= b) return null;
  let orgA: string | null = null;
  let r = a;
  for (let k = b - 1; k > a; k--) {
    if (toks[k]!.lo === "'s") {
      if (isCapWord(toks[k - 1])) orgA = text(c, a, k);
      r = k + 1;
      break;
    }
  }
  if (r >= b) return null;
  const last = toks[b - 1]!;
  // "UBS analysts", "Goldman Sachs strategists", "analysts"
  if (isPluralSource(last) && !last.cap) {
    let f = r;
    while (f < b - 1 && isCapWord(toks[f])) f++;
    const org = orgA ?? (f > r ? text(c, r, f) : null);
    if (org) return { kind: 'org', org, start: toks[a]!.s, end: toks[f > r ? f - 1 : a]!.e };
    return { kind: 'nominal', head: last.lo, start: toks[a]!.s, end: last.e };
  }
  // the name: trailing name tokens (particles inside, suffix at the end)
  let n = b;
  if (isSuffix(toks[n - 1]) && n - 1 > r) n--;
  let s = n;
  while (s > r) {
    const t = toks[s - 1]!;
    // "Secretary General Mark Rutte": a title word right after a title head belongs to the title
    if (isNameToken(t) && !(inClass(t, W.titleModifier) && isTitleHead(toks[s - 2]))) s--;
    else if (!t.cap && inClass(t, W.particle) && s < n && s - 1 >= r) {
      // "von der Leyen", "de la Rosa": particles between name tokens
      let p = s - 1;
      while (p > r && p > s - 3 && !toks[p - 1]!.cap && inClass(toks[p - 1]!, W.particle)) p--;
      if (p > r && isNameToken(toks[p - 1])) s = p;
      else if (p === r) {
        s = p; // a surname that starts with its particle: "von der Leyen told reporters"
        break;
      } else break;
    } else break;
  }
  if (s === n) {
    // "Chris Iggo strategist" (the comma lost in a hard-wrapped feed): name, then title
    const nr = nameRunLength(toks, r);
    if (nr >= 2 && r + nr < b && isTitleHead(last) && !last.cap && isDescriptorRun(toks, r + nr, b - 1)) {
      return {
        kind: 'person',
        name: text(c, r, r + nr),
        start: toks[r]!.s,
        end: toks[r + nr - 1]!.e,
        honorific: null,
        title: text(c, r + nr, b),
        org: orgA,
        maybeOrg: false,
        single: false,
      };
    }
    if (!last.cap && inClass(last, W.nominalSource)) return { kind: 'nominal', head: last.lo, start: toks[a]!.s, end: last.e };
    // a run of organisation words only ("Capital Economics", "HSBC")
    if (isCapWord(last) && classifyRun(c, r, b) === 'org') return { kind: 'org', org: text(c, r, b), start: toks[r]!.s, end: last.e };
    return null;
  }
  const nameA = s;
  const nameB = b;
  let h = s;
  let honorific: string | null = null;
  if (h > r && isHonorific(toks[h - 1])) {
    h--;
    honorific = stripDot(toks[h]!.lo);
  }
  // before the name: "[ORG] [title words]" ("UBS strategist", "Federal Reserve Chair", "chief economist")
  let f = r;
  while (f < h && ((isCapWord(toks[f]) && !isTitleHead(toks[f]) && !isTitleLead(toks, f)) || (f > r && ORG_CONNECTORS.has(toks[f]!.lo) && isCapWord(toks[f + 1]) && f + 1 < h))) f++;
  const orgB = f > r ? text(c, r, f) : null;
  const title = h > f && (hasTitleHead(toks, f, h) || isDescriptorRun(toks, f, h)) ? text(c, f, h) : null;
  if (h > r && !title && !orgA) {
    // capitals before the name that are neither title nor organisation: the name run is longer than we think;
    // treat the whole run as one name or organisation ("Ned Davis Research")
    if (f === h && classifyRun(c, r, b) === 'org') return { kind: 'org', org: text(c, r, b), start: toks[r]!.s, end: last.e };
    if (f < h) return null; // lower-case words before the name that are not a title: not a subject phrase
  }
  const kind = classifyRun(c, nameA, nameB);
  // "president of Princeton Financial Group": a title does not make an organisation's name a person's
  if (!honorific && kind === 'org') return { kind: 'org', org: text(c, nameA, nameB), start: toks[nameA]!.s, end: toks[nameB - 1]!.e };
  return {
    kind: 'person',
    name: text(c, nameA, nameB),
    start: toks[nameA]!.s,
    end: toks[nameB - 1]!.e,
    honorific,
    title,
    org: orgA ?? (title ? orgB : null),
    maybeOrg: !honorific && !title && !orgA,
    single: countNameWords(toks, nameA, nameB) === 1,
  };
}

/** Subject phrase starting at i (after an inverted cue: "said Jeff Mills, chief …"), with its apposition. */
export function subjectForward(c: Ctx, i: number, limit: number): { subject: Subject; end: number } | null {
  const { toks } = c;
  const t0 = toks[i];
  if (!t0 || t0.k !== 'w') return null;
  if (isPronoun(t0)) return { subject: { kind: 'pronoun', pronoun: t0.lo, start: t0.s, end: t0.e }, end: i + 1 };
  if (SOURCE_DETERMINERS.has(t0.lo)) {
    // "said the Rev. Peter Wherry", "the IMF said" (but not "a Goldman Sachs spokesman said": the name runs on into
    // a description)
    if (isHonorific(toks[i + 1]) || isCapWord(toks[i + 1])) {
      const named = subjectForward(c, i + 1, limit);
      if (named && (named.subject.kind === 'person' || named.subject.kind === 'org') && !runsOnIntoDescription(toks[named.end])) return named;
    }
    // "said the influential US daily", "wrote the analysts": a description, not a name
    let j = i + 1;
    while (j < limit && j - i < 6 && toks[j]!.k === 'w' && !inClass(toks[j]!, W.clauseStop) && !isSpeechCue(toks[j])) j++;
    if (j === i + 1) return null;
    const head = toks[j - 1]!;
    const titled = titleThenName(c, i + 1, j, limit);
    if (titled) return titled;
    const sub = analyzePhrase(c, i + 1, j);
    if (sub && sub.kind === 'org') return { subject: sub, end: j };
    return { subject: { kind: 'nominal', head: head.lo, start: t0.s, end: head.e, ...descriptionOrg(c, i + 1, j) }, end: j };
  }
  let j = i;
  const max = Math.min(limit, i + MAX_SUBJECT_TOKENS);
  while (j < max) {
    const t = toks[j]!;
    if (isCapWord(t) || t.lo === "'s" || t.t === '&') {
      j++;
      continue;
    }
    if (t.k === 'w' && !t.cap && particlesBeforeName(toks, j) > 0) {
      j += particlesBeforeName(toks, j);
      continue;
    }
    if (t.k === 'w' && PREP_ORG.has(t.lo) && j > i) {
      const o = parseOrg(c, j + 1, limit);
      if (o) {
        j = o.b;
        break;
      }
      break;
    }
    if (t.k === 'w' && !t.cap && !FUNCTION_WORDS.has(t.lo) && !inClass(t, W.clauseStop | W.speech)) {
      // lower-case title words are part of the phrase when a title head or plural source closes them, or when a
      // capitalised title or honorific follows ("panel Chairman Jason Chaffetz", "retired Gen. Jane Doe")
      let k = j;
      while (k < max && k - j < 5 && toks[k]!.k === 'w' && !toks[k]!.cap && !FUNCTION_WORDS.has(toks[k]!.lo)) k++;
      if (
        isTitleHead(toks[k - 1]) ||
        isPluralSource(toks[k - 1]) ||
        (k - j <= MAX_DESCRIPTORS && (isHonorific(toks[k]) || (isCapWord(toks[k]) && isTitleHead(toks[k])) || nameRunLength(toks, k) >= 2))
      ) {
        j = k;
        continue;
      }
    }
    break;
  }
  if (j === i) return null;
  const titled = titleThenName(c, i, j, limit);
  if (titled) return titled;
  const sub = analyzePhrase(c, i, j);
  if (!sub) return null;
  j = skipParenForward(toks, j);
  if (sub.kind === 'person' && isPunct(toks[j], ',')) {
    const ap = parseApposition(c, j + 1, limit);
    if (ap) {
      return {
        subject: { ...sub, title: sub.title ?? ap.title, org: sub.org ?? ap.org, maybeOrg: false },
        end: ap.stop,
      };
    }
  }
  return { subject: sub, end: j };
}

/** A lower-case noun after a name: the name is an affiliation inside a description ("the Gawker employee"). */
function runsOnIntoDescription(t: Tok | undefined): boolean {
  return !!t && t.k === 'w' && !t.cap && t.lo !== "'s" && !isSpeechCue(t) && !isAdverb(t) && !inClass(t, W.clauseStop) && !FUNCTION_WORDS.has(t.lo) && !inClass(t, W.phrasalHead);
}
/** The first run of capitalised words inside a description [a, b), not its last word: "a Goldman Sachs spokesman". */
function descriptionOrg(c: Ctx, a: number, b: number): { org: string; title: string } | Record<string, never> {
  const { toks } = c;
  let s = a;
  while (s < b - 1 && !isCapWord(toks[s])) s++;
  if (s >= b - 1) return {};
  let e = s;
  while (e < b - 1 && (isCapWord(toks[e]) || (e > s && toks[e]!.t === '&'))) e++;
  return { org: text(c, s, e), title: text(c, e, b) };
}

/** Lower-case words allowed as a title before a name without a title head ("psychologist", "Republican pollster"). */
const MAX_DESCRIPTORS = 3;

/** Length of the run of name tokens starting at k ("Elaine Ducharme" = 2, "Ursula von der Leyen" = 4). */
export function nameRunLength(toks: Tok[], k: number): number {
  let j = k;
  while (j < toks.length && j - k < MAX_NAME_TOKENS) {
    if (isNameToken(toks[j])) j++;
    else if (j > k && particlesBeforeName(toks, j) > 0) j += particlesBeforeName(toks, j);
    else break;
  }
  return j - k;
}
/** "von der" before "Leyen": how many lower-case particles at j lead to a name token (0 if none). */
function particlesBeforeName(toks: Tok[], j: number): number {
  let p = j;
  while (p < toks.length && p - j < 2 && !toks[p]!.cap && inClass(toks[p]!, W.particle)) p++;
  return p > j && isNameToken(toks[p]) ? p - j : 0;
}
/** Longest person name in tokens ("Jean-Claude Juncker", "Gyula Ferenc Teleki", "Ursula von der Leyen"). */
const MAX_NAME_TOKENS = 6;

/**
 * "TITLE, NAME": a title phrase, a comma, then the name ("said Clinton's communications director, Jennifer
 * Palmieri, adding …", "said a spokeswoman for Trump hotels, Jennifer Rodstrom.").
 */
function titleThenName(c: Ctx, a: number, b: number, limit: number): { subject: Subject; end: number } | null {
  const { toks } = c;
  if (!isPunct(toks[b], ',') || !(isTitleHead(toks[b - 1]) || isTitleHead(lastWordBefore(toks, a, b)))) return null;
  const n = nameRunLength(toks, b + 1);
  if (n < 2) return null;
  const e = b + 1 + n;
  const after = toks[e];
  if (e < limit && after && !isPunct(after, ',') && !isTerminator(after) && !isSpeechCue(after)) return null;
  const ap = parseApposition(c, a, b);
  if (!ap || !ap.title) return null;
  const first = toks[b + 1]!;
  const last = toks[e - 1]!;
  return {
    subject: { kind: 'person', name: text(c, b + 1, e), start: first.s, end: last.e, honorific: null, title: ap.title, org: ap.org, maybeOrg: false, single: false },
    end: e,
  };
}
/** The last word before an organisation split ("spokeswoman" in "a spokeswoman for Trump hotels"). */
function lastWordBefore(toks: Tok[], a: number, b: number): Tok | undefined {
  for (let k = a; k < b; k++) if (PREP_ORG.has(toks[k]!.lo)) return toks[k - 1];
  return undefined;
}

/** Subject phrase ending at token e (before a cue: "Ronald Temple, chief market strategist at Lazard, said"). */
export function subjectBackward(c: Ctx, e: number, lower: number, nameOnly = false): Subject | null {
  const { toks } = c;
  if (!nameOnly) while (e >= lower && isAdverb(toks[e])) e--;
  if (e < lower) return null;
  if (isPronoun(toks[e]) && !nameOnly) {
    const t = toks[e]!;
    return { kind: 'pronoun', pronoun: t.lo, start: t.s, end: t.e };
  }
  if (nameOnly && isPunct(toks[e], ',')) return null;
  e = skipParenBackward(toks, e, lower);
  if (isPunct(toks[e], ',')) {
    // "NAME, TITLE at ORG, said": walk back over comma-delimited segments; the one right after the name must be an
    // apposition with a title (or a who-clause)
    let k = e;
    for (let seg = 0; seg < MAX_APPOSITION_SEGMENTS; seg++) {
      let m = k - 1;
      while (m >= lower && k - m <= MAX_APPOSITION_TOKENS && !isPunct(toks[m], ',') && !isTerminator(toks[m])) m--;
      if (m < lower || !isPunct(toks[m], ',')) return null;
      const rel = toks[m + 1];
      const who = !!rel && (rel.lo === 'who' || rel.lo === 'whose');
      const ap = who ? null : parseApposition(c, m + 1, k);
      if (who || (ap && ap.stop === k)) {
        const sub = subjectBackward(c, skipParenBackward(toks, m - 1, lower), lower, true);
        if (sub && (sub.kind === 'person' || sub.kind === 'org')) {
          if (sub.kind === 'person' && ap) return { ...sub, title: sub.title ?? ap.title, org: sub.org ?? ap.org, maybeOrg: false };
          return sub;
        }
      }
      k = m;
    }
    return null;
  }
  // collect the phrase backwards
  let a = e + 1;
  const min = Math.max(lower, e + 1 - MAX_SUBJECT_TOKENS);
  while (a > min) {
    const t = toks[a - 1]!;
    if (isCapWord(t) || t.lo === "'s" || t.t === '&') {
      if (t.lo === "'s" && !isCapWord(toks[a - 2])) break; // "the firm's analyst"
      a--;
      continue;
    }
    if (t.k === 'w' && !t.cap && inClass(t, W.particle) && isCapWord(toks[a]) && isCapWord(toks[a - 2])) {
      a--;
      continue;
    }
    if (t.k === 'w' && !t.cap && inClass(t, W.particle) && a <= e && inClass(toks[a]!, W.particle) && isCapWord(toks[a - 2])) {
      a--; // "Ursula von der Leyen": the first of two particles
      continue;
    }
    if (t.k === 'w' && PREP_ORG.has(t.lo) && a <= e && isCapWord(toks[a])) {
      // "Jane Doe of XYZ Capital", "analysts at UBS"
      const before = toks[a - 2];
      if (before && (isCapWord(before) || isPluralSource(before))) {
        a--;
        continue;
      }
      break;
    }
    if (t.k === 'w' && !t.cap && (isTitleHead(t) || isPluralSource(t))) {
      // "UBS strategist Jane Doe", "chief market strategist Ryan Detrick", "analysts"
      a--;
      let m = 0;
      while (a > min && m < 3) {
        const u = toks[a - 1]!;
        if (u.k !== 'w' || u.cap || FUNCTION_WORDS.has(u.lo) || inClass(u, W.clauseStop | W.speech) || isAdverb(u)) break;
        a--;
        m++;
      }
      continue;
    }
    if (t.k === 'w' && !t.cap && isNameToken(toks[a]) && isDescriptorRun(toks, a - 1, a) && a - 2 >= lower && !isSpeechCue(toks[a - 2]) && nameRunLength(toks, a) >= 2) {
      // "Republican pollster Bill McInturff", "psychologist Elaine Ducharme"
      a--;
      continue;
    }
    if (a === e + 1 && t.k === 'w' && !t.cap && inClass(t, W.nominalSource)) {
      // "the company said", "the newspaper wrote"
      return { kind: 'nominal', head: t.lo, start: t.s, end: t.e };
    }
    break;
  }
  if (a > e) return null;
  return analyzePhrase(c, a, e + 1);
}

/** Skip leading commas and dashes. */
function skipPunct(toks: Tok[], i: number): number {
  let k = i;
  while (k < toks.length && k - i < 3 && toks[k]!.k === 'p' && DASHES.has(toks[k]!.t)) k++;
  return k;
}
const tailLength = (toks: Tok[], from: number): number => {
  let n = 0;
  for (let k = from; k < toks.length && !isTerminator(toks[k]); k++) n++;
  return n;
};

/**
 * Attribution in the words right after a closing mark, up to the sentence end:
 * `”, said NAME…` / `”, NAME said` / `”, he added` / `”, analysts at UBS wrote` / `”, according to NAME`.
 */
export function parseAfter(c: Ctx, closedSentence: boolean): Attribution | null {
  const { toks } = c;
  const i = skipPunct(toks, 0);
  const t = toks[i];
  if (!t || t.k !== 'w') return null;
  const n = toks.length;
  let res: Attribution | null = null;
  let end = i;
  if (isSpeechCue(t)) {
    const s = subjectForward(c, i + 1, n);
    if (s) {
      res = { subject: s.subject, form: 'cue-subject', cuePos: t.s };
      end = s.end;
    }
  } else if (isAccordingTo(toks, i)) {
    const s = subjectForward(c, i + 2, n);
    if (s && s.subject.kind !== 'nominal') {
      res = { subject: s.subject, form: 'according-to', cuePos: t.s };
      end = s.end;
    }
  } else {
    // subject first: walk forward over the subject phrase and its apposition to the cue
    const s = isPronoun(t) ? { subject: { kind: 'pronoun', pronoun: t.lo, start: t.s, end: t.e } as Subject, end: i + 1 } : subjectForward(c, i, n);
    if (s) {
      // over the apposition segments ("Jane Doe, who runs the fund, said"; a titled one is already consumed)
      let j = skipParenForward(toks, s.end);
      for (let seg = 0; seg <= MAX_APPOSITION_SEGMENTS; seg++) {
        if (!isPunct(toks[j], ',')) break;
        const next = skipAdverbs(toks, j + 1);
        if (isSpeechCue(toks[next]) || phrasalCueEnd(toks, next) > 0) {
          j++;
          break;
        }
        if (s.subject.kind === 'pronoun' || seg === MAX_APPOSITION_SEGMENTS) break;
        let k = j + 1;
        while (k < n && k - j <= MAX_APPOSITION_TOKENS && !isPunct(toks[k], ',') && !isTerminator(toks[k])) k++;
        if (!isPunct(toks[k], ',')) break;
        j = k;
      }
      j = skipAdverbs(toks, j);
      const cue = toks[j];
      if (cue && (isSpeechCue(cue) || phrasalCueEnd(toks, j) > 0) && !isAccordingTo(toks, j)) {
        res = { subject: s.subject, form: 'subject-cue', cuePos: cue.s };
        end = j + 1;
      }
    } else if (ARTICLES.has(t.lo)) {
      // "the newspaper wrote"
      let j = i + 1;
      while (j < n && j - i < 5 && toks[j]!.k === 'w' && !toks[j]!.cap && !isSpeechCue(toks[j])) j++;
      if (isSpeechCue(toks[j]) && j > i + 1) {
        const head = toks[j - 1]!;
        res = { subject: { kind: 'nominal', head: head.lo, start: t.s, end: head.e }, form: 'subject-cue', cuePos: toks[j]!.s };
        end = j + 1;
      }
    }
  }
  if (!res) return null;
  // "…stocks.” Smith said the Fed would cut." / "…stocks.” He said that “…": after a full stop, only a short clause
  // that ends its own sentence still attributes the quote
  if (closedSentence && (tailLength(toks, end) > MAX_TAIL_AFTER_PERIOD || !isTerminator(toks[toks.length - 1]))) return null;
  return res;
}

/** Tokens read after a closing mark for a reporting verb when the strict forms fail. */
const MAX_LOOSE_TOKENS = 24;
/** Words that end the name part of an inverted attribution ("said Jane Doe before the event", "…, in an interview"). */
const LOOSE_STOPS = new Set(['in', 'on', 'at', 'before', 'after', 'during', 'while', 'when', 'to', 'who', 'which', 'that', 'on', 'as', 'about']);

/**
 * A second, looser reading of the words after a closing mark, for attributions the strict forms cannot parse:
 * long descriptions ("said former state governor Jane Doe", "said master of ceremonies Jane Doe"), ages and home
 * towns ("Jane Doe, 30, of Springfield, who was polled, said"), descriptors ("veteran Doe said"), names that are
 * also words ("Read said"). The clause must open with the verb or reach it within MAX_LOOSE_TOKENS; the speaker is
 * the last capitalised name run of the clause's name part (after the verb) or the first one (before it).
 */
export function parseAfterLoose(c: Ctx): Attribution | null {
  const { toks } = c;
  const i = skipPunct(toks, 0);
  let cue = -1;
  for (let k = i; k < toks.length && k - i < MAX_LOOSE_TOKENS; k++) {
    if (isTerminator(toks[k]) || isPunct(toks[k], ':', ';')) break;
    if (isSpeechCue(toks[k]) || phrasalCueEnd(toks, k) > 0) {
      cue = k;
      break;
    }
  }
  if (cue < 0) return null;
  const nameRun = (a: number, b: number, last: boolean): Subject | null => {
    let best: [number, number] | null = null;
    for (let k = a; k < b; k++) {
      if (!isNameToken(toks[k])) continue;
      let e = k;
      while (e < b && (isNameToken(toks[e]) || isSuffix(toks[e]) || (e > k && inClass(toks[e]!, W.particle) && isNameToken(toks[e + 1])))) e++;
      // part of a firm's name ("Bank of America Merrill Lynch"): not a person
      const joined = k > a + 1 && ORG_CONNECTORS.has(toks[k - 1]!.lo) && isCapWord(toks[k - 2]);
      if (joined || toks.slice(k, e).some((t) => inClass(t, W.orgWord) || isCompanySuffix(t)) || (e < b && ORG_CONNECTORS.has(toks[e]!.lo) && isCapWord(toks[e + 1]))) {
        k = e;
        continue;
      }
      // a name followed by a lower-case noun is an affiliation inside a description ("the Vermont senator")
      if (e < b && runsOnIntoDescription(toks[e])) {
        k = e;
        continue;
      }
      // after the verb, the last run, but a full name over a one-word place after it ("Jane Doe of Springfield")
      if (!best || !last || e - k >= 2 || best[1] - best[0] < 2) best = [k, e];
      if (!last) break;
      k = e;
    }
    if (!best) return null;
    const [a2, b2] = best;
    const before = a2 > a ? text(c, a, a2).replace(/^(?:the|a|an|his|her|their)\s+/i, '') : '';
    const title = before && /^[\p{Ll}]/u.test(before) && !/[,;()]/.test(before) ? before : null;
    return {
      kind: 'person',
      name: text(c, a2, b2),
      start: toks[a2]!.s,
      end: toks[b2 - 1]!.e,
      honorific: null,
      title,
      org: null,
      maybeOrg: title === null,
      single: b2 - a2 === 1,
    };
  };
  if ((cue === i || isPunct(toks[cue - 1], ',')) && !inClass(toks[cue]!, W.objectVerb)) {
    // "said former state governor Jane Doe (D), a supporter, before the event" / "… that X will win, said Jane Doe"
    let e = cue + 1;
    while (e < toks.length && e - cue <= MAX_SUBJECT_TOKENS && !isPunct(toks[e], ',', '(', '—', '–', '--') && !isTerminator(toks[e]) && !LOOSE_STOPS.has(toks[e]!.lo)) e++;
    const sub = nameRun(cue + 1, e, true);
    if (sub) return { subject: sub, form: 'cue-subject', cuePos: toks[cue]!.s };
    if (cue === i) return null;
  }
  // "Jane Doe, 30, of Springfield, who was polled, said" / "veteran Doe said": the first name run before the cue
  let e = i;
  while (e < cue && !isPunct(toks[e], ',', '(', '—', '–', '--')) e++;
  if (e - i > MAX_SUBJECT_TOKENS) return null;
  const endsThere = !toks[cue + 1] || isTerminator(toks[cue + 1]) || isPunct(toks[cue + 1], ',');
  if (e === cue && e - i === 1 && endsThere && isCapWord(toks[i]) && !isPronoun(toks[i]) && !FUNCTION_WORDS.has(toks[i]!.lo) && !SOURCE_DETERMINERS.has(toks[i]!.lo) && !isAdverb(toks[i])) {
    // a single capitalised word right before the verb: a surname even when it is also a word ("Read said")
    const t = toks[i]!;
    return { subject: { kind: 'person', name: t.t, start: t.s, end: t.e, honorific: null, title: null, org: null, maybeOrg: true, single: true }, form: 'subject-cue', cuePos: toks[cue]!.s };
  }
  const sub = nameRun(i, e, false);
  return sub ? { subject: sub, form: 'subject-cue', cuePos: toks[cue]!.s } : null;
}

/**
 * Attribution in the words right before an opening mark: `NAME, TITLE, said: “` / `Detrick said, “` /
 * `Still, he added, “` / `According to NAME, “` / `…, adding: “`.
 */
export function parseBefore(c: Ctx): Attribution | null {
  const { toks } = c;
  const n = toks.length;
  for (let k = n - 1; k >= 0 && n - 1 - k <= MAX_BEFORE_TAIL; k--) {
    const t = toks[k]!;
    if (t.k !== 'w') continue;
    const colon = hasColon(toks, k + 1);
    if (isAccordingTo(toks, k)) {
      const s = subjectForward(c, k + 2, n);
      if (s && s.subject.kind !== 'nominal' && n - s.end <= 2) return { subject: s.subject, form: 'according-to', cuePos: t.s };
      continue;
    }
    if (isParticiple(t) && k > 0) {
      // "…, the daily wrote, adding, “…”": the subject of the main clause
      for (let m = k - 1; m >= 0 && k - m <= MAX_MAIN_CLAUSE; m--) {
        if (!isSpeechCue(toks[m])) continue;
        const sub = subjectBackward(c, m - 1, 0) ?? subjectForward(c, m + 1, k)?.subject ?? null;
        if (sub) return { subject: sub, form: colon ? 'before-colon' : 'before', cuePos: toks[m]!.s };
      }
      // "Trump attacked Clinton for …, saying, “…”": the subject that opens the clause
      const cs = clauseSubject(c, k);
      if (cs) return { subject: cs, form: colon ? 'before-colon' : 'before', cuePos: t.s };
      return { subject: { kind: 'participle', start: t.s, end: t.e }, form: 'before', cuePos: t.s };
    }
    const phr = phrasalCueEnd(toks, k);
    if (!isSpeechCue(t) && phr < 0) continue;
    const sub = subjectBackward(c, k - 1, 0);
    if (sub) return { subject: sub, form: colon ? 'before-colon' : 'before', cuePos: t.s };
    if (isSpeechCue(t)) {
      // inverted inside a sentence: "…,” said Jane Doe, “…"
      const s = inClass(t, W.objectVerb) ? null : subjectForward(c, k + 1, n);
      if (s && s.subject.kind !== 'nominal' && n - s.end <= 2) return { subject: s.subject, form: 'before', cuePos: t.s };
      // a second verb of the clause: "Jane Doe has criticised the deal and said, “…”"
      if (toks[k - 1]?.lo === 'and' || isPunct(toks[k - 1], ',')) {
        const cs = clauseSubject(c, k);
        if (cs) return { subject: cs, form: colon ? 'before-colon' : 'before', cuePos: t.s };
      }
    }
  }
  return null;
}
const INTRO_OPENERS = new Set([
  'in', 'on', 'at', 'during', 'after', 'before', 'while', 'when', 'speaking', 'asked', 'earlier', 'later', 'meanwhile',
  'still', 'yet', 'however', 'separately', 'last', 'on', 'for', 'with', 'without', 'despite', 'as', 'since', 'then',
]);
/** Tokens an introductory phrase may take before the subject ("During a speech in Ohio on Monday, Trump …"). */
const MAX_INTRO_TOKENS = 15;
/** The subject opening the clause that ends at token `upTo`: at the sentence start or after an introductory phrase. */
function clauseSubject(c: Ctx, upTo: number): Subject | null {
  const { toks } = c;
  const starts = [0];
  // "During a speech in Ohio, Trump …": only after an introductory phrase, not after an apposition
  if (toks[0] && (INTRO_OPENERS.has(toks[0].lo) || inClass(toks[0], W.adverb))) {
    for (let k = 0; k < Math.min(upTo, MAX_INTRO_TOKENS); k++) {
      if (isPunct(toks[k], ',')) {
        starts.push(k + 1);
        break;
      }
    }
  }
  for (const st of starts) {
    const s = subjectForward(c, st, upTo);
    if (!s || !usable(s.subject)) continue;
    const next = toks[skipAdverbs(toks, s.end)];
    if (next && next.k === 'w' && !next.cap) return s.subject;
  }
  return null;
}
/** Tokens scanned for the comma that ends an introductory phrase ("Moreover, as part of the exchange, Gowdy …"). */
const MAX_SENTENCE_INTRO = 20;
/**
 * The person a sentence is about, for a quotation inside it that has no reporting verb ("Gowdy referenced a report
 * that “…”", "In an address, President Jane Doe condemned the “…”"): a person or pronoun opening the sentence or
 * opening it after an introductory phrase, followed by a lower-case word (its verb).
 */
export function sentenceSubject(c: Ctx): Subject | null {
  const { toks } = c;
  const starts = [0];
  for (let k = 0; k < Math.min(toks.length, MAX_SENTENCE_INTRO); k++) if (isPunct(toks[k], ',')) starts.push(k + 1);
  for (const st of starts) {
    const s = subjectForward(c, st, toks.length);
    if (!s || !usable(s.subject)) continue;
    if (s.subject.kind === 'pronoun' && L.pronoun.get(s.subject.pronoun) !== 'm' && L.pronoun.get(s.subject.pronoun) !== 'f') continue;
    let j = skipParenForward(toks, s.end);
    // over an apposition the subject phrase did not take in: "Jane Doe, the party's fired campaign manager, ripped …"
    if (isPunct(toks[j], ',') || isPunct(toks[j], '—') || isPunct(toks[j], '--')) {
      const close = toks[j]!.t;
      let k = j + 1;
      while (k < toks.length && k - j <= MAX_APPOSITION_TOKENS && !isPunct(toks[k], close) && !isTerminator(toks[k])) k++;
      // the closing comma of an apposition the subject phrase already took in, or a further one
      j = isPunct(toks[k], close) && !isVerbLike(toks[j + 1]) ? k + 1 : j + 1;
    }
    const next = toks[skipAdverbs(toks, j)];
    if (next && next.k === 'w' && !next.cap && !FUNCTION_WORDS.has(next.lo)) return s.subject;
  }
  return null;
}

const isVerbLike = (t: Tok | undefined): boolean => !!t && t.k === 'w' && !t.cap && !FUNCTION_WORDS.has(t.lo) && !ARTICLES.has(t.lo);
/** The first person or organisation named in a sentence (its likely topic), for a quotation nothing else attributes. */
export function firstNamed(c: Ctx): Subject | null {
  const { toks } = c;
  for (let k = 0; k < toks.length; k++) {
    if (!isCapWord(toks[k]) || (k > 0 && isCapWord(toks[k - 1]))) continue;
    // the tail of a firm's name ("Bramwell & Co", "Bank of America") is not a name of its own
    if (k > 1 && (toks[k - 1]!.t === '&' || ORG_CONNECTORS.has(toks[k - 1]!.lo)) && isCapWord(toks[k - 2])) continue;
    // "analysts at Bramwell & Co": the firm
    if (k > 1 && PREP_ORG.has(toks[k - 1]!.lo) && isPluralSource(toks[k - 2])) {
      const o = parseOrg(c, k, toks.length);
      if (o) return { kind: 'org', org: o.org, start: toks[o.a]!.s, end: toks[o.b - 1]!.e };
    }
    const s = subjectForward(c, k, toks.length);
    if (s && (s.subject.kind === 'person' || s.subject.kind === 'org')) return s.subject;
  }
  return null;
}
const skipAdverbs = (toks: Tok[], j: number): number => {
  while (isAdverb(toks[j])) j++;
  return j;
};
const hasColon = (toks: Tok[], from: number): boolean => {
  for (let k = from; k < toks.length; k++) if (isPunct(toks[k], ':')) return true;
  return false;
};

/**
 * Attribution anywhere in a sentence without a quotation, for the quotation that follows it:
 * "…, says Nick Saunders, chief executive of Webull UK." / "Jim Paulsen, chief strategist at X, is more upbeat."
 */
export function parseSentence(c: Ctx): Attribution | null {
  const { toks } = c;
  const n = toks.length;
  const colon = n > 0 && isPunct(toks[n - 1], ':');
  for (let k = n - 1; k >= 0; k--) {
    const t = toks[k]!;
    if (t.k !== 'w') continue;
    if (isAccordingTo(toks, k)) {
      const s = subjectForward(c, k + 2, n);
      if (s && usable(s.subject)) return { subject: s.subject, form: 'sentence', cuePos: t.s };
      continue;
    }
    if (!isSpeechCue(t) && phrasalCueEnd(toks, k) < 0) continue;
    const sub = subjectBackward(c, k - 1, 0);
    if (sub && usable(sub)) return { subject: sub, form: colon ? 'before-colon' : 'sentence', cuePos: t.s };
    // inverted ("…, says Jane Doe, chief economist"), but not the object of a verb like "called" or "told"
    const s = inClass(t, W.objectVerb) ? null : subjectForward(c, k + 1, n);
    if (s && usable(s.subject)) return { subject: s.subject, form: colon ? 'before-colon' : 'sentence', cuePos: t.s };
  }
  // "Jim Paulsen, chief strategist at Wells Capital, is more optimistic." / "Ismael Rashid … expects …"
  for (let k = 1; k < n; k++) {
    if (!isOpinion(toks[k])) continue;
    const sub = subjectBackward(c, k - 1, 0);
    if (sub && (sub.kind === 'pronoun' || (sub.kind === 'person' && (!sub.maybeOrg || sub.single)))) {
      return { subject: sub, form: 'sentence', cuePos: toks[k]!.s };
    }
  }
  return null;
}
const usable = (s: Subject): boolean => s.kind === 'person' || s.kind === 'org' || s.kind === 'pronoun';

/** A person introduced with a title, found anywhere in the text (no quotation needed). */
export interface Introduction {
  name: string;
  start: number;
  end: number;
  honorific: string | null;
  title: string | null;
  org: string | null;
  /** the introduction opens its sentence (a likely subject, hence a likely antecedent for "he"/"she") */
  subject: boolean;
}

/** Tokens an introductory phrase may take before a sentence's subject ("Still, …", "On Tuesday, …"). */
const MAX_OPENER_TOKENS = 5;
/** Does the phrase starting at token i open its sentence (possibly after a short introductory phrase)? */
function opensSentence(toks: Tok[], i: number): boolean {
  if (i === 0 || isTerminator(toks[i - 1]) || isPunct(toks[i - 1], ':')) return true;
  if (!isPunct(toks[i - 1], ',')) return false;
  for (let k = i - 2; k >= 0 && i - k <= MAX_OPENER_TOKENS + 1; k--) {
    if (k === 0 || isTerminator(toks[k - 1])) return !toks.slice(k, i - 1).some((t) => t.t === ',');
  }
  return false;
}

/**
 * Introductions in a run of tokens outside quotation marks:
 *   "Shannon Saccocia, chief investment officer at Neuberger Berman, …"   (NAME, apposition)
 *   "Carson Group's chief market strategist, Ryan Detrick, …"             (ORG's TITLE, NAME)
 *   "UBS strategist Jane Doe", "Fed Chair Jerome Powell"                  (ORG TITLE NAME)
 */
export function findIntroductions(c: Ctx): Introduction[] {
  const { toks } = c;
  const out: Introduction[] = [];
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    // NAME, apposition
    if ((isNameToken(t) || isHonorific(t)) && !isNameToken(toks[i - 1]) && !isHonorific(toks[i - 1])) {
      let j = i;
      let honorific: string | null = null;
      if (isHonorific(t)) {
        honorific = stripDot(t.lo);
        j++;
      }
      const a = j;
      j = a + nameRunLength(toks, a);
      if (isSuffix(toks[j]) && j > a) j++;
      if (j > a && (j - a >= 2 || honorific) && isPunct(toks[j], ',') && toks[i - 1]?.lo !== "'s") {
        const kind = classifyRun(c, a, j);
        if (kind !== 'org' && !isPrepBefore(toks, i)) {
          const ap = parseApposition(c, j + 1, n);
          if (ap && ap.title) {
            out.push({ name: text(c, a, j), start: toks[a]!.s, end: toks[j - 1]!.e, honorific, title: ap.title, org: ap.org, subject: opensSentence(toks, i) });
          }
        }
      }
    }
    // TITLE [,] NAME
    if (isTitleHead(t) && !isPluralSource(t)) {
      let j = i + 1;
      let head = i;
      while (j < n && j - i <= 2 && inClass(toks[j]!, W.titleModifier) && toks[j]!.cap === t.cap) head = j++; // "Secretary General"
      if (isPunct(toks[j], ',')) j++;
      const a = j;
      j = a + nameRunLength(toks, a);
      if (j - a < 2 || classifyRun(c, a, j) === 'org') continue;
      if (isPunct(toks[i + 1], ',') && !(isPunct(toks[j], ',') || isTerminator(toks[j]) || j >= n)) continue;
      // the title: lower-case modifiers and capitalised title words before the head; an organisation before them
      let f = i;
      while (f > 0 && i - f < 4) {
        const u = toks[f - 1]!;
        if (u.k !== 'w' || FUNCTION_WORDS.has(u.lo) || inClass(u, W.clauseStop) || u.lo === "'s" || inClass(u, W.speech)) break;
        if (u.cap && !isTitleHead(u) && !inClass(u, W.titleModifier)) break; // "Prime Minister", not "Fed Chair"
        f--;
      }
      let org: string | null = null;
      let first = f;
      if (f > 1 && toks[f - 1]!.lo === "'s") {
        let o = f - 1;
        while (o > 0 && f - 1 - o < MAX_ORG_TOKENS && (isCapWord(toks[o - 1]) || (ORG_CONNECTORS.has(toks[o - 1]!.lo) && isCapWord(toks[o - 2])))) o--;
        if (o < f - 1) {
          org = text(c, o, f - 1);
          first = o;
        }
      } else {
        let o = f;
        while (o > 0 && f - o < MAX_ORG_TOKENS && isCapWord(toks[o - 1]) && !isHonorific(toks[o - 1])) o--;
        // a sentence-initial capital ("The", "Analysts") is not an organisation
        while (o < f && inClass(toks[o]!, W.nonName) && !inClass(toks[o]!, W.knownOrg) && !isAcronym(toks[o]!)) o++;
        if (o < f) {
          org = text(c, o, f);
          first = o;
        }
      }
      out.push({ name: text(c, a, j), start: toks[a]!.s, end: toks[j - 1]!.e, honorific: null, title: text(c, f, head + 1), org, subject: opensSentence(toks, first) });
    }
  }
  return out;
}
// "… at Morgan Stanley, …" - a name right after "at/of/with" is an organisation, not a person being introduced
const isPrepBefore = (toks: Tok[], i: number): boolean => {
  const p = toks[i - 1];
  return !!p && p.k === 'w' && PREP_ORG.has(p.lo);
};

/** A person named as the subject of a reporting verb outside quotation marks ("Kroes told the Guardian that …"). */
export interface Speaker {
  subject: PersonSubject;
  /** the cue's offset */
  pos: number;
}

/** Subjects of reporting verbs in a run of tokens outside quotation marks: people to resolve "she said" against. */
export function findSpeakers(c: Ctx): Speaker[] {
  const { toks } = c;
  const out: Speaker[] = [];
  for (let k = 0; k < toks.length; k++) {
    if (!isSpeechCue(toks[k])) continue;
    const sub = subjectBackward(c, k - 1, 0) ?? subjectForward(c, k + 1, toks.length)?.subject ?? null;
    if (sub && sub.kind === 'person') out.push({ subject: sub, pos: toks[k]!.s });
  }
  return out;
}
