import { describe, expect, it, vi } from 'vitest';
import { quotes } from '../../src/extract/quotes.js';
import { ATTRIBUTION, parseAttributionLexicon, W } from '../../src/extract/quotes-lexicon.js';
import { findRegions, tokenize } from '../../src/extract/quotes-text.js';
import type { ExtractContext } from '../../src/extract/types.js';
import { segment } from '../../src/segment/index.js';
import type { Quote } from '../../src/types.js';

// Every text below was written for these tests; people and firms are invented.

const ctx = (): ExtractContext => ({ results: {}, entities: [] }) as ExtractContext;
const run = (text: string): Quote[] => quotes.extract(segment(text, ''), ctx());

type Expected = Pick<Quote, 'text' | 'speaker' | 'title' | 'organization' | 'rule'>;
const pick = (q: Quote): Expected => ({ text: q.text, speaker: q.speaker, title: q.title, organization: q.organization, rule: q.rule });

/** Inputs that must yield no quote at all. */
const valid: string[] = [
  'Stocks rose on Tuesday as investors bet on lower rates.',
  'Investors piled into the “Magnificent Seven” again, betting on the "everything rally".',
  'The so-called "soft landing" scenario is now the consensus view.',
  'She wrote a bestseller called “How Markets Really Work Today”.',
  'The fund tracks the “Global Clean Energy Leaders Index” closely.',
  'The market is a "voting machine in the short run and a weighing machine" over time.',
  'Traders said the "higher for longer" message was already priced in.',
  '"An unbalanced quote that never closes, and nobody to say it',
  '" " " "',
  '<a href="https://example.com/markets/2024/rally" target="_blank">the rally</a> continued.',
  '12" screens and 15" screens sold out, the retailer noted.',
  // a Title Case name with the sentence's comma or period inside the marks is a show, not a quotation
  'Jane Roe said on “Market Hour Live,” that stocks were cheap.',
  'Most of the desk watched “The Closing Bell Report.”',
  // a short sentence in quotation marks that nobody in the article said is a slogan
  '“Sell the rally.” That was the advice of the week.',
  // a quoted phrase inside a sentence, with no one in the article to have said it
  'Strategists expect the “slow grind higher into year end” to continue.',
];

/** Partial quotations, unnamed sources and long inverted attributions: exact output and exact spans. */
const partials: Array<{ text: string; quotes: Array<Expected & { at: number }> }> = [
  {
    // a quoted fragment inside a sentence whose subject has no reporting verb
    text: 'Tom Sample welcomed the “long overdue cut in borrowing costs” on Wednesday.',
    quotes: [{ text: 'long overdue cut in borrowing costs', speaker: 'Tom Sample', title: null, organization: null, rule: 'quotes/partial-subject', at: 25 }],
  },
  {
    // two fragments of one sentence: the second inherits the first one's speaker
    text: 'Ann Example said the rally was “running on fumes” and “due for a pause”.',
    quotes: [
      { text: 'running on fumes', speaker: 'Ann Example', title: null, organization: null, rule: 'quotes/name-said-before', at: 32 },
      { text: 'due for a pause', speaker: 'Ann Example', title: null, organization: null, rule: 'quotes/partial-continuation', at: 55 },
    ],
  },
  {
    // the subject after an introductory phrase, past an apposition
    text: 'In a note on Monday, Lee Fixture, the fund’s longtime manager, defended the “boring but profitable” banks again.',
    quotes: [{ text: 'boring but profitable', speaker: 'Lee Fixture', title: 'longtime manager', organization: null, rule: 'quotes/partial-subject', at: 77 }],
  },
  {
    // the reporting verb after a fragment that does not end the sentence
    text: 'Demand for chips remains “well above what anyone planned for,” the company said in its outlook.',
    quotes: [{ text: 'well above what anyone planned for,', speaker: null, title: null, organization: null, rule: 'quotes/nominal-said', at: 26 }],
  },
  {
    // an unnamed source whose description names the firm
    text: '“We are not changing our guidance this quarter,” a Demo Bank spokesman said.',
    quotes: [{ text: 'We are not changing our guidance this quarter,', speaker: null, title: 'spokesman', organization: 'Demo Bank', rule: 'quotes/nominal-said', at: 1 }],
  },
  {
    // a long title before the name after an inverted verb
    text: '“Rates will stay high for a while,” said former Fictive Bank chief economist Paul Tester, speaking to reporters.',
    quotes: [
      {
        text: 'Rates will stay high for a while,',
        speaker: 'Paul Tester',
        title: 'former Fictive Bank chief economist',
        organization: 'Fictive Bank',
        rule: 'quotes/said-name-after',
        at: 1,
      },
    ],
  },
  {
    // age and home town between the name and the verb
    text: '“Bond yields look attractive again,” Mary Sample, 54, of Springfield, said on Tuesday.',
    quotes: [{ text: 'Bond yields look attractive again,', speaker: 'Mary Sample', title: null, organization: null, rule: 'quotes/name-said-after', at: 1 }],
  },
  {
    // a titled person at the end of what reads as one organisation name
    text: '“Volatility is back and it will stay,” said Fictive University Professor Ana Sample, who built the index.',
    quotes: [
      { text: 'Volatility is back and it will stay,', speaker: 'Ana Sample', title: 'Professor', organization: 'Fictive University', rule: 'quotes/said-name-after', at: 1 },
    ],
  },
  {
    // a wire "instant view" header in capitals: name, title, firm, place
    text: 'Jobless claims rose.\n\nJANE EXAMPLE, CHIEF ECONOMIST, SAMPLE CAPITAL LLC, NEW YORK: "The labor market is cooling, slowly."',
    quotes: [
      { text: 'The labor market is cooling, slowly.', speaker: 'Jane Example', title: 'chief economist', organization: 'Sample Capital LLC', rule: 'quotes/caps-header', at: 84 },
    ],
  },
  {
    // the firm inside the title, the place after it
    text: 'ROY FIXTURE, PRESIDENT OF DEMO FINANCIAL GROUP IN SPRINGFIELD: "Housing is still a drag on growth."',
    quotes: [{ text: 'Housing is still a drag on growth.', speaker: 'Roy Fixture', title: 'president', organization: 'Demo Financial Group', rule: 'quotes/caps-header', at: 64 }],
  },
  {
    // a section label in capitals names no one
    text: 'MARKET REACTION: "Stocks extended gains after the data came out."',
    quotes: [{ text: 'Stocks extended gains after the data came out.', speaker: null, title: null, organization: null, rule: 'quotes/unattributed', at: 18 }],
  },
  {
    // no reporting verb the parser reads: the firm of "analysts at …", not the tail of its name or a later index
    text: 'Strategists at Fictive & Co think that for the S&P 500 the rest of "the path runs through chip stocks" now.',
    quotes: [{ text: 'the path runs through chip stocks', speaker: null, title: null, organization: 'Fictive & Co', rule: 'quotes/partial-named', at: 68 }],
  },
  {
    // the name runs of a firm's name are not a person
    text: '“Volatility is back and it will stay,” said Bank of Example Merrill Sample.',
    quotes: [{ text: 'Volatility is back and it will stay,', speaker: null, title: null, organization: null, rule: 'quotes/unattributed', at: 1 }],
  },
  {
    // "called X “…”": X is the object of the verb, not the speaker
    text: 'Jane Roe, a strategist at Acme Research, cut her target and called Beta Holdings “a value trap for patient investors”.',
    quotes: [
      { text: 'a value trap for patient investors', speaker: 'Jane Roe', title: 'strategist', organization: 'Acme Research', rule: 'quotes/partial-subject', at: 82 },
    ],
  },
];

/** Inputs with their exact expected quotes, in text order. */
const invalid: Array<{ text: string; quotes: Expected[] }> = [
  {
    text: '“Earnings can carry this market higher from here,” said Ann Example, chief investment strategist at Sample Capital Partners.',
    quotes: [
      {
        text: 'Earnings can carry this market higher from here,',
        speaker: 'Ann Example',
        title: 'chief investment strategist',
        organization: 'Sample Capital Partners',
        rule: 'quotes/said-name-after',
      },
    ],
  },
  {
    text: 'Bob Placeholder, senior portfolio manager at Demo Funds, said: "We trimmed our bank exposure before the results."',
    quotes: [
      {
        text: 'We trimmed our bank exposure before the results.',
        speaker: 'Bob Placeholder',
        title: 'senior portfolio manager',
        organization: 'Demo Funds',
        rule: 'quotes/name-said-colon',
      },
    ],
  },
  {
    // an introduction without a quote, then the surname alone
    text: 'Carla Sample, head of research at Mock Advisory, expects a choppy quarter.\n\n“Valuations leave little room for disappointment,” Sample said.',
    quotes: [
      {
        text: 'Valuations leave little room for disappointment,',
        speaker: 'Carla Sample',
        title: 'head of research',
        organization: 'Mock Advisory',
        rule: 'quotes/name-said-after',
      },
    ],
  },
  {
    text: 'Dan Tester, an economist at Fictive Bank, was upbeat. “Payrolls are holding up better than feared,” Mr Tester said. “Wage growth is cooling too,” he added.',
    quotes: [
      {
        text: 'Payrolls are holding up better than feared,',
        speaker: 'Dan Tester',
        title: 'economist',
        organization: 'Fictive Bank',
        rule: 'quotes/name-said-after',
      },
      { text: 'Wage growth is cooling too,', speaker: 'Dan Tester', title: 'economist', organization: 'Fictive Bank', rule: 'quotes/pronoun-coref' },
    ],
  },
  {
    text: '“Small caps finally have the wind at their backs,” said Ms. Lee of ABC Capital.',
    quotes: [{ text: 'Small caps finally have the wind at their backs,', speaker: 'Lee', title: null, organization: 'ABC Capital', rule: 'quotes/said-name-after' }],
  },
  {
    // paraphrase with "says NAME, TITLE", then the quote in its own sentence
    text: 'Retail buyers keep chasing the biggest names, says Eve Model, chief executive of online broker Tradely UK. “They want the stocks they already know.”',
    quotes: [
      {
        text: 'They want the stocks they already know.',
        speaker: 'Eve Model',
        title: 'chief executive',
        organization: 'Tradely UK',
        rule: 'quotes/preceding-attribution',
      },
    ],
  },
  {
    text: "Mockridge Group's chief market strategist, Fay Dummy, sees room for more gains. Dummy said, “A healthy bull market needs broad participation.”",
    quotes: [
      {
        text: 'A healthy bull market needs broad participation.',
        speaker: 'Fay Dummy',
        title: 'chief market strategist',
        organization: 'Mockridge Group',
        rule: 'quotes/name-said-before',
      },
    ],
  },
  {
    text: '“Demand for chips is still outrunning supply,” analysts at Examplebank wrote in a note to clients.',
    quotes: [{ text: 'Demand for chips is still outrunning supply,', speaker: null, title: null, organization: 'Examplebank', rule: 'quotes/org-said' }],
  },
  {
    // an unattributed quote paragraph after an attributed one inherits its speaker
    text: '“The rally has further to run,” said Gus Sampleton, a strategist at Fakeworth Advisors.\n\n“Breadth is improving and credit spreads remain tight.”',
    quotes: [
      { text: 'The rally has further to run,', speaker: 'Gus Sampleton', title: 'strategist', organization: 'Fakeworth Advisors', rule: 'quotes/said-name-after' },
      {
        text: 'Breadth is improving and credit spreads remain tight.',
        speaker: 'Gus Sampleton',
        title: 'strategist',
        organization: 'Fakeworth Advisors',
        rule: 'quotes/continuation',
      },
    ],
  },
  {
    // a quotation running over two paragraphs: the first one is not closed, the second opens again
    text: 'Hal Placeholder, chief economist at Mockline Bank, said: “Inflation is cooling faster than the market thinks.\n\n“That gives the central bank room to cut twice this year.”',
    quotes: [
      {
        text: 'Inflation is cooling faster than the market thinks.',
        speaker: 'Hal Placeholder',
        title: 'chief economist',
        organization: 'Mockline Bank',
        rule: 'quotes/name-said-colon',
      },
      {
        text: 'That gives the central bank room to cut twice this year.',
        speaker: 'Hal Placeholder',
        title: 'chief economist',
        organization: 'Mockline Bank',
        rule: 'quotes/continuation',
      },
    ],
  },
  {
    text: '“Nobody expected the bond market to stay this calm for this long.”',
    quotes: [{ text: 'Nobody expected the bond market to stay this calm for this long.', speaker: null, title: null, organization: null, rule: 'quotes/unattributed' }],
  },
  {
    // a quote interrupted by its attribution
    text: '“Prices are sticky,” said Ivy Example. “But the trend is down,” she added, “and that matters for bonds.”',
    quotes: [
      { text: 'Prices are sticky,', speaker: 'Ivy Example', title: null, organization: null, rule: 'quotes/said-name-after' },
      { text: 'But the trend is down,', speaker: 'Ivy Example', title: null, organization: null, rule: 'quotes/pronoun-coref' },
      { text: 'and that matters for bonds.', speaker: 'Ivy Example', title: null, organization: null, rule: 'quotes/pronoun-coref' },
    ],
  },
  {
    text: 'Still, Jon Sample told reporters: “We are not changing our forecast for the year.”',
    quotes: [{ text: 'We are not changing our forecast for the year.', speaker: 'Jon Sample', title: null, organization: null, rule: 'quotes/name-said-colon' }],
  },
  {
    text: '“We remain cautious on Europe,” according to Kim Example, head of equities at Dummy Wealth.',
    quotes: [
      { text: 'We remain cautious on Europe,', speaker: 'Kim Example', title: 'head of equities', organization: 'Dummy Wealth', rule: 'quotes/according-to' },
    ],
  },
  {
    // a partial quote inside the speaker's own sentence
    text: 'UBS strategist Lou Example said the dollar was “likely to weaken through the rest of the year”.',
    quotes: [
      { text: 'likely to weaken through the rest of the year', speaker: 'Lou Example', title: 'strategist', organization: 'UBS', rule: 'quotes/name-said-before' },
    ],
  },
  {
    // a short quote is kept when it is a whole attributed utterance
    text: 'Max Sample, a trader at Nowhere Securities, shrugged. "Sell everything," he said.',
    quotes: [{ text: 'Sell everything,', speaker: 'Max Sample', title: 'trader', organization: 'Nowhere Securities', rule: 'quotes/pronoun-coref' }],
  },
  {
    // a firm's name that looks like a person's, from the lexicon
    text: '“Credit is the canary to watch this year,” Morgan Stanley said in a report.',
    quotes: [{ text: 'Credit is the canary to watch this year,', speaker: null, title: null, organization: 'Morgan Stanley', rule: 'quotes/org-said' }],
  },
  {
    // straight quotes, a hard-to-split organisation and a place after it
    text: '"The Fed meeting should be a non-event for stocks," said Pat Example, U.S. market strategist with Fictional Fitzgerald & Co. in San Francisco.',
    quotes: [
      {
        text: 'The Fed meeting should be a non-event for stocks,',
        speaker: 'Pat Example',
        title: 'U.S. market strategist',
        organization: 'Fictional Fitzgerald & Co.',
        rule: 'quotes/said-name-after',
      },
    ],
  },
];

describe('quotes extractor', () => {
  it('has meta and kind', () => {
    expect(quotes.meta.id).toBe('quotes');
    expect(quotes.kind).toBe('quotes');
    expect(quotes.meta.version).toBeGreaterThan(0);
  });

  describe('valid (no quotes)', () => {
    for (const text of valid) {
      it(JSON.stringify(text).slice(0, 70), () => {
        expect(run(text).map(pick)).toEqual([]);
      });
    }
  });

  describe('invalid (exact quotes)', () => {
    for (const c of invalid) {
      it(JSON.stringify(c.text).slice(0, 70), () => {
        expect(run(c.text).map(pick)).toEqual(c.quotes);
      });
    }
  });

  describe('partial quotations and unnamed sources (exact quotes and spans)', () => {
    for (const c of partials) {
      it(JSON.stringify(c.text).slice(0, 70), () => {
        const got = run(c.text);
        expect(got.map(pick)).toEqual(c.quotes.map(({ at: _at, ...q }) => q));
        expect(got.map((q) => [q.span.start, q.span.end])).toEqual(c.quotes.map((q) => [q.at, q.at + q.text.length]));
        for (const q of got) expect(c.text.slice(q.span.start, q.span.end)).toBe(q.text);
      });
    }
  });

  describe('lexicon examples', () => {
    for (const ex of ATTRIBUTION.data.examples) {
      it(JSON.stringify(ex.text).slice(0, 70), () => {
        const got = run(ex.text).map((q) => ({ speaker: q.speaker, title: q.title, organization: q.organization, rule: q.rule }));
        expect(got).toEqual(ex.quotes);
      });
    }
  });

  it('spans slice back to the record text, in order, also through zero-width characters and NBSP', () => {
    const texts = [
      ...valid,
      ...invalid.map((c) => c.text),
      ...partials.map((c) => c.text),
      ...ATTRIBUTION.data.examples.map((e) => e.text),
      'Ann Exam\u200Bple, chief\u00A0strategist at Sample Capital, said: “Nvi\u200Bdia is\u00A0still the market’s favourite trade.”',
    ];
    for (const text of texts) {
      let last = -1;
      for (const q of run(text)) {
        expect(text.slice(q.span.start, q.span.end)).toBe(q.span.text);
        expect(q.span.start).toBeGreaterThan(last);
        last = q.span.start;
        if (q.speakerSpan) expect(text.slice(q.speakerSpan.start, q.speakerSpan.end)).toBe(q.speakerSpan.text);
        expect(JSON.parse(JSON.stringify(q))).toEqual(q);
      }
    }
    const [q] = run(texts[texts.length - 1]!);
    expect(q?.speaker).toBe('Ann Example');
    expect(q?.span.text).toContain('Nvi\u200Bdia');
  });

  it('speakerSpan points at the name as written', () => {
    const text = 'Zoe Fixture, chief strategist at Sample Partners, spoke first. “Cash is no longer king,” Ms Fixture said.';
    const [q] = run(text);
    expect(q?.speaker).toBe('Zoe Fixture');
    expect(q?.speakerSpan?.text).toBe('Fixture');
  });

  describe('adversarial input', () => {
    it('a wall of straight quote marks yields nothing', () => {
      expect(run('"'.repeat(50_000))).toEqual([]);
    });
    it('a wall of curly opening marks yields nothing', () => {
      expect(run('\u201C'.repeat(50_000))).toEqual([]);
    });
    // kept under the 50,000 characters the segmenter analyses (MAX_ANALYZED_CHARS)
    it('47 KB of tiny quotations: every one found, none attributed', () => {
      const qs = run('"alpha beta gamma delta" '.repeat(1_900));
      expect(qs).toHaveLength(1_900);
      expect(qs.every((q) => q.text === 'alpha beta gamma delta' && q.speaker === null)).toBe(true);
    });
    it('long runs of names, commas and unclosed paragraphs', () => {
      expect(run('Aaa Bbb, '.repeat(12_000))).toEqual([]);
      expect(run('"one two three four\n'.repeat(10_000))).toEqual([]);
      const qs = run('“one two three four,” said Jane Sample, chief strategist at Sample Co. '.repeat(650));
      expect(qs).toHaveLength(650);
      expect(new Set(qs.map((q) => q.speaker))).toEqual(new Set(['Jane Sample']));
    });
  });
});

describe('attribution lexicon', () => {
  it('loads, with a version and a source note', () => {
    expect(ATTRIBUTION.version).toBeGreaterThan(0);
    expect(ATTRIBUTION.data.source.length).toBeGreaterThan(20);
    expect(ATTRIBUTION.speech.has('said')).toBe(true);
    expect(ATTRIBUTION.titleHeads.has('strategist')).toBe(true);
    expect(ATTRIBUTION.honorific.get('ms')).toBe('f');
    expect(ATTRIBUTION.pronoun.get('he')).toBe('m');
  });

  const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(ATTRIBUTION.data)) as Record<string, unknown>;
  it('rejects unknown keys', () => {
    expect(() => parseAttributionLexicon(JSON.stringify({ ...base(), extra: [] }))).toThrow(/extra|unrecognized/i);
  });
  it('rejects duplicate words', () => {
    const data = base();
    data.titleHeads = ['analyst', 'Analyst'];
    expect(() => parseAttributionLexicon(JSON.stringify(data))).toThrow(/duplicate entry "Analyst"/);
  });
  it('rejects invalid JSON with the file name', () => {
    expect(() => parseAttributionLexicon('{', 'attribution.json')).toThrow(/attribution\.json: not valid JSON/);
  });
});

describe('tokenizer word classes', () => {
  // what the grammar used to ask each list, word by word; the tokenizer's bits must say the same
  const L = ATTRIBUTION;
  const stripDot = (w: string): string => (w.endsWith('.') ? w.slice(0, -1) : w);
  const expected = (lo: string): number =>
    (L.speech.has(lo) ? W.speech : 0) |
    (L.participles.has(lo) ? W.participle : 0) |
    (L.opinion.has(lo) ? W.opinion : 0) |
    (L.phrasal.has(lo) ? W.phrasalHead : 0) |
    (L.objectVerbs.has(lo) ? W.objectVerb : 0) |
    (L.titleHeads.has(lo) ? W.titleHead : 0) |
    (L.titleModifiers.has(lo) ? W.titleModifier : 0) |
    (L.pluralSources.has(lo) ? W.pluralSource : 0) |
    (L.honorific.has(stripDot(lo)) ? W.honorific : 0) |
    (L.pronoun.has(lo) ? W.pronoun : 0) |
    (L.nominalSources.has(lo) ? W.nominalSource : 0) |
    (L.orgWords.has(lo) ? W.orgWord : 0) |
    (L.orgWords.has(lo) || L.orgWords.has(stripDot(lo)) ? W.orgWordLoose : 0) |
    (L.knownOrgs.has(lo) ? W.knownOrg : 0) |
    (L.nonNames.has(lo) ? W.nonName : 0) |
    (L.particles.has(lo) ? W.particle : 0) |
    (L.nameSuffixes.has(lo) ? W.nameSuffix : 0) |
    (L.adverbs.has(lo) ? W.adverb : 0) |
    (L.auxiliaries.has(lo) ? W.auxiliary : 0) |
    (L.clauseStops.has(lo) ? W.clauseStop : 0) |
    (L.workCues.has(lo) ? W.workCue : 0);
  const lists = [
    L.speech, L.participles, L.opinion, L.objectVerbs, L.titleHeads, L.titleModifiers, L.pluralSources, L.nominalSources,
    L.orgWords, L.knownOrgs, L.nonNames, L.particles, L.nameSuffixes, L.adverbs, L.auxiliaries, L.clauseStops, L.workCues,
    new Set(L.honorific.keys()), new Set(L.pronoun.keys()), new Set(L.phrasal.keys()),
  ];
  const words = [...new Set(lists.flatMap((l) => [...l]))];
  const cased = (w: string): string[] => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()];

  it('every lexicon word, in three casings, with and without a period, and words in no list', () => {
    const text = [...words.flatMap(cased), ...words.map((w) => `${w}.`), ...words.map((w) => `Mr ${w}.,`), 'Zyxwv', 'über-Straße', 'São', 'MÜLLER', '3M', 'S&P'].join(' ; ');
    const toks = tokenize(text, 0, text.length);
    expect(toks.length).toBeGreaterThan(words.length * 4);
    const wrong = toks.filter((t) => t.cls !== expected(t.lo)).map((t) => `${t.t}: ${t.cls} != ${expected(t.lo)}`);
    expect(wrong).toEqual([]);
    expect(toks.filter((t) => t.cls !== 0).length).toBeGreaterThan(words.length * 3);
  });

  it('lexicon words the table hands out equal the text, lower-cased, and keep offsets', () => {
    const text = 'Mr. Smith SAID the Chief Strategist said; she Added, “it is”.';
    const toks = tokenize(text, 0, text.length);
    expect(toks.map((t) => [t.t, t.lo, t.s, t.e, t.k, t.cap])).toEqual([
      ['Mr.', 'mr.', 0, 3, 'w', true],
      ['Smith', 'smith', 4, 9, 'w', true],
      ['SAID', 'said', 10, 14, 'w', true],
      ['the', 'the', 15, 18, 'w', false],
      ['Chief', 'chief', 19, 24, 'w', true],
      ['Strategist', 'strategist', 25, 35, 'w', true],
      ['said', 'said', 36, 40, 'w', false],
      [';', ';', 40, 41, 'p', false],
      ['she', 'she', 42, 45, 'w', false],
      ['Added', 'added', 46, 51, 'w', true],
      [',', ',', 51, 52, 'p', false],
      ['“', '“', 53, 54, 'p', false],
      ['it', 'it', 54, 56, 'w', false],
      ['is', 'is', 57, 59, 'w', false],
      ['”', '”', 59, 60, 'p', false],
      ['.', '.', 60, 61, 'p', false],
    ]);
    for (const t of toks) expect(text.slice(t.s, t.e)).toBe(t.t);
  });

  it('pairs quotation marks found by the regex scan, inside the given range only', () => {
    const text = 'x "a b" y «c» “d”';
    expect(findRegions(text, 0, text.length)).toEqual([
      { open: 2, close: 6, closed: true },
      { open: 10, close: 12, closed: true },
      { open: 14, close: 16, closed: true },
    ]);
    expect(findRegions(text, 3, 13)).toEqual([{ open: 10, close: 12, closed: true }]);
  });
});

describe('compromise lexicon', () => {
  it('is loaded on the first name look-up, not when the module is imported', async () => {
    vi.resetModules();
    const P = await import('../../src/extract/quotes-people.js');
    expect(P.compromiseLoaded()).toBe(false);
    const people = new P.People();
    people.add('Jane Doe', 0, 8, 'chief economist', 'Acme Bank', null, 0);
    expect(people.findSurname('Doe', 10)?.name).toBe('Jane Doe');
    expect(P.compromiseLoaded()).toBe(false);
    expect(people.looksLikePerson('Obama')).toBe(true);
    expect(P.compromiseLoaded()).toBe(true);
    expect(people.looksLikePerson('Tuesday')).toBe(false);
    expect(people.looksLikeOrg('Goldman Sachs')).toBe(true);
    expect(people.looksLikeOrg('Jane Doe')).toBe(false);
  });
});
