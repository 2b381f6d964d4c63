// The sentence-level rules of the summarizer: what may never be chosen, what leans on the sentence before it, and
// the signals that make a sentence carry results. Patterns are matched against one sentence of Doc.norm (zero-width
// and bidi characters already removed, smart single quotes folded to ').

/**
 * A sentence that opens with a pronoun or discourse marker leans on the sentence before it ("However, ...",
 * "He added ...", "That ..."): it may be chosen only together with that sentence.
 * "This/That/These/Those" before a time word ("This quarter, revenue ...", "That year ...") point at a time, not at
 * an earlier sentence, and do not count.
 */
export const DANGLING =
  /^(?:however|but|still|yet|also|meanwhile|moreover|furthermore|in addition|additionally|besides|nonetheless|nevertheless|thus|therefore|hence|consequently|accordingly|otherwise|instead|then|so|and|or|as a result|as such|even so|by contrast|in contrast|on the other hand|similarly|likewise|in turn|in fact|indeed|again|that|this|these|those|it|its|it's|they|their|them|he|she|his|her|him|such|both|another|the latter|the former)\b/i;
const TIME_DEICTIC = /^(?:this|that|these|those)\s+(?:year|quarter|month|week|morning|afternoon|evening|time|season|fall|spring|summer|winter|past|coming|period|fiscal|first|second|third|fourth|half)\b/i;

/** Opening quote marks and list bullets that hide the first word of a sentence. */
const LEADING_PUNCT = /^[\s"“”'‘’«»(\[\-–—•*·▪◦]+/;

export function isDangling(sentence: string): boolean {
  const t = sentence.replace(LEADING_PUNCT, '');
  return DANGLING.test(t) && !TIME_DEICTIC.test(t);
}

/**
 * Page furniture and call furniture at sentence level: ingest drops whole boilerplate lines, but a prompt can sit
 * inside a paragraph, and an earnings call opens and closes with housekeeping. Never chosen.
 */
export const FURNITURE: ReadonlyArray<[id: string, re: RegExp]> = [
  // web page furniture
  ['share-buttons', /\b(?:share (?:this|on) (?:article|story|page|facebook|twitter|x|linkedin)|share or comment on this article|click (?:here|to (?:share|read|subscribe|listen|watch)))\b/i],
  ['newsletter', /\b(?:sign up (?:for|to)|subscribe (?:to|for|now|today)|newsletters?\b.{0,40}\b(?:inbox|sign|subscribe)|(?:delivered|straight) to your inbox)\b/i],
  ['podcast-player', /\b(?:listen to (?:this|the|our) (?:article|story|episode|podcast)|(?:apple|google) podcasts|spotify|podcast player|download (?:the|our) app)\b/i],
  ['video-prompt', /\b(?:scroll (?:down|up) for (?:video|more)|watch the video|video (?:above|below)|see (?:the )?(?:video|gallery) (?:above|below))\b/i],
  ['social-follow', /\bfollow (?:us|me|@\w+|[A-Z]\w+ on (?:twitter|x|facebook|instagram|linkedin))\b/i],
  ['comments', /\b(?:leave a comment|comments? (?:below|section)|join the (?:conversation|discussion)|what do you think\?|let us know in the comments)\b/i],
  ['disclaimer', /\b(?:not (?:personali[sz]ed )?investment advice|for (?:general )?informational purposes only|past performance (?:is not|does not guarantee)|all rights reserved|the (?:views|opinions) expressed (?:here|in this)|disclaimer|disclosure:)/i],
  ['wire-credit', /^(?:\(?(?:additional )?(?:reporting|writing|editing) by)\b/i],
  ['read-more', /^(?:read more|related|see also|more from)\b/i],
  // earnings-call furniture: safe harbour, housekeeping, operator, greetings and hand-overs
  ['safe-harbor', /\b(?:forward[- ]looking (?:statements?|information)|safe harbou?r|risk factors|(?:form )?10-[kq]\b|(?:sec|securities and exchange commission) filings?|actual results (?:could|may|might) differ|undertake no obligation|reconciliations? (?:of|to|between|is|are|can be)|reconciled (?:to|with) (?:the )?(?:most )?comparable|(?:refer(?:ence)? to|include|discuss(?:ion of)?) (?:certain |some )?non-gaap (?:financial )?measures)/i],
  ['operator', /^(?:operator\b|(?:ladies and gentlemen|good (?:morning|afternoon|evening|day))\b|(?:thank you|thanks)(?: (?:all|everyone|again|operator|very much|so much|for (?:joining|your|the)))?\b[,.!]?|welcome (?:to|everyone|back)\b|with that,|i(?:'ll| will| would like to)? (?:now )?(?:turn|hand|pass) (?:the call|it|things) (?:back )?over)/i],
  ['call-housekeeping', /\b(?:investor relations (?:section|page|website|portion)|on (?:our|the company's) website|(?:this|today's) (?:conference )?call is being (?:recorded|webcast)|(?:a )?replay (?:of (?:this|the|today's) call|will be available)|webcast|slide (?:deck|presentation)|(?:earnings|press) release (?:issued|that (?:we|was) issued|is available|can be found)|(?:question-and-answer|q&a) (?:session|portion)|open (?:it |the (?:call|line|lines|floor) )?(?:up )?(?:to|for) (?:your )?questions|take (?:your|any|some) questions|our (?:first|next) question|(?:please|kindly) (?:go ahead|stand by|limit))/i],
  ['call-joining', /\b(?:joining (?:us|me) (?:today|on (?:the|this|today's) call)|(?:on|to) (?:the|this|today's) (?:conference |earnings )?call\b.{0,40}\b(?:are|is|with me|joining)|thank(?:s| you) (?:all )?for (?:joining|being with|participating|your (?:time|questions|interest)))/i],
];

/**
 * All the furniture rules as one pattern (each rule is case-insensitive and has no back-references): it matches
 * where any rule matches, so one pass over a sentence rules out every rule for nearly all sentences.
 */
export const ANY_FURNITURE = new RegExp(FURNITURE.map(([, re]) => `(?:${re.source})`).join('|'), 'i');

/** The first furniture rule the sentence matches, or null. */
export function furniture(sentence: string): string | null {
  if (!ANY_FURNITURE.test(sentence)) return null;
  for (const [id, re] of FURNITURE) if (re.test(sentence)) return id;
  return null;
}

// Figures and the words that make a sentence a result, a guide or a move.
export const MONEY = /(?:[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:million|billion|trillion|mln|bln|bn|cents?)\b)/i;
export const PERCENT = /\b\d[\d,.]*\s?(?:%|percent\b|per cent\b|pct\b|basis points?\b|bps\b)/i;
export const PER_SHARE = /\b(?:per (?:diluted |basic )?share|eps|earnings per share)\b/i;
export const RESULT = /\b(?:revenues?|sales|earnings|net income|income|profit|loss|margins?|ebitda|ebit|cash flow|bookings|orders|backlog|dividend|buyback|repurchase[sd]?|same-store|comparable)\b/i;
export const GUIDANCE = /\b(?:guidance|outlook|forecast|expects?|expected|expecting|anticipates?|projects?|sees|raising|raised|reaffirm(?:s|ed|ing)?|full[- ]year|fiscal (?:year )?20\d\d|for (?:the )?(?:full )?(?:fiscal )?(?:year|20\d\d))\b/i;
export const PERIOD = /\b(?:quarter|q[1-4]|fiscal|year[- ]over[- ]year|full[- ]year|first half|second half)\b/i;
/** spoken first person: the mark of a call transcript, an interview or a speech */
export const FIRST_PERSON = /\b(?:we|we're|we've|our|us|i|i'm|i've)\b/i;
