/**
 * The attribution lexicon (lexicons/attribution.json): reporting verbs, title words, honorifics, pronouns and the
 * other word lists the quote extractor reads. Validated with zod once at module load and compiled into lookup sets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Resolved relative to this module, so it works from src/extract (tests) and dist/extract (the package). */
export const ATTRIBUTION_LEXICON_URL = new URL('../../lexicons/attribution.json', import.meta.url);

const word = z.string().min(1).max(60);
/** A list of words with no case-insensitive duplicates (a duplicate is almost always a typo or a merge slip). */
const words = z.array(word).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((w, i) => {
    const k = w.toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate entry "${w}"`, path: [i] });
    seen.add(k);
  });
});

const ExampleQuote = z.strictObject({
  speaker: z.string().nullable(),
  title: z.string().nullable(),
  organization: z.string().nullable(),
  rule: z.string().regex(/^quotes\/[a-z-]+$/),
});

export const AttributionLexiconSchema = z.strictObject({
  name: z.literal('attribution'),
  version: z.number().int().positive(),
  source: z.string().min(20),
  verbs: z.strictObject({
    speech: words,
    participles: words,
    opinion: words,
    phrasal: words,
    /** reporting verbs whose following name is their object, never an inverted subject ("called Jane Doe “…”") */
    object: words,
  }),
  titleHeads: words,
  titleModifiers: words,
  pluralSources: words,
  honorifics: z.strictObject({ male: words, female: words, neutral: words }),
  pronouns: z.strictObject({ male: words, female: words, plural: words, neuter: words, first: words }),
  nominalSources: words,
  organizationWords: words,
  knownOrganizations: words,
  nonNames: words,
  nameParticles: words,
  nameSuffixes: words,
  adverbs: words,
  auxiliaries: words,
  clauseStops: words,
  workCues: words,
  /** worked examples: run as tests (test/extract/quotes.test.ts) */
  examples: z.array(z.strictObject({ text: z.string().min(1), quotes: z.array(ExampleQuote) })),
});
export type AttributionLexiconData = z.infer<typeof AttributionLexiconSchema>;

export type Gender = 'm' | 'f';

/** The lexicon compiled into lower-cased lookup sets. */
export interface AttributionLexicon {
  version: number;
  data: AttributionLexiconData;
  speech: Set<string>;
  participles: Set<string>;
  opinion: Set<string>;
  /** first word -> remaining words of multi-word cues ("according" -> ["to"]) */
  phrasal: Map<string, string[][]>;
  /** reporting verbs followed by their object, not by an inverted subject */
  objectVerbs: Set<string>;
  titleHeads: Set<string>;
  /** words that modify a capitalised title ("Prime Minister", "Secretary General", "Chief Investment Officer") */
  titleModifiers: Set<string>;
  pluralSources: Set<string>;
  honorific: Map<string, Gender | null>;
  pronoun: Map<string, 'm' | 'f' | 'plural' | 'neuter' | 'first'>;
  nominalSources: Set<string>;
  orgWords: Set<string>;
  /** lower-cased, space-joined names of organisations whose names look like people's ("Morgan Stanley") */
  knownOrgs: Set<string>;
  nonNames: Set<string>;
  particles: Set<string>;
  nameSuffixes: Set<string>;
  adverbs: Set<string>;
  /** skipped between a subject and its cue ("he didn't say") */
  auxiliaries: Set<string>;
  clauseStops: Set<string>;
  workCues: Set<string>;
  /**
   * Lower-cased word -> the word classes (bits of W) it belongs to. The tokenizer looks every token up once here,
   * so the grammar tests a bit instead of looking the word up in each list it asks about.
   */
  wordClasses: Map<string, number>;
}

/** Word classes: one bit per list of the lexicon (see AttributionLexicon.wordClasses). */
export const W = {
  speech: 1 << 0,
  participle: 1 << 1,
  opinion: 1 << 2,
  /** first word of a multi-word cue ("according") */
  phrasalHead: 1 << 3,
  objectVerb: 1 << 4,
  titleHead: 1 << 5,
  titleModifier: 1 << 6,
  pluralSource: 1 << 7,
  /** an honorific once a final period is dropped ("mr", "mr.") */
  honorific: 1 << 8,
  pronoun: 1 << 9,
  nominalSource: 1 << 10,
  orgWord: 1 << 11,
  /** an organisation word as written, or once a final period is dropped ("corp", "corp.") */
  orgWordLoose: 1 << 12,
  knownOrg: 1 << 13,
  nonName: 1 << 14,
  particle: 1 << 15,
  nameSuffix: 1 << 16,
  adverb: 1 << 17,
  auxiliary: 1 << 18,
  clauseStop: 1 << 19,
  workCue: 1 << 20,
} as const;

function buildWordClasses(lex: Omit<AttributionLexicon, 'wordClasses'>): Map<string, number> {
  const classes = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: number): void => {
    for (const w of words) classes.set(w, (classes.get(w) ?? 0) | bit);
  };
  /** Words w with set.has(w without its final period): "x." always; "x" itself unless x ends with a period. */
  const markDotted = (words: Iterable<string>, bit: number): void => {
    for (const w of words) mark(w.endsWith('.') ? [w + '.'] : [w, w + '.'], bit);
  };
  mark(lex.speech, W.speech);
  mark(lex.participles, W.participle);
  mark(lex.opinion, W.opinion);
  mark(lex.phrasal.keys(), W.phrasalHead);
  mark(lex.objectVerbs, W.objectVerb);
  mark(lex.titleHeads, W.titleHead);
  mark(lex.titleModifiers, W.titleModifier);
  mark(lex.pluralSources, W.pluralSource);
  markDotted(lex.honorific.keys(), W.honorific);
  mark(lex.pronoun.keys(), W.pronoun);
  mark(lex.nominalSources, W.nominalSource);
  mark(lex.orgWords, W.orgWord);
  mark(lex.orgWords, W.orgWordLoose);
  markDotted(lex.orgWords, W.orgWordLoose);
  mark(lex.knownOrgs, W.knownOrg);
  mark(lex.nonNames, W.nonName);
  mark(lex.particles, W.particle);
  mark(lex.nameSuffixes, W.nameSuffix);
  mark(lex.adverbs, W.adverb);
  mark(lex.auxiliaries, W.auxiliary);
  mark(lex.clauseStops, W.clauseStop);
  mark(lex.workCues, W.workCue);
  return classes;
}

const lower = (xs: readonly string[]): Set<string> => new Set(xs.map((x) => x.toLowerCase()));

export function compileAttributionLexicon(data: AttributionLexiconData): AttributionLexicon {
  const phrasal = new Map<string, string[][]>();
  for (const p of data.verbs.phrasal) {
    const [head, ...rest] = p.toLowerCase().split(/\s+/);
    if (!head) continue;
    const list = phrasal.get(head) ?? [];
    list.push(rest);
    phrasal.set(head, list);
  }
  const honorific = new Map<string, Gender | null>();
  for (const h of data.honorifics.male) honorific.set(h.toLowerCase(), 'm');
  for (const h of data.honorifics.female) honorific.set(h.toLowerCase(), 'f');
  for (const h of data.honorifics.neutral) honorific.set(h.toLowerCase(), null);
  const pronoun = new Map<string, 'm' | 'f' | 'plural' | 'neuter' | 'first'>();
  for (const p of data.pronouns.male) pronoun.set(p.toLowerCase(), 'm');
  for (const p of data.pronouns.female) pronoun.set(p.toLowerCase(), 'f');
  for (const p of data.pronouns.plural) pronoun.set(p.toLowerCase(), 'plural');
  for (const p of data.pronouns.neuter) pronoun.set(p.toLowerCase(), 'neuter');
  for (const p of data.pronouns.first) pronoun.set(p.toLowerCase(), 'first');
  const lex = {
    version: data.version,
    data,
    speech: lower(data.verbs.speech),
    participles: lower(data.verbs.participles),
    opinion: lower(data.verbs.opinion),
    phrasal,
    objectVerbs: lower(data.verbs.object),
    titleHeads: lower(data.titleHeads),
    titleModifiers: lower(data.titleModifiers),
    pluralSources: lower(data.pluralSources),
    honorific,
    pronoun,
    nominalSources: lower(data.nominalSources),
    orgWords: lower(data.organizationWords),
    knownOrgs: lower(data.knownOrganizations.map((o) => o.replace(/\s+/g, ' '))),
    nonNames: lower(data.nonNames),
    particles: lower(data.nameParticles),
    nameSuffixes: lower(data.nameSuffixes),
    adverbs: lower(data.adverbs),
    auxiliaries: lower(data.auxiliaries),
    clauseStops: lower(data.clauseStops),
    workCues: lower(data.workCues),
  };
  return { ...lex, wordClasses: buildWordClasses(lex) };
}

/** Parse and validate lexicon JSON text; errors name the file and the offending path. */
export function parseAttributionLexicon(json: string, file = 'lexicons/attribution.json'): AttributionLexicon {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = AttributionLexiconSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid attribution lexicon: ${issues}`);
  }
  return compileAttributionLexicon(parsed.data);
}

/** Loaded once per process, at module load. */
export const ATTRIBUTION: AttributionLexicon = parseAttributionLexicon(
  readFileSync(ATTRIBUTION_LEXICON_URL, 'utf8'),
  fileURLToPath(ATTRIBUTION_LEXICON_URL),
);
