// The tag stage: narrative lexicons (lexicons/narratives/*.yml) compiled once into an indexed matcher and scored
// with evidence; breadth is derived from the narrow-rally and broadening-rally narratives.
export { tagDoc, breadthOf, squash, SCOPE_WINDOW, EXCLUDE_WINDOW, HEDGE_FACTOR, REPEAT_DECAY, MAX_EVIDENCE, MIXED_RATIO } from './score.js';
export type { TagResult } from './score.js';
export {
  loadNarratives,
  defaultNarratives,
  checkNarrativeFile,
  parseNarrative,
  formatLexiconError,
  LexiconLoadError,
  DEFAULT_NARRATIVES_DIR,
} from './load.js';
export type { LexiconError, CheckResult } from './load.js';
export type { Narrative, NarrativeTerm } from './schema.js';
export { NarrativeSchema } from './schema.js';
export { compileNarratives, matchSentence, SentenceHits } from './matcher.js';
export type { Matcher, CompiledNarrative } from './matcher.js';
export { parsePattern, compilePattern, findMatches, matchEnds, MAX_GAP, MIN_PREFIX } from './pattern.js';
export type { CompiledPattern, PatternError, ParseResult } from './pattern.js';
export { sentenceTokens } from './tokens.js';
export { figureSignals } from './figures.js';
