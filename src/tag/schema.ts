import { z } from 'zod';

// The shape of one narrative lexicon file (lexicons/narratives/<tag>.yml). Unknown keys are errors, so a typo such
// as `treshold:` is reported instead of silently ignored. See lexicons/narratives/README.md.

const patternString = z.string().trim().min(1, 'expected a non-empty pattern');

export const TermSchema = z.strictObject({
  pattern: patternString,
  weight: z.number().gt(0, 'expected a weight above 0').max(5, 'expected a weight of at most 5'),
  note: z.string().optional(),
  /** the term counts only in a sentence where one of these patterns also matches (anywhere) */
  requires: z.array(patternString).min(1).optional(),
  /** the term does not count in a sentence where one of these patterns matches (anywhere) */
  unless: z.array(patternString).min(1).optional(),
});

export const NarrativeSchema = z.strictObject({
  tag: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a lower-case id like "small-caps"'),
  version: z.number().int().positive(),
  description: z.string().trim().min(1),
  /** score (0..1) needed to emit the tag */
  threshold: z.number().gt(0).lt(1),
  terms: z.array(TermSchema).min(1, 'expected at least one term'),
  /** like a term's `requires`, for every term: the sentence must match one of these */
  requires: z.array(patternString).default([]),
  /** like a term's `unless`, for every term: the sentence must match none of these */
  unless: z.array(patternString).default([]),
  /** cancel a term when they occur shortly before it (or inside its gaps) in the same sentence */
  negations: z.array(patternString).default([]),
  /** halve a term in the same scope as negations */
  hedges: z.array(patternString).default([]),
  /** cancel a term, in the same scope, because the sentence is about something else ("oil hit a record") */
  excludes: z.array(patternString).default([]),
  examples: z
    .strictObject({
      match: z.array(z.string().min(1)).default([]),
      noMatch: z.array(z.string().min(1)).default([]),
    })
    .default({ match: [], noMatch: [] }),
});

export type NarrativeTerm = z.infer<typeof TermSchema>;

export interface Narrative extends z.infer<typeof NarrativeSchema> {
  /** the file it was loaded from, when it came from a file */
  file?: string;
}
