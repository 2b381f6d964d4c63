import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { analyze } from '../src/pipeline.js';
import { validateRecord } from '../src/schema.js';
import { segment } from '../src/segment/index.js';
import { ContentWords, STOP_WORDS, cleanSummaryText, furniture, isDangling, planSummary, profileOf, summarize } from '../src/summarize/index.js';
import { ANY_FURNITURE, FURNITURE } from '../src/summarize/rules.js';
import { widenToCodePoints, wellFormed } from '../src/summarize/text.js';
import { article, memoryIO, tempDir } from './helpers.js';

/** A short market report: a lead, a hedge, a share-button line, a level, a pronoun-led quote, a bond sentence. */
const NEWS_TEXT = [
    'Stocks rose on Friday as investors cheered a cooler inflation report and bet on rate cuts.',
    'However, the gains faded in the afternoon as oil prices climbed again.',
    'Share this article',
    'The S&P 500 rose 1.2% to close at 5,912.44, its best day in a month.',
    'He added that the move was overdue after weeks of losses.',
    'Bond yields fell across the curve, with the two-year note leading the way down.',
  ].join('\n');

describe('summarize: news profile', () => {
  const text = NEWS_TEXT;

  it('is lead-biased, in text order, and skips dangling openers and boilerplate', () => {
    const s = summarize(segment(text), 3);
    expect(s).toEqual([
      'Stocks rose on Friday as investors cheered a cooler inflation report and bet on rate cuts.',
      'However, the gains faded in the afternoon as oil prices climbed again.',
      'The S&P 500 rose 1.2% to close at 5,912.44, its best day in a month.',
    ]);
    expect(s.every((x) => text.includes(x))).toBe(true);
  });

  it('says why: lead position, a figure; "Share this article" is too short to be a sentence', () => {
    const plan = planSummary(segment(text), 3);
    expect(plan.profile).toBe('news');
    expect(plan.chosen.map((c) => [c.index, c.reasons])).toEqual([
      [0, ['lead']],
      [1, ['lead']],
      [3, ['lead', 'figure']],
    ]);
    expect(plan.excluded).toEqual([{ index: 2, rule: 'length' }]);
  });

  it('never picks a dangling opener whose antecedent sentence is not picked too', () => {
    const doc = segment(text);
    const sentences = doc.sentences.map((x) => x.text);
    expect(summarize(doc, 1)).toEqual([sentences[0]]);
    for (const n of [1, 2, 3, 4, 5]) {
      const out = summarize(doc, n);
      expect(out.length).toBe(Math.min(n, 5));
      for (const x of out.filter((y) => /^(However|He added)/.test(y))) expect(out).toContain(sentences[sentences.indexOf(x) - 1]);
    }
  });

  it('passes over "He added" when its antecedent is not chosen, and takes the next sentence instead', () => {
    const t = [
      'The Nasdaq Composite fell 1.4% on Tuesday as chipmakers slid after a weak forecast.',
      'Analysts at two banks cut their targets for the sector, citing slower orders.',
      '"This is a pause, not a collapse," said Ana Ruiz, a strategist at North Bank.',
      'He added that memory prices would recover before the end of the year.',
      'Treasury yields edged lower while the dollar was little changed against the yen.',
    ].join('\n');
    const plan = planSummary(segment(t), 3);
    // sentence 2 opens with a bare quote (-0.2), so sentence 3 ("He added") would need it and is passed over
    expect(plan.chosen.map((c) => c.index)).toEqual([0, 1, 4]);
    expect(plan.dangling).toEqual([3]);
  });

  it('takes a dangling first sentence: nothing comes before it', () => {
    const t = 'This is the moment a palace guard slipped on a manhole cover in front of tourists.\nThe guard got up and marched on as if nothing had happened.';
    expect(summarize(segment(t), 1)).toEqual(['This is the moment a palace guard slipped on a manhole cover in front of tourists.']);
  });

  it('never chooses furniture inside a paragraph', () => {
    const t = [
      'Oil prices jumped 3% on Monday after an attack on a tanker in the Gulf raised supply worries.',
      'Scroll down for video of the tanker on fire in the strait.',
      'Sign up for our daily markets newsletter to get this story in your inbox every morning.',
      'Brent crude settled at $84.20 a barrel, its highest close since April.',
    ].join(' ');
    const plan = planSummary(segment(t), 3);
    expect(plan.chosen.map((c) => c.text)).toEqual([
      'Oil prices jumped 3% on Monday after an attack on a tanker in the Gulf raised supply worries.',
      'Brent crude settled at $84.20 a barrel, its highest close since April.',
    ]);
    expect(plan.excluded).toEqual([
      { index: 1, rule: 'video-prompt' },
      { index: 2, rule: 'newsletter' },
    ]);
  });

  it('never chooses a timestamp, a cut-off fragment or the second half of a broken line', () => {
    const t = [
      '14:11 EST, 25 October 2013.',
      'Two lawyers representing a woman who.',
      'claims to have had sex as a minor with a prominent lawyer have filed a suit.',
      'The bishop of the Fargo diocese has exposed hundreds of church members to hepatitis A.',
      'eBay shares rose 3% after the company raised its forecast for the year.',
    ].join('\n\n');
    const plan = planSummary(segment(t), 3);
    expect(plan.excluded).toEqual([
      { index: 0, rule: 'length' },
      { index: 1, rule: 'fragment' },
      { index: 2, rule: 'fragment' },
    ]);
    expect(plan.chosen.map((c) => c.index)).toEqual([3, 4]);
  });

  it('skips a sentence that repeats a chosen one', () => {
    const t = [
      'A dress worn by Vivien Leigh in Gone With the Wind sold for $137,000 at auction on Saturday.',
      'The dress worn by Vivien Leigh in Gone With the Wind sold for $137,000 at an auction.',
      'The auction house also sold a script signed by the cast for $20,000.',
    ].join(' ');
    const plan = planSummary(segment(t), 2);
    expect(plan.chosen.map((c) => c.index)).toEqual([0, 2]);
    expect(plan.redundant).toEqual([1]);
  });

  it('drops list bullets but keeps the words', () => {
    expect(summarize(segment('- • Large-cap tech drove the gains while small caps lagged behind.'), 1)).toEqual(['Large-cap tech drove the gains while small caps lagged behind.']);
  });
});

describe('summarize: dangling openers and furniture rules', () => {
  it.each([
    ['However, the gains faded.', true],
    ['"However, it is early," she said.', true],
    ['He added that the move was overdue.', true],
    ['That left the index flat.', true],
    ['These gains came late in the day.', true],
    ["It's a narrow market.", true],
    ["That's up $0.01 from the first quarter.", true],
    ['Meanwhile, bonds rallied.', true],
    ['As a result, we raised our outlook.', true],
    ['This quarter, revenue grew 12% to $4.1 billion.', false],
    ['That year the index doubled.', false],
    ['Thursday was a quiet day.', false],
    ['Itself a record, the close came late.', false],
    ['Heavy trading lifted the Dow.', false],
  ])('isDangling(%j) = %s', (s, want) => {
    expect(isDangling(s)).toBe(want);
  });

  it.each([
    ['Share this article on Twitter and Facebook.', 'share-buttons'],
    ['Listen to this article with our podcast player.', 'podcast-player'],
    ['This content is for informational purposes only and is not investment advice.', 'disclaimer'],
    ['Leave a comment below and join the conversation.', 'comments'],
    ['Before we begin, let me remind you that this call contains forward-looking statements.', 'safe-harbor'],
    ['It is available on the Investor Relations section of our website.', 'call-housekeeping'],
    ['Also our discussion today may include reference to certain non-GAAP measures.', 'safe-harbor'],
    ['Operator, please open the line for questions.', 'operator'],
    ['Good morning, everyone, and thank you for joining us.', 'operator'],
    ['Thank you for joining us on today’s call.', 'operator'],
    ["With that, I'll turn the call over to our CFO.", 'operator'],
    ['Revenue rose 4% to $1.2 billion.', null],
    ['The S&P 500 rose 1.2% to close at a record.', null],
  ])('furniture(%j) = %s', (s, want) => {
    expect(furniture(s)).toBe(want);
  });
});

// An earnings call: 48 sentences, most in the first person. The lines that carry results and guidance sit in the
// middle, after safe-harbour and housekeeping; the summary must find them and nothing of the furniture.
const CALL = [
  'Good morning, and welcome to the Acme Tools third quarter 2021 earnings conference call.',
  'Before we begin, I would like to remind you that this call contains forward-looking statements.',
  'Actual results could differ materially from those discussed today.',
  'A reconciliation of non-GAAP measures is included in our press release.',
  "With that, I'll turn the call over to our Chief Executive Officer.",
  'Thank you, and good morning, everyone.',
  'We are pleased with the progress our teams made during the quarter.',
  'Our people worked hard to serve customers through a difficult supply environment.',
  'We opened new distribution centers and we continued to invest in our digital platform.',
  'Customer demand remained healthy across our professional and consumer channels.',
  'I want to thank our employees for their dedication and their focus on safety.',
  'We believe our strategy positions us well for the years ahead.',
  'Third quarter revenue rose 8% to $1.42 billion, driven by strong demand in our professional segment.',
  'Adjusted earnings per share were $1.15, compared with $0.97 a year ago.',
  'We continued to manage costs carefully while we invested in growth.',
  'Our teams delivered new products on schedule and we expanded our dealer network.',
  'We also made good progress on our sustainability goals this year.',
  'Our balance sheet remains strong and we are well positioned for the future.',
  'For the full year 2021, we now expect adjusted earnings per share of $4.40 to $4.50.',
  'We continue to see opportunities in our core markets and in adjacent categories.',
  'Now let me turn to our segments in more detail.',
  'In our professional segment, customers responded well to the new cordless line.',
  'In our consumer segment, we saw steady traffic in our retail partners.',
  'We are encouraged by the early response to our fall promotions.',
  'Our supply chain teams navigated freight delays with creativity.',
  'We expect those pressures to persist into next year.',
  'We have taken pricing actions to offset a portion of the inflation we see.',
  'We remain committed to returning capital to shareholders over time.',
  'Our board approved a new share repurchase authorization of $500 million.',
  'We are confident in the long-term demand for our products.',
  'We will continue to invest in innovation and in our brands.',
  'Our digital sales grew faster than our overall business in the quarter.',
  'We added new engineers to our product development teams.',
  'We are excited about the pipeline of new products for next year.',
  'Our dealers tell us that inventory in the channel is still lean.',
  'We believe that sets us up well for the spring season.',
  'We are monitoring the macroeconomic environment closely.',
  'Our priorities for capital allocation have not changed.',
  'We will keep investing behind our strongest brands.',
  'I am proud of what our team has accomplished this year.',
  'We look forward to updating you on our progress next quarter.',
  'Operator, please open the line for questions.',
  'Thank you for your questions and for joining us today.',
  'Our first question comes from the line of a analyst at a bank.',
  'We will post a replay of this call on our website.',
  'We appreciate your continued interest in Acme Tools.',
  'We expect to report our fourth quarter results in February.',
  'This concludes today’s conference call.',
].join('\n');

describe('summarize: call profile (earnings-call transcripts)', () => {
  it('reads a long first-person text as a call and chooses results and guidance, never furniture', () => {
    const doc = segment(CALL);
    expect(doc.sentences.length).toBe(48);
    expect(profileOf(doc)).toBe('call');
    const plan = planSummary(doc, 3);
    expect(plan.chosen.map((c) => [c.index, c.reasons])).toEqual([
      [12, ['money', 'percent', 'result', 'period']],
      [13, ['money', 'per-share', 'result']],
      [18, ['money', 'per-share', 'result', 'guidance', 'period']],
    ]);
    expect(plan.chosen.map((c) => c.text)).toEqual([
      'Third quarter revenue rose 8% to $1.42 billion, driven by strong demand in our professional segment.',
      'Adjusted earnings per share were $1.15, compared with $0.97 a year ago.',
      'For the full year 2021, we now expect adjusted earnings per share of $4.40 to $4.50.',
    ]);
    const rules = new Map(plan.excluded.map((e) => [e.index, e.rule]));
    expect([0, 1, 2, 3, 4, 5, 41, 42, 43, 44].map((i) => rules.get(i))).toEqual([
      'operator',
      'safe-harbor',
      'safe-harbor',
      'safe-harbor',
      'operator',
      'operator',
      'operator',
      'operator',
      'call-housekeeping',
      'call-housekeeping',
    ]);
  });

  it('--sentences 1 keeps the guidance line; 4 adds the buyback', () => {
    const doc = segment(CALL);
    expect(summarize(doc, 1)).toEqual(['For the full year 2021, we now expect adjusted earnings per share of $4.40 to $4.50.']);
    expect(summarize(doc, 4)).toEqual([
      'Third quarter revenue rose 8% to $1.42 billion, driven by strong demand in our professional segment.',
      'Adjusted earnings per share were $1.15, compared with $0.97 a year ago.',
      'For the full year 2021, we now expect adjusted earnings per share of $4.40 to $4.50.',
      'Our board approved a new share repurchase authorization of $500 million.',
    ]);
  });

  it('a long story of quoted analysts stays news: first person inside quotation marks does not count', () => {
    const quoted = Array.from({ length: 45 }, (_, i) => `"We think stocks can rise ${i + 1}% from here, and I would buy the dip," said analyst number ${i + 1}.`);
    expect(profileOf(segment(quoted.join('\n')))).toBe('news');
    expect(profileOf(segment(quoted.map((q) => q.replace(/"/g, '')).join('\n')))).toBe('call');
  });

  it('a short first-person text stays news (lead bias)', () => {
    const doc = segment(CALL.split('\n').slice(5, 20).join('\n'));
    expect(profileOf(doc)).toBe('news');
  });
});

describe('summarize: --sentences N', () => {
  it('analyze --sentences gives N sentences, fewer when fewer are eligible', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.txt'),
      [
        'Stocks end higher as banks rally',
        '',
        'U.S. stocks closed higher on Thursday as strong results from large banks lifted the financial sector.',
        'The S&P 500 rose 0.3% to 6,958.12, while the Dow Jones Industrial Average added 0.4%.',
        'The Nasdaq Composite slipped 0.2 percent, held back by a drop in chipmakers.',
        'Sign up for our newsletter to get the market close in your inbox.',
      ].join('\n'),
    );
    const lead = 'U.S. stocks closed higher on Thursday as strong results from large banks lifted the financial sector.';
    const sp = 'The S&P 500 rose 0.3% to 6,958.12, while the Dow Jones Industrial Average added 0.4%.';
    const nasdaq = 'The Nasdaq Composite slipped 0.2 percent, held back by a drop in chipmakers.';
    // one sentence: the figure (+0.15) outweighs one step of position (exp(-0.12) = 0.89); the newsletter prompt never
    for (const [n, want] of [
      [1, [sp]],
      [2, [lead, sp]],
      [5, [lead, sp, nasdaq]],
    ] as const) {
      const io = memoryIO(dir);
      expect(await main(['analyze', 'a.txt', '--sentences', String(n)], io)).toBe(0);
      expect(JSON.parse(io.out().trim()).summary).toEqual(want);
    }
    const bad = memoryIO(dir);
    expect(await main(['analyze', 'a.txt', '--sentences', '0'], bad)).toBe(2);
    expect(bad.err()).toContain('--sentences');
  });
});

describe('summarize: R6, invisible and bidi characters', () => {
  it('removes zero-width characters inside words and bidi controls; the words read whole', () => {
    const t = 'Nvi\u200Bdia rose 4% after the chip\u00ADmaker beat forecasts \u202Eand the index\u202C followed it higher.\nThe Nasdaq Composite gained 1.1% on the day as other chipmakers rallied too.';
    const s = summarize(segment(t), 2);
    expect(s).toEqual(['Nvidia rose 4% after the chipmaker beat forecasts and the index followed it higher.', 'The Nasdaq Composite gained 1.1% on the day as other chipmakers rallied too.']);
    for (const x of s) expect(x).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/);
  });

  it('keeps the joiner of an emoji sequence and never splits a surrogate pair', () => {
    expect(cleanSummaryText('The team 👨\u200D👩\u200D👧 cheered as shares rose 5%.')).toBe('The team 👨\u200D👩\u200D👧 cheered as shares rose 5%.');
    expect(cleanSummaryText('A\u200Db')).toBe('Ab');
    expect(wellFormed('x\uD83D')).toBe('x\uFFFD');
    expect(wellFormed('\uDE00y')).toBe('\uFFFDy');
    expect(wellFormed('😀')).toBe('😀');
    // a boundary between the two halves of 😀 moves outward
    const text = 'ab😀cd';
    expect(widenToCodePoints(text, 3, 5)).toEqual([2, 5]);
    expect(widenToCodePoints(text, 0, 3)).toEqual([0, 4]);
    expect(widenToCodePoints(text, 0, 2)).toEqual([0, 2]);
  });

  it('fuzz: summaries of texts salted with invisible characters and astral symbols are well formed and bidi-free', () => {
    const salt = ['\u200B', '\u200E', '\u202E', '\u2066', '\uFEFF', '😀', '𝟘', '\u00A0'];
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
    const base = 'Stocks rose 1.2% on Friday as investors cheered a cooler inflation report. The S&P 500 closed at 5,912.44 points. Bond yields fell across the curve on the day.';
    for (let round = 0; round < 200; round++) {
      const chars = [...base];
      for (let k = 0; k < 12; k++) chars.splice(rnd(chars.length), 0, salt[rnd(salt.length)]!);
      for (const s of summarize(segment(chars.join('')), 3)) {
        expect(s).not.toMatch(/[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
        expect(s).toBe(wellFormed(s));
      }
    }
  });
});

describe('key figures and key quotes', () => {
  const text = [
    'The S&P 500 rose 0.8% to close at a record 6,912.40 on Thursday as Nvidia (NVDA.O) jumped 4.1%, while the Russell 2000 fell 0.6%.',
    '',
    '"This is still a market carried by a handful of giants," said Maria Chen, chief market strategist at Harbor Point Advisors.',
    '',
    'Analysts said the S&P 500 could rise another 5% if rate cuts arrive.',
    '',
    '"Breadth matters," a trader said.',
  ].join('\n');
  const rec = analyze(article(text, 'Nvidia lifts S&P 500 to record as small caps lag'));

  it('points at the most prominent levels and moves, with their spans; never a hypothetical move', () => {
    expect(validateRecord(JSON.parse(JSON.stringify(rec))).ok).toBe(true);
    const shown = rec.keyFigures!.map((k) => {
      const x = k.kind === 'levels' ? rec.levels[k.index]! : rec.moves[k.index]!;
      expect(x.span).toEqual(k.span);
      return `${k.kind}:${'index' in x ? x.index : x.subject}:${k.span.text}`;
    });
    // S&P 500 move and close (index, lead, realized/close), Nvidia (title ticker) and the Russell 2000 (index) next
    expect(shown.slice(0, 4)).toEqual(['moves:S&P 500:rose 0.8%', 'levels:S&P 500:6,912.40', 'moves:NVIDIA Corporation:jumped 4.1%', 'moves:Russell 2000:fell 0.6%']);
    const hypothetical = rec.moves.findIndex((m) => !m.realized);
    expect(rec.moves[hypothetical]!.span.text).toBe('rise another 5%');
    expect(rec.keyFigures!.some((k) => k.kind === 'moves' && k.index === hypothetical)).toBe(false);
  });

  it('chooses attributed quotes only', () => {
    expect(rec.keyQuotes).toEqual([{ index: 0, speaker: 'Maria Chen', span: rec.quotes[0]!.span }]);
  });

  it('validateRecord rejects a key figure that points at nothing', () => {
    const broken = JSON.parse(JSON.stringify(rec));
    broken.keyFigures[0].index = 99;
    const v = validateRecord(broken);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]).toMatch(/^keyFigures\[0\]: moves\[99\] is not an extraction/);
  });
});

describe('content words: ids, document frequency, the same words as lower-casing and splitting', () => {
  it('gives each distinct content word of a sentence an id, once, in order; stop words and case do not count', () => {
    const v = new ContentWords();
    // fed raised rates said rise (the, would: stop words; FED and Rates are fed and rates)
    expect(v.of('The Fed raised rates; the FED said Rates would rise.')).toEqual([0, 1, 2, 3, 4]);
    // a sentence with other than ASCII is lower-cased and split: rates fell zürich i̇stanbul ("İ" lower-cases to two characters)
    expect(v.of('Rates fell in Zürich and İstanbul.')).toEqual([2, 5, 6, 7]);
    expect(v.df).toEqual([1, 1, 2, 1, 1, 1, 1, 1]);
    // the Kelvin sign lower-cases to an ASCII "k": "\u212Aey" is the word "key"
    expect(v.of('KEY rates.')).toEqual([8, 2]);
    expect(v.of('The \u212Aey to rates.')).toEqual([8, 2]);
    expect(v.df[8]).toBe(2);
    expect(v.of('The and of, to.')).toEqual([]);
    expect(v.of('')).toEqual([]);
  });

  it('keeps apart two words of the same hash ("cn" and "e0")', () => {
    const v = new ContentWords();
    expect(v.of('cn e0 cn E0 CN')).toEqual([0, 1]);
    expect(v.df).toEqual([1, 1]);
  });

  it('reads a sentence in place in a larger string as it reads the sentence alone', () => {
    const src = 'xx. Stocks rose as Stocks fell. yy';
    const a = new ContentWords();
    const b = new ContentWords();
    expect(a.of('Stocks rose as Stocks fell.', src, 4)).toEqual(b.of('Stocks rose as Stocks fell.'));
    expect(a.of('fell hard', 'fell hard')).toEqual([2, 3]);
    expect(a.df).toEqual(b.df.map((d, i) => d + (i === 2 ? 1 : 0)).concat([1]));
  });

  it('fuzz: the same words, ids and counts as toLowerCase().split(/[^\\p{L}\\p{N}]+/u) without stop words', () => {
    const pieces = ['the', 'THE', 'Of', 'fed', 'Fed', 'cn', 'e0', 'E0', 'rate', 'rates', 'R8', '42', 'Zürich', 'ZÜRICH', 'İ', 'ΣΟΦΟΣ', 'σοφος', '\u212A', 'K', 'ß', 'é', '😀', '٣'];
    const seps = [' ', '  ', '.', ', ', '-', '\n', '\u00A0', "'", '%', '$', ''];
    let seed = 11;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
    for (let doc = 0; doc < 200; doc++) {
      const sentences = Array.from({ length: 1 + rnd(6) }, () => Array.from({ length: rnd(12) }, () => pieces[rnd(pieces.length)]! + seps[rnd(seps.length)]!).join(''));
      const v = new ContentWords();
      const idOf = new Map<string, number>();
      const df = new Map<string, number>();
      for (const s of sentences) {
        const want = [...new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w && !STOP_WORDS.has(w)))];
        const got = v.of(s);
        expect(got.length, s).toBe(want.length);
        want.forEach((w, k) => {
          if (!idOf.has(w)) idOf.set(w, got[k]!);
          expect(got[k], `${w} in ${JSON.stringify(s)}`).toBe(idOf.get(w));
          df.set(w, (df.get(w) ?? 0) + 1);
        });
      }
      expect(new Set(idOf.values()).size).toBe(idOf.size); // different words, different ids
      for (const [w, id] of idOf) expect(v.df[id], w).toBe(df.get(w));
    }
  });
});

describe('summarize: the exclusion rules run only as far as the choice needs them', () => {
  const texts = [
    NEWS_TEXT,
    [
      'A dress worn by Vivien Leigh in Gone With the Wind sold for $137,000 at auction on Saturday.',
      'The dress worn by Vivien Leigh in Gone With the Wind sold for $137,000 at an auction.',
      'Sign up for our daily markets newsletter to get this story in your inbox every morning.',
      '14:11 EST, 25 October 2013.',
      'The auction house also sold a script signed by the cast for $20,000.',
      'claims to have had sex as a minor with a prominent lawyer have filed a suit.',
    ].join(' '),
    CALL,
  ];

  it.each(texts.map((t, i) => [i, t]))('text %i: summarize() chooses what the complete plan chooses, for 1 to 6 sentences', (_, text) => {
    const doc = segment(text);
    for (let n = 1; n <= 6; n++) {
      const complete = planSummary(doc, n);
      const lazy = planSummary(doc, n, false);
      expect(lazy.chosen).toEqual(complete.chosen);
      expect(lazy.dangling).toEqual(complete.dangling);
      expect(lazy.redundant).toEqual(complete.redundant);
      expect(summarize(doc, n)).toEqual(complete.chosen.map((c) => c.text));
      // what the lazy plan checked, it checked as the complete plan does
      expect(complete.excluded).toEqual(expect.arrayContaining(lazy.excluded));
    }
  });

  it('leaves unchecked what it never reached: "Share this article" is not looked at for a one-sentence summary', () => {
    const doc = segment(texts[0]!);
    expect(planSummary(doc, 1).excluded).toEqual([{ index: 2, rule: 'length' }]);
    expect(planSummary(doc, 1, false).excluded).toEqual([]);
    expect(planSummary(doc, 6, false).excluded).toEqual([{ index: 2, rule: 'length' }]);
  });

  it('length: at least 6 words with a letter, at most 70 words', () => {
    const rule = (t: string) => planSummary(segment(t), 1).excluded.map((e) => e.rule);
    expect(rule('Oil rose 3 % to 84 on supply worries.')).toEqual([]);
    expect(rule('Oil rose 3 % to 84 on worries.')).toEqual(['length']);
    const words = (k: number) => `Markets ${'moved '.repeat(k - 2)}higher.`;
    expect(rule(words(70))).toEqual([]);
    expect(rule(words(71))).toEqual(['length']);
  });

  it('reads a sentence without its bullet and outer spaces: a bulleted quote opens with a quote', () => {
    const plan = planSummary(segment('* "We see rates falling soon," said one analyst at a large bank.'), 1);
    expect(plan.chosen.map((c) => [c.text, c.reasons])).toEqual([['"We see rates falling soon," said one analyst at a large bank.', ['lead', 'quote-opening']]]);
  });
});

describe('furniture: one pattern for all the rules', () => {
  it('combines case-insensitive rules only (the combination keeps each rule as it is)', () => {
    for (const [id, re] of FURNITURE) expect(re.flags, id).toBe('i');
    expect(ANY_FURNITURE.flags).toBe('i');
  });

  it.each([
    'Share this article on Twitter and Facebook.',
    'Operator, please open the line for questions.',
    '(Reporting by Ana Ruiz; editing by Tom Lee)',
    'Related: stocks fall',
    'It is available on the Investor Relations section of our website.',
    'Follow Reuters on Twitter for more.',
    'Revenue rose 4% to $1.2 billion.',
    'The S&P 500 rose 1.2% to close at a record.',
    'He said the operator of the plant would share details later.',
  ])('matches %j exactly when one of the rules does', (s) => {
    expect(ANY_FURNITURE.test(s)).toBe(FURNITURE.some(([, re]) => re.test(s)));
  });
});

describe('cleanSummaryText: the plain path gives what the careful path gives', () => {
  // the careful path, step by step, as it was before the plain path
  const careful = (s: string) =>
    wellFormed(s)
      .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
      .replace(/[\u00AD\u180E\u200B\u2060-\u2064\uFEFF]/g, '')
      .replace(/[\u200C\u200D]/g, (j, at: number, all: string) => (all.charCodeAt(at - 1) > 0x7f && all.charCodeAt(at + 1) > 0x7f ? j : ''))
      .replace(/\s+/g, ' ')
      .trim();

  it('fuzz: spaces, line breaks, tabs, NBSP, invisible characters and astral symbols', () => {
    const parts = ['Stocks', 'rose', '5%', ' ', '  ', '\n', '\t', '\u00A0', '\u2009', '\u200B', '\u200D', '\u202E', '\u00AD', '😀', '\uD83D', 'é', '.'];
    let seed = 5;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
    for (let round = 0; round < 500; round++) {
      const s = Array.from({ length: rnd(14) }, () => parts[rnd(parts.length)]!).join('');
      expect(cleanSummaryText(s), JSON.stringify(s)).toBe(careful(s));
    }
    expect(cleanSummaryText('  Stocks rose\n 5%.\t')).toBe('Stocks rose 5%.');
    expect(cleanSummaryText('Stocks rose 5%.')).toBe('Stocks rose 5%.');
  });
});
