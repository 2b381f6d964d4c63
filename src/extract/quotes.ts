/**
 * Quote extractor: direct quotations with their speaker, title and organisation.
 *
 *   “If the economy continues to grow …,” said Jeff Mills, chief investment strategist at Bessemer Trust.
 *   -> { text: "If the economy continues to grow …,", speaker: "Jeff Mills", title: "chief investment strategist",
 *        organization: "Bessemer Trust", rule: "quotes/said-name-after" }
 *
 * Steps: pair quotation marks per paragraph (quotes-text) -> register the people the article introduces
 * (quotes-attribution: findIntroductions) -> read each quotation's own attribution from the words right after or
 * right before it -> otherwise inherit from the paragraph-spanning quotation it continues, the quotation just before
 * it, or the attribution in the sentence just before it -> resolve pronouns and surnames (quotes-people).
 * Short quoted phrases (scare quotes, names, titles of works) are not quotes.
 */
import type { Doc } from '../segment/doc.js';
import type { Quote } from '../types.js';
import {
  findIntroductions,
  findSpeakers,
  firstNamed,
  isCompanySuffix,
  isHonorific,
  isNameToken,
  isTitleHead,
  parseAfter,
  parseAfterLoose,
  parseBefore,
  parseSentence,
  sentenceSubject,
  type Attribution,
  type Subject,
} from './quotes-attribution.js';
import { ATTRIBUTION as L, W } from './quotes-lexicon.js';
import { People, type Person } from './quotes-people.js';
import { countWords, findRegions, hasQuoteMark, inClass, isAlnum, isTerminator, isWord, paragraphs, tokenize, type Region, type Tok } from './quotes-text.js';
import type { ExtractContext, Extractor } from './types.js';

/** Fewer words than this in quotation marks is a phrase ("the “Magnificent Seven”"), not a quote. */
const MIN_QUOTE_WORDS = 4;
/** ...unless the quotation is a whole utterance with its own attribution ("“Sell,” he said." needs 2 words). */
const MIN_ATTRIBUTED_WORDS = 2;
/** A quoted passage inside a sentence ("X called it “a costly mistake”") or a short whole sentence ("“Don't do it.”"). */
const MIN_PARTIAL_WORDS = 3;
/** Quoted phrases looked through when a quotation inherits the speaker of the one before. */
const MAX_LOOK_THROUGH = 2;
/** Words scanned before the opening mark for a naming cue ("a report titled “…”", but not "called it “…”"). */
const WORK_CUE_WINDOW = 1;
/** Occurrences of a bare surname inspected for a first name or a title before it. */
const MAX_NAME_SEARCH = 20;
/** Characters read before such an occurrence ("George W. " / "President "). */
const NAME_LOOKBACK = 40;
/** Titles of works are short; longer quotations are not checked for Title Case. */
const MAX_TITLE_WORDS = 12;

interface Para {
  start: number;
  end: number;
  regions: Region[];
  /** gaps[k] = tokens between region k-1 and region k (gaps[regions.length] = after the last) */
  gaps: Tok[][];
}

interface Resolved {
  speaker: string | null;
  title: string | null;
  organization: string | null;
  speakerSpan: [number, number] | null;
}

interface Cand {
  pi: number;
  k: number;
  region: Region;
  /** trimmed inner text, norm offsets */
  s: number;
  e: number;
  words: number;
  /** last character of the quoted text */
  last: string;
  before: Tok[];
  after: Tok[];
  /** the quotation opens its sentence (nothing but punctuation before it) */
  atStart: boolean;
  attr: Attribution | null;
  groupPrev: Cand | null;
  groupNext: Cand | null;
  /** first and last paragraph of the quotation this one belongs to (itself when it stands alone) */
  head: Cand | null;
  tail: Cand | null;
  res: Resolved | null;
  rule: string;
  keep: boolean;
}

const NONE: Resolved = { speaker: null, title: null, organization: null, speakerSpan: null };

function findParas(norm: string): Para[] {
  // most of the work below is per character: an article with no quotation mark at all needs none of it
  if (!hasQuoteMark(norm)) return [];
  return paragraphs(norm).map((r) => ({ start: r.start, end: r.end, regions: findRegions(norm, r.start, r.end), gaps: [] }));
}
/** Tokenize the text between quotations (only done when the article has something that could be a quote). */
function tokenizeGaps(norm: string, p: Para): void {
  let from = p.start;
  for (const r of p.regions) {
    p.gaps.push(tokenize(norm, from, r.open));
    from = r.closed ? r.close + 1 : r.close;
  }
  p.gaps.push(tokenize(norm, from, p.end));
}

/** A sentence ends at . ! ? unless a comma or a lower-case word follows ("in Everett, Wash., recently"). */
function isBoundary(gap: Tok[], i: number): boolean {
  const n = gap[i + 1];
  // "… analyst at The Benchmark Co. High fuel costs …": a company suffix's period before a capital ends the sentence
  if (isCompanySuffix(gap[i]) && gap[i]!.t.endsWith('.') && n && n.k === 'w' && n.cap && !isCompanySuffix(n)) return true;
  if (!isTerminator(gap[i])) return false;
  if (!n) return true;
  if (n.k === 'w') return n.cap || !/\p{Ll}/u.test(n.t[0]!);
  return n.t !== ',' && n.t !== ';' && n.t !== ':' && n.t !== ')';
}
/** Tokens after the last sentence end in a gap (the start of the sentence the next quotation is in). */
function sentenceTail(gap: Tok[]): Tok[] {
  for (let i = gap.length - 1; i >= 0; i--) if (isBoundary(gap, i)) return gap.slice(i + 1);
  return gap;
}
/** Tokens up to and including the first sentence end (the rest of the sentence a quotation closed in). */
function sentenceHead(gap: Tok[]): Tok[] {
  for (let i = 0; i < gap.length; i++) if (isBoundary(gap, i)) return gap.slice(0, i + 1);
  return gap;
}
/** The last sentence of a gap (complete, or cut by a colon: "Jane Doe said:"), and whether it is the gap's first. */
function lastSentence(gap: Tok[]): { toks: Tok[]; first: boolean } | null {
  let end = -1;
  for (let i = gap.length - 1; i >= 0; i--) {
    if (isBoundary(gap, i)) {
      end = i;
      break;
    }
  }
  if (end < 0) return gap.some(isWord) ? { toks: gap, first: true } : null;
  const rest = gap.slice(end + 1);
  if (rest.some(isWord)) return { toks: rest, first: false };
  let start = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (isBoundary(gap, i)) {
      start = i + 1;
      break;
    }
  }
  const toks = gap.slice(start, end + 1);
  return toks.some(isWord) ? { toks, first: start === 0 } : null;
}

/** "a report titled “…”", "the so-called “…”": a name given to something, not words someone said. */
function isNamed(c: Cand): boolean {
  const prev = c.before.filter((t) => t.k === 'w').slice(-WORK_CUE_WINDOW);
  return prev.some((t) => inClass(t, W.workCue));
}
/** Title Case without sentence punctuation: a book, a show, a headline ("“The Intelligent Investor”"). */
function isWorkTitle(norm: string, c: Cand): boolean {
  // Title Case without sentence punctuation: a book, a show, a headline ("“The Intelligent Investor”")
  if (c.words > MAX_TITLE_WORDS) return false;
  const toks = tokenize(norm, c.s, c.e).filter((t) => t.k === 'w' && t.lo.length > 3);
  if (toks.length === 0 || !toks.every((t) => t.cap)) return false;
  // American style puts the sentence's comma or period inside the marks ("… on “Meet the Press.”"): only
  // punctuation before the last character makes it a sentence
  return !/[.!?,;:]/.test(norm.slice(c.s, c.e).replace(/[.,;:]+$/, ''));
}

class QuoteFinder {
  readonly people = new People();
  readonly paras: Para[];
  readonly cands: Cand[] = [];
  private readonly groupRes = new Map<Cand, { res: Resolved; rule: string } | null>();
  private readonly nameCache = new Map<string, { name: string; start: number; end: number } | 'title' | null>();

  constructor(
    readonly doc: Doc,
    readonly ctx: ExtractContext | undefined,
  ) {
    this.paras = findParas(doc.norm);
  }

  run(): Quote[] {
    const norm = this.doc.norm;
    // most articles quote no one: skip the token work when no quotation has enough words to be a quote
    const worthIt = this.paras.some((p) => p.regions.some((r) => countWords(norm, r.open + 1, r.close) >= MIN_ATTRIBUTED_WORDS));
    if (!worthIt) return [];
    for (const p of this.paras) tokenizeGaps(norm, p);
    // 1. people introduced anywhere outside quotation marks, and the subjects of reporting verbs
    for (const p of this.paras) {
      for (const gap of p.gaps) {
        for (const intro of findIntroductions({ norm, toks: gap })) {
          const g = intro.honorific ? (L.honorific.get(intro.honorific) ?? null) : null;
          this.people.add(intro.name, intro.start, intro.end, intro.title, intro.org, g, intro.start, intro.subject);
        }
        for (const sp of findSpeakers({ norm, toks: gap })) this.resolvePerson(sp.subject, sp.pos);
      }
    }
    // 2. candidates and their own attributions
    this.paras.forEach((p, pi) => {
      p.regions.forEach((region, k) => {
        let s = region.open + 1;
        let e = region.close;
        while (s < e && /\s/.test(norm[s]!)) s++;
        while (e > s && /\s/.test(norm[e - 1]!)) e--;
        const before = sentenceTail(p.gaps[k]!);
        const after = region.closed ? sentenceHead(p.gaps[k + 1]!) : [];
        const c: Cand = {
          pi,
          k,
          region,
          s,
          e,
          words: countWords(norm, s, e),
          last: e > s ? norm[e - 1]! : '',
          before,
          after,
          atStart: !before.some(isWord),
          attr: null,
          groupPrev: null,
          groupNext: null,
          head: null,
          tail: null,
          res: null,
          rule: 'quotes/unattributed',
          keep: false,
        };
        if (c.words > 0) {
          c.attr =
            (region.closed ? parseAfter({ norm, toks: after }, c.last === '.') : null) ??
            parseBefore({ norm, toks: before }) ??
            (region.closed && c.last !== '.' ? parseAfterLoose({ norm, toks: after }) : null);
        }
        this.cands.push(c);
      });
    });
    // 3. quotations running over paragraphs: “… (no closing mark) ¶ “…
    for (let i = 0; i + 1 < this.cands.length; i++) {
      const c = this.cands[i]!;
      const n = this.cands[i + 1]!;
      const p = this.paras[c.pi]!;
      if (!c.region.closed && c.k === p.regions.length - 1 && n.pi === c.pi + 1 && n.k === 0 && n.region.open === this.paras[n.pi]!.start) {
        c.groupNext = n;
        n.groupPrev = c;
      }
    }
    for (const c of this.cands) c.head = c.groupPrev?.head ?? c;
    for (let i = this.cands.length - 1; i >= 0; i--) {
      const c = this.cands[i]!;
      c.tail = c.groupNext?.tail ?? c;
    }
    // 4. resolve in text order (pronouns look back at the people mentioned so far)
    for (const c of this.cands) this.resolve(c);
    const out: Quote[] = [];
    for (const c of this.cands) {
      if (!c.keep) continue;
      const r = c.res ?? NONE;
      out.push({
        text: norm.slice(c.s, c.e),
        speaker: r.speaker,
        title: r.speaker || r.organization ? r.title : null,
        organization: r.organization,
        span: this.doc.span(c.s, c.e),
        speakerSpan: r.speakerSpan ? this.doc.span(r.speakerSpan[0], r.speakerSpan[1]) : null,
        rule: c.rule,
      });
    }
    return out;
  }

  private resolve(c: Cand): void {
    const norm = this.doc.norm;
    if (c.words === 0 || !/\p{L}/u.test(norm.slice(c.s, c.e))) return;
    const explicit = c.attr !== null;
    const enough =
      c.words >= MIN_QUOTE_WORDS ||
      (explicit && c.words >= MIN_ATTRIBUTED_WORDS && /[,.!?]/.test(c.last)) ||
      (c.words >= MIN_PARTIAL_WORDS && (!c.atStart || /[.!?]/.test(c.last)));
    // a paragraph-spanning quotation is kept whole even when one paragraph of it is short
    if (!enough && !c.groupPrev && !c.groupNext) return;
    // a Title Case name inside a sentence is a show or a book even when the sentence quotes someone ("said on “Face the Nation,”")
    if (isNamed(c) || (isWorkTitle(norm, c) && (!explicit || !c.atStart))) return;
    const header = c.attr ? null : this.capsHeader(c);
    if (header === 'label') {
      // a section label in capitals ("MARKET REACTION:") names no one
      c.keep = c.words >= MIN_QUOTE_WORDS;
      return;
    }
    if (header) {
      c.res = header;
      c.rule = 'quotes/caps-header';
      c.keep = true;
      return;
    }
    if (c.attr) {
      const r = this.resolveAttribution(c.attr, c);
      c.res = r.res;
      c.rule = r.rule;
      c.keep = true;
      return;
    }
    if (c.groupPrev || c.groupNext) {
      // a paragraph of a quotation that runs over several: the attribution of any paragraph, else the first one's
      const g = this.groupAttribution(c);
      const head = c.head ?? c;
      const res = g ?? (head !== c && head.keep ? head.res : null);
      if (res && (res.speaker || res.organization)) {
        c.res = res;
        c.rule = 'quotes/continuation';
        c.keep = true;
        return;
      }
      if (head !== c) {
        // keep an unattributed one only when it is well formed (its last paragraph closes it)
        c.keep = head.keep && (c.tail ?? c).region.closed;
        c.rule = head.rule === 'quotes/unattributed' ? head.rule : 'quotes/continuation';
        return;
      }
    }
    if (!c.atStart) {
      // a partial quotation inside a sentence: attributed by that sentence's reporting verb, else not a quote
      const partial = this.partialAttribution(c);
      if (!partial) return;
      c.res = partial.res;
      c.rule = partial.rule;
      c.keep = true;
      return;
    }
    const inherited = this.inherit(c);
    if (inherited) {
      c.res = inherited.res;
      c.rule = inherited.rule;
      c.keep = true;
      return;
    }
    // an unattributed quotation must at least be well formed: closed here, or closed by a later paragraph; a short
    // sentence nobody said ("“Sell the rally.”") is a slogan
    c.keep = (c.tail ?? c).region.closed && c.words >= MIN_QUOTE_WORDS;
  }

  /**
   * A quotation inside a sentence with no attribution of its own ("Smith called the plan “a costly mistake” and …"):
   * the speaker of an earlier quotation in the same sentence, else the reporting verb of the sentence, before the
   * quotation or after it ("… “a costly mistake,” the newspaper reported.").
   */
  private partialAttribution(c: Cand): { res: Resolved; rule: string } | null {
    const norm = this.doc.norm;
    const p = this.paras[c.pi]!;
    // the sentence's words before this quotation, back over earlier quotations of the same sentence
    let toks = c.before;
    let m: Cand = c;
    for (let hops = 0; hops < MAX_LOOK_THROUGH + 1; hops++) {
      const gap = p.gaps[m.k]!;
      if (m.before.length !== gap.length || m.k === 0) break; // the sentence starts in this gap
      const prev = this.candAt(m.pi, m.k - 1);
      if (!prev || !prev.region.closed || (/[.!?]/.test(prev.last) && gap[0]?.cap)) break;
      if (prev.keep && prev.res && (prev.res.speaker || prev.res.organization)) return { res: prev.res, rule: 'quotes/partial-continuation' };
      toks = [...prev.before, ...toks];
      m = prev;
    }
    // the words after it belong to the same sentence only when the quotation does not end it
    const a = parseSentence({ norm, toks }) ?? (c.region.closed && !/[.!?]/.test(c.last) ? parseSentence({ norm, toks: c.after }) : null);
    if (a) {
      const r = this.resolveAttribution(a, c);
      if (r.res.speaker || r.res.organization) return { res: r.res, rule: 'quotes/partial' };
    }
    // no reporting verb: the person the sentence is about ("Smith welcomed “the long-awaited reform”")
    const sub = sentenceSubject({ norm, toks });
    if (sub) {
      const r = this.resolveAttribution({ subject: sub, form: 'sentence', cuePos: toks[0]!.s }, c);
      if (r.res.speaker) return { res: r.res, rule: 'quotes/partial-subject' };
    }
    // nothing in the sentence attributes it: the first person or firm the sentence names, else the person the
    // article mentioned last; with no one to attribute it to, a quoted phrase is a scare quote, not a quotation
    const named = toks.length > 0 ? firstNamed({ norm, toks }) : null;
    if (named) {
      const r = this.resolveAttribution({ subject: named, form: 'sentence', cuePos: toks[0]!.s }, c);
      if (r.res.speaker || r.res.organization) return { res: r.res, rule: 'quotes/partial-named' };
    }
    const last = this.people.latestPerson(c.s);
    return last ? { res: fromPerson(last), rule: 'quotes/partial-nearest' } : null;
  }

  /**
   * A wire "instant view" header in capitals before the quotation: `JANE DOE, CHIEF ECONOMIST, ACME BANK, NEW YORK: “…”`
   * or `JANE DOE, PRESIDENT OF ACME GROUP IN BOSTON: “…”`. Name, title and firm are given in ordinary case.
   */
  private capsHeader(c: Cand): Resolved | 'label' | null {
    const toks = c.before;
    const n = toks.length;
    if (n < 2 || !isPunctTok(toks[n - 1], ':')) return null;
    const words = toks.filter((t) => t.k === 'w');
    if (words.length === 0 || words.some((t) => /\p{Ll}/u.test(t.t) || !/\p{Lu}/u.test(t.t))) return null;
    const segs: Tok[][] = [[]];
    for (const t of toks.slice(0, n - 1)) {
      if (isPunctTok(t, ',')) segs.push([]);
      else segs[segs.length - 1]!.push(t);
    }
    const name = segs[0]!;
    if (segs.length < 2) return 'label';
    if (name.length < 2 || name.length > 4 || !name.every((t) => t.k === 'w' && /^\p{Lu}/u.test(t.t))) return null;
    let title = segs[1]!.map((t) => t.lo).join(' ');
    let org: string | null = segs.length > 3 ? caseName(segs[2]!) : null;
    // "PRESIDENT OF PRINCETON FINANCIAL GROUP IN PRINCETON": the title's own organisation, before the place
    const m = /^(.+?) (?:of|at|with) (.+?)(?: in .*)?$/.exec(title);
    if (m && !org) {
      title = m[1]!;
      org = caseName(m[2]!.split(' ').map((w) => ({ t: w.toUpperCase(), lo: w }) as Tok));
    }
    if (!org && segs.length === 3) org = caseName(segs[2]!);
    const start = name[0]!.s;
    const end = name[name.length - 1]!.e;
    return { speaker: caseName(name, true), title, organization: org, speakerSpan: [start, end] };
  }

  /** Explicit attribution of the paragraph-spanning quotation this candidate belongs to (first member that has one). */
  private groupAttribution(c: Cand): Resolved | null {
    const head = c.head ?? c;
    if (this.groupRes.has(head)) return this.groupRes.get(head)?.res ?? null;
    let result: { res: Resolved; rule: string } | null = null;
    for (let m: Cand | null = head; m; m = m.groupNext) {
      if (m.attr) {
        result = this.resolveAttribution(m.attr, m);
        break;
      }
    }
    this.groupRes.set(head, result);
    return result?.res ?? null;
  }

  /** A quotation that opens its sentence without attribution: look at what comes just before it. */
  private inherit(c: Cand, depth = 0): { res: Resolved; rule: string } | null {
    const norm = this.doc.norm;
    const p = this.paras[c.pi]!;
    const gap = p.gaps[c.k]!;
    let prevCand: Cand | null = null;
    let sentence: Tok[] | null = null;
    if (!gap.some(isWord)) {
      if (c.k > 0) prevCand = this.candAt(c.pi, c.k - 1);
      else if (c.pi > 0) {
        const pp = this.paras[c.pi - 1]!;
        const lastGap = pp.gaps[pp.regions.length]!;
        if (pp.regions.length > 0 && !lastGap.some(isWord)) prevCand = this.candAt(c.pi - 1, pp.regions.length - 1);
        else {
          const ls = lastSentence(lastGap);
          if (ls && ls.first && pp.regions.length > 0 && this.candAt(c.pi - 1, pp.regions.length - 1)?.attr) {
            prevCand = this.candAt(c.pi - 1, pp.regions.length - 1);
          } else sentence = ls?.toks ?? null;
        }
      }
    } else {
      const ls = lastSentence(gap);
      const prev = c.k > 0 ? this.candAt(c.pi, c.k - 1) : null;
      if (ls && ls.first && prev && prev.attr && prev.region.closed) prevCand = prev;
      else sentence = ls?.toks ?? null;
    }
    if (prevCand) {
      if (prevCand.keep) {
        return prevCand.res && (prevCand.res.speaker || prevCand.res.organization) ? { res: prevCand.res, rule: 'quotes/continuation' } : null;
      }
      // the quotation before was only a quoted phrase ("… on Fox News's “Fox and Friends.”"): look through it
      return depth < MAX_LOOK_THROUGH ? this.inherit(prevCand, depth + 1) : null;
    }
    if (sentence) {
      const a = parseSentence({ norm, toks: sentence });
      if (a) {
        const r = this.resolveAttribution(a, c);
        if (r.res.speaker || r.res.organization) return { res: r.res, rule: a.form === 'before-colon' ? 'quotes/name-said-colon' : 'quotes/preceding-attribution' };
      }
    }
    return null;
  }

  private candAt(pi: number, k: number): Cand | null {
    // candidates are in (paragraph, region) order; a short scan back from the end is enough in practice,
    // but a binary search keeps it logarithmic for hostile inputs with thousands of marks
    let lo = 0;
    let hi = this.cands.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.cands[mid]!;
      if (m.pi === pi && m.k === k) return m;
      if (m.pi < pi || (m.pi === pi && m.k < k)) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** Turn a parsed subject into speaker / title / organisation, through the people registry. */
  private resolveAttribution(a: Attribution, c: Cand): { res: Resolved; rule: string } {
    const sub: Subject = a.subject;
    const pos = a.cuePos;
    const ruleFor = (kind: 'name' | 'pronoun' | 'org' | 'nominal'): string => {
      if (a.form === 'sentence') return 'quotes/preceding-attribution';
      if (kind === 'pronoun') return 'quotes/pronoun-coref';
      if (a.form === 'according-to') return 'quotes/according-to';
      if (kind === 'org') return 'quotes/org-said';
      if (kind === 'nominal') return 'quotes/nominal-said';
      switch (a.form) {
        case 'cue-subject':
          return 'quotes/said-name-after';
        case 'subject-cue':
          return 'quotes/name-said-after';
        case 'before-colon':
          return 'quotes/name-said-colon';
        default:
          return 'quotes/name-said-before';
      }
    };
    switch (sub.kind) {
      case 'person': {
        const person = this.resolvePerson(sub, pos);
        if (person === null) {
          // a firm after all ("Morgan Stanley said", "Tesla said")
          this.people.mentionOrg(sub.name, pos);
          return { res: { ...NONE, organization: sub.name }, rule: ruleFor('org') };
        }
        return {
          res: {
            speaker: person.name,
            title: sub.title ?? person.title,
            organization: sub.org ?? person.org,
            speakerSpan: [sub.start, sub.end],
          },
          rule: ruleFor('name'),
        };
      }
      case 'org': {
        // "said Harvard University Professor Jane Doe": a titled person at the end of a firm's name
        const split = this.doc.norm.startsWith(sub.org, sub.start) ? splitOrgTitleName(sub.org) : null;
        if (split) {
          const person = this.people.add(split.name, sub.start + split.nameAt, sub.start + split.nameAt + split.name.length, split.title, split.org, null, pos);
          this.people.mention(person, pos);
          return { res: { speaker: person.name, title: split.title, organization: split.org, speakerSpan: [sub.start + split.nameAt, sub.start + split.nameAt + split.name.length] }, rule: ruleFor('name') };
        }
        this.people.mentionOrg(sub.org, pos);
        return { res: { ...NONE, organization: sub.org }, rule: ruleFor('org') };
      }
      case 'pronoun': {
        const kind = L.pronoun.get(sub.pronoun);
        if (kind === 'm' || kind === 'f') {
          const p = this.people.resolvePronoun(kind, pos);
          if (p) {
            this.people.mention(p, pos);
            return { res: fromPerson(p), rule: ruleFor('pronoun') };
          }
        } else if (kind === 'neuter' || kind === 'plural') {
          const org = this.people.resolveOrgPronoun(pos, kind === 'plural');
          if (org) return { res: { ...NONE, organization: org }, rule: ruleFor('pronoun') };
        }
        return { res: NONE, rule: ruleFor('pronoun') };
      }
      case 'participle': {
        // "…, adding “…”": the speaker of the quotation just before, else the latest person
        const prev = c.k > 0 ? this.candAt(c.pi, c.k - 1) : null;
        if (prev?.res && (prev.res.speaker || prev.res.organization)) return { res: prev.res, rule: 'quotes/continuation' };
        const p = this.people.latestPerson(pos);
        return p ? { res: fromPerson(p), rule: 'quotes/pronoun-coref' } : { res: NONE, rule: 'quotes/unattributed' };
      }
      case 'nominal':
        // "a Goldman Sachs spokesman said": the affiliation is all the article names
        if (sub.org) return { res: { ...NONE, organization: sub.org, title: sub.title ?? null }, rule: ruleFor('nominal') };
        return { res: NONE, rule: ruleFor('nominal') };
    }
  }

  /** A person subject -> the registry's person (registered if new); null when the name turns out to be a firm. */
  private resolvePerson(sub: Extract<Subject, { kind: 'person' }>, pos: number): Person | null {
    const g = sub.honorific ? (L.honorific.get(sub.honorific) ?? null) : null;
    const known = sub.single ? this.people.findSurname(sub.name, pos) : this.people.findFull(sub.name);
    // a bare capitalised name may be a firm ("Morgan Stanley said", "Tesla said"): the registry only vouches for
    // people it met with a title or an honorific
    if (sub.maybeOrg && (!known || !known.verified) && (this.isEntity(sub.start, sub.end) || this.people.looksLikeOrg(sub.name))) return null;
    if (known) {
      this.people.mention(known, pos);
      known.verified ||= !sub.maybeOrg;
      if (g && known.gender == null) known.gender = g;
      return known;
    }
    if (sub.single && sub.maybeOrg) {
      // a bare name the article never introduced: a person named in full elsewhere ("George W. Bush" … "Bush said"),
      // titled elsewhere ("President Bush"), or a first/last name compromise knows; otherwise a firm ("Nomura said")
      const seen = this.nameInText(sub.name);
      if (seen === 'title') return this.people.add(sub.name, sub.start, sub.end, null, null, null, pos);
      if (seen) return this.people.add(seen.name, seen.start, seen.end, null, null, null, pos);
      if (!this.people.looksLikePerson(sub.name)) return null;
    }
    return this.people.add(sub.name, sub.start, sub.end, sub.title, sub.org, g, pos, true, !sub.maybeOrg);
  }

  /**
   * Where else the article uses a bare surname: after first names ("George W. Bush") or after a title
   * ("President Bush"). Looks at the first MAX_NAME_SEARCH occurrences only.
   */
  private nameInText(surname: string): { name: string; start: number; end: number } | 'title' | null {
    const cached = this.nameCache.get(surname);
    if (cached !== undefined) return cached;
    const norm = this.doc.norm;
    let result: { name: string; start: number; end: number } | 'title' | null = null;
    let from = 0;
    for (let n = 0; n < MAX_NAME_SEARCH && !result; n++) {
      const i = norm.indexOf(surname, from);
      if (i < 0) break;
      from = i + surname.length;
      if (isAlnum(norm[i + surname.length]) || (i > 0 && isAlnum(norm[i - 1]))) continue;
      const lo = Math.max(0, i - NAME_LOOKBACK);
      const toks = tokenize(norm, lo, i + surname.length);
      const last = toks.length - 1;
      if (last < 1 || toks[last]!.s !== i) continue;
      let a = last;
      while (a > 0 && last - a < 3 && toks[a - 1]!.e + 1 >= toks[a]!.s && isNameToken(toks[a - 1]) && !inClass(toks[a - 1]!, W.orgWord)) a--;
      if (a < last && (a === 0 ? lo === 0 : true) && toks[a]!.s > lo) {
        result = { name: norm.slice(toks[a]!.s, toks[last]!.e), start: toks[a]!.s, end: toks[last]!.e };
      } else if (isTitleHead(toks[last - 1]) || isHonorific(toks[last - 1])) result = 'title';
    }
    this.nameCache.set(surname, result);
    return result;
  }

  /** Is [s, e) a company or index the entity extractors already found ("Tesla said")? */
  private isEntity(s: number, e: number): boolean {
    const ents = this.ctx?.entities;
    if (!ents) return false;
    for (const m of ents) if (m.start < e && m.end > s) return true;
    return false;
  }
}

/**
 * "Harvard University Professor Jane Doe" read as one organisation name: split off a capitalised title word
 * (Professor, President, Chairman …) followed by a name of two or more words at its end.
 */
export function splitOrgTitleName(org: string): { org: string; title: string; name: string; nameAt: number } | null {
  const toks = tokenize(org, 0, org.length);
  for (let k = toks.length - 3; k >= 1; k--) {
    const t = toks[k]!;
    if (!t.cap || !(isTitleHead(t) || isHonorific(t))) continue;
    const rest = toks.slice(k + 1);
    if (rest.length < 2 || rest.length > 3 || !rest.every((r) => isNameToken(r))) return null;
    const before = toks.slice(0, k);
    if (!before.every((b) => b.cap || inClass(b, W.orgWord) || b.lo === 'of' || b.lo === '&')) return null;
    return { org: org.slice(0, toks[k - 1]!.e), title: t.t.replace(/\.$/, ''), name: org.slice(rest[0]!.s), nameAt: rest[0]!.s };
  }
  return null;
}

const isPunctTok = (t: Tok | undefined, p: string): boolean => !!t && t.k === 'p' && t.t === p;
/** Capitals to ordinary case: "JOHNSON ILLINGTON ADVISORS" -> "Johnson Illington Advisors"; short acronyms ("FTN", "LLC") stay. */
const LOWER_IN_NAMES = new Set(['of', 'and', 'the', 'for', 'de', 'du', 'la', 'van', 'von']);
/** Short words in capitals that are words, not acronyms ("NEW YORK", "CO."); other short ones stay ("FTN", "LLC"). */
const CASED_SHORT = new Set(['new', 'the', 'and', 'for', 'of', 'co', 'co.', 'inc', 'inc.', 'old', 'one', 'san', 'los', 'las', 'st', 'st.', 'bay', 'de', 'la', 'le', 'du']);
function caseName(toks: Tok[], person = false): string {
  return toks
    .map((t, i) => {
      if (i > 0 && LOWER_IN_NAMES.has(t.lo)) return t.lo;
      if (!person && t.t.length <= 3 && !CASED_SHORT.has(t.lo)) return t.t;
      return t.t.toLowerCase().replace(/(^|[-.]|['’](?=\p{L}{2}))(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
    })
    .join(' ');
}

const fromPerson = (p: Person): Resolved => ({ speaker: p.name, title: p.title, organization: p.org, speakerSpan: [p.start, p.end] });

export const quotes: Extractor<'quotes'> = {
  meta: {
    id: 'quotes',
    version: 1,
    description:
      'Direct quotations in double quotation marks with speaker, title and organisation: attribution verbs before or after the quote, appositions, pronoun and surname coreference, paragraph-spanning quotes.',
  },
  kind: 'quotes',
  extract(doc: Doc, ctx: ExtractContext): Quote[] {
    return new QuoteFinder(doc, ctx).run();
  },
};

/** For tests and the explain command: the lexicon version this extractor reads. */
export const QUOTES_LEXICON_VERSION = L.version;
