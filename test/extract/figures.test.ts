// Rule tables in ESLint's RuleTester style: inputs that must yield nothing, and inputs with exact expected output.
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { extractAll } from '../../src/extract/index.js';
import { compileLexicons } from '../../src/extract/entities.js';
import { defaultLexicons, lexiconRegex, regexFor } from '../../src/extract/lexicon.js';
import { parseNumber, scaledNumber } from '../../src/extract/numbers.js';

const ex = (text: string, title = '') => extractAll(segment(text, title));

describe('tickers', () => {
  const symbols = (text: string, title = '') => ex(text, title).tickers.map((t) => t.symbol).sort();
  it.each([
    ['cashtag', 'Traders piled into $NVDA after the close.', ['NVDA']],
    ['exchange prefix', 'Microsoft Corp (NASDAQ: MSFT) rose.', ['MSFT']],
    ['Reuters RIC', 'Caterpillar Inc ( CAT.N ) and Apple ( AAPL.O ) gained.', ['AAPL', 'CAT']],
    ['parenthesised symbol', 'The Invesco QQQ Trust (QQQ) climbed 1%.', ['QQQ']],
    ['company name', 'Shares of Nvidia and Alphabet rose.', ['GOOGL', 'NVDA']],
    ['renamed symbol', 'Back then $FB was the ticker.', ['META']],
    ['context symbol after its name', 'Jacobs Solutions (J) and Globe Life (GL) drew interest.', ['GL', 'J']],
  ])('finds %s', (_name, text, want) => {
    expect(symbols(text)).toEqual(want);
  });

  it.each([
    ['capitalised words that are not listed symbols', 'The CEO said the AI boom and GDP data were USA TODAY news.'],
    ['word-like symbols without context', 'It was ON the table and ALL of it is NOW done.'],
    ['index names', 'The S&P 500 and the Nasdaq Composite rose; the Dow fell.'],
    ['a shouted headline-like sentence', 'BREAKING: MARKETS RALLY AS FED HOLDS RATES STEADY'],
  ])('ignores %s', (_name, text) => {
    expect(symbols(text)).toEqual([]);
  });

  it('trusts an unlisted RIC and learns the company name written before it', () => {
    const t = ex('Tax preparer Acme Widgets Inc. ( AWX.N ) said sales fell. Shares of Acme Widgets dropped 3 percent.');
    expect(t.tickers.map((x) => [x.symbol, x.name, x.mentions.map((m) => m.rule)])).toEqual([['AWX', 'Acme Widgets Inc.', ['tickers/name-from-code', 'tickers/ric', 'tickers/name-from-code']]]);
    expect(t.moves.map((m) => [m.symbol, m.percent])).toEqual([['AWX', -3]]);
  });

  it.each([
    ['an abbreviation', 'France\'s representative at the U.N. said; a U.N.-led plan; OQ S.A.O.C will build it.'],
    ['an acronym the article defines', 'Airports Council International Europe (ACI) warned on Monday. Plants make direct reduced iron (DRI) from ore. DRI can then be used.'],
    ['a weak alias before an unrelated parenthesis', 'The Very Large Crude Carrier (VLCC) entered the Gulf.'],
  ])('does not read a ticker in %s', (_name, text) => {
    expect(symbols(text)).toEqual([]);
  });

  it.each([
    ['an employer of an analyst', 'said Jane Roe, chief equity strategist at Citigroup Global Markets.'],
    ['a data source', 'Flows rose, according to Thomson Reuters Lipper data.'],
    ['a research desk', 'Goldman Sachs analysts raised their forecast for the index.'],
    ['part of a longer name', 'Investors in the Barclays U.S. Treasury index earned 9 percent.'],
  ])('does not list a company named only as %s', (_name, text) => {
    expect(symbols(text)).toEqual([]);
  });

  it('reads companies in a title-case headline', () => {
    expect(symbols('Communications Cos Edge Lower as Disney Faces More Activist Pressure')).toEqual(['DIS']);
  });

  it('reads a company defined by its own initials', () => {
    expect(symbols('Advanced Micro Devices (AMD) rose; AMD later fell.')).toEqual(['AMD']);
  });

  it('does not read Block Inc inside H&R Block', () => {
    expect(symbols('H&R Block Inc said on Monday it expects losses.')).toEqual([]);
  });

  it('lists a company named only in the headline', () => {
    const t = ex('Shares rose on Monday.', 'Tesla jumps after deliveries').tickers;
    expect(t.map((x) => [x.symbol, x.inTitle, x.mentions.length])).toEqual([['TSLA', true, 0]]);
  });

  it('marks tickers named in the title and ranks them first', () => {
    const t = ex('Apple rose. Nvidia fell. Nvidia again. Nvidia once more.', 'Apple jumps on record iPhone sales').tickers;
    expect(t[0]!.symbol).toBe('AAPL');
    expect(t[0]!.inTitle).toBe(true);
    expect(t.find((x) => x.symbol === 'NVDA')!.inTitle).toBe(false);
  });
});

describe('indices and levels', () => {
  const levels = (text: string) => ex(text).levels.map((l) => [l.index, l.value, l.kind]);
  it.each([
    ['close', 'The S&P 500 index rose 1.2 percent to close at 4,839.81.', [['S&P 500', 4839.81, 'close']]],
    ['Reuters change then "at"', "The Standard & Poor's 500 Index .SPX was down 5.43 points, or 0.39 percent, at 1,390.94.", [['S&P 500', 1390.94, 'level']]],
    ['"closed on Friday at"', 'The S&P 500 closed on Friday at 1,265.33.', [['S&P 500', 1265.33, 'close']]],
    ['"as high as"', 'During the session, the Dow climbed as high as 14,354.69.', [['Dow Jones Industrial Average', 14354.69, 'intraday-high']]],
    ['record close', 'The S&P 500 rose 0.8% to close at a record 6,912.40 on Thursday.', [['S&P 500', 6912.4, 'close']]],
    ['intraday high', 'Its intraday value also hit the S&P 500 high of 4,842.07 during the session.', [['S&P 500', 4842.07, 'intraday-high']]],
    [
      'Reuters point change then level',
      'The Dow Jones Industrial Average .DJI fell 212.37 points, or 0.5%, to 42,118.09, while the Nasdaq Composite .IXIC ended at 19,303.51.',
      [
        ['Dow Jones Industrial Average', 42118.09, 'close'],
        ['Nasdaq Composite', 19303.51, 'close'],
      ],
    ],
  ])('finds %s', (_name, text, want) => {
    expect(levels(text)).toEqual(want);
  });

  it.each([
    ['point changes', 'The Dow fell 212.37 points and the S&P 500 gained 14.2 points.'],
    ['targets and forecasts', 'Strategists see the S&P 500 rising to 6,500 by year-end; the bank has a target of 7,000.'],
    ['years', 'The Nasdaq rose to 2024 highs.'],
    ['levels without an index', 'The stock closed at 182.50.'],
  ])('ignores %s', (_name, text) => {
    expect(levels(text)).toEqual([]);
  });

  it('resolves aliases and RICs to canonical index names', () => {
    const names = ex("The Standard & Poor's 500 .SPX, the Nasdaq and the Russell 2000 rose, as did the equal-weighted S&P 500.").indices.map((i) => i.name);
    expect(names.sort()).toEqual(['Nasdaq Composite', 'Russell 2000', 'S&P 500', 'S&P 500 Equal Weight']);
  });
});

describe('moves', () => {
  const moves = (text: string) => ex(text).moves.map((m) => [m.symbol ?? m.subject, m.percent, m.realized]);
  it.each([
    ['verb', 'The S&P 500 index rose 1.2 percent to close at 4,839.81.', [['S&P 500', 1.2, true]]],
    ['per cent, down', 'Alphabet dropped 7.5 per cent on Tuesday.', [['GOOGL', -7.5, true]]],
    ['parenthesised', 'Meta (up 185 per cent) and Tesla (down 12 pct) stood out.', [['META', 185, true], ['TSLA', -12, true]]],
    ['shares in', 'Shares in Tesla fell 12 per cent.', [['TSLA', -12, true]]],
    ['signed', 'SPY +1.65%, QQQ +2.49% and IWM -0.29%.', [['SPY', 1.65, true], ['QQQ', 2.49, true], ['IWM', -0.29, true]]],
    ['verb then signed number', 'Nvidia fell \u22122.3% on Monday.', [['NVDA', -2.3, true]]],
    ['noun form', 'It was a 1.74% gain in the Nasdaq.', [['Nasdaq Composite', 1.74, true]]],
    ['hypothetical', 'The Nasdaq Composite would need to gain another 5 percent to reach its record.', [['Nasdaq Composite', 5, false]]],
  ])('finds %s', (_name, text, want) => {
    expect(moves(text)).toEqual(want);
  });

  it('shares one move among a list of subjects, and pairs "respectively"', () => {
    expect(moves('Apple and Microsoft each rose about 1.5% on Monday.')).toEqual([['AAPL', 1.5, true], ['MSFT', 1.5, true]]);
    expect(moves('Exxon Mobil and Chevron fell 1.7% and 2.3%, respectively.')).toEqual([['XOM', -1.7, true], ['CVX', -2.3, true]]);
  });

  it('reads sector moves in a sentence about sectors, not as the S&P 500', () => {
    const r = ex('Ten of the 11 S&P 500 sector indexes rose, led by materials, up 2.33%, followed by a 1.74% gain in consumer discretionary (.SPLRCD).');
    expect(r.moves.map((m) => [m.subject, m.percent])).toEqual([['S&P 500 Materials', 2.33], ['S&P 500 Consumer Discretionary', 1.74]]);
    expect(r.indices.map((i) => i.name)).toEqual(['S&P 500 Consumer Discretionary']);
  });

  it('keeps the period to its own clause', () => {
    expect(ex('Apple rose 1.5%, with year-to-date gains reaching 41%.').moves.map((m) => m.period)).toEqual([null]);
  });

  it('reads commodity moves, not modifiers', () => {
    expect(moves('Brent crude rose 2.1% while gold fell 0.4 percent.')).toEqual([['Brent crude', 2.1, true], ['Gold', -0.4, true]]);
    expect(moves('Shares of oil producers fell 3 percent.')).toEqual([]);
  });

  it('looks past a relative clause for the subject', () => {
    expect(moves("Britain's FTSE 100, which is heavy with oil and mining companies, climbed 1.1%.")).toEqual([['FTSE 100', 1.1, true]]);
  });

  it('carries the subject into "The index ..." and "Its shares ..."', () => {
    const r = ex('The S&P 500 ended at 5,000.12. The index is down 4.2 percent for the year. Apple reported results. Its shares fell 0.9 percent.');
    expect(r.moves.map((m) => [m.symbol ?? m.subject, m.percent, m.period, m.rule])).toEqual([
      ['S&P 500', -4.2, 'for the year', 'moves/carried-subject'],
      ['AAPL', -0.9, null, 'moves/carried-subject'],
    ]);
  });

  it('reads the Reuters "of a point" form', () => {
    expect(moves("The Standard & Poor's 500 Index inched up just 0.30 of a point, or 0.02 percent, to finish at 1,652.62.")).toEqual([['S&P 500', 0.02, true]]);
  });

  it('reads the period when stated', () => {
    const m = ex('The S&P 500 is up 1.5 percent so far this year, and the Nasdaq rose 20 percent since the end of October.').moves;
    expect(m.map((x) => x.period)).toEqual(['so far this year', 'since the end of october']);
    expect(ex('The S&P 500 has risen more than 2 percent over the past five sessions.').moves.map((x) => x.period)).toEqual(['over the past five sessions']);
  });

  it.each([
    ['shares of a total', 'About 75 per cent of US shares underperformed the index.'],
    ['moves with no known subject', 'Inflation rose 3.1 percent in the year to March.'],
    ['a possessive naming something else', "Goldman's estimate of how much it could lose on an average day rose 40% from a year ago."],
    ['a reported clause', 'UBS analyst Jane Roe said in a note, adding that jet fuel prices are still up more than 50% year-on-year.'],
    ['stocks inside an index', 'It compares with a 7% fall for pharmaceutical stocks in the S&P 500.'],
    ['index company earnings', 'Overall S&P 500 company earnings are expected to rise by about 14% this quarter.'],
  ])('ignores %s', (_name, text) => {
    expect(moves(text)).toEqual([]);
  });
});

describe('money', () => {
  it('reads amount, currency, scale, metric and subject', () => {
    const m = ex('Apple reported revenue of $86.3 billion and unveiled a $60 billion buyback. Separately, the German group set aside €2bn.').money;
    expect(m.map((x) => [x.amount, x.currency, x.metric, x.subject])).toEqual([
      [86.3e9, 'USD', 'revenue', 'AAPL'],
      [60e9, 'USD', 'buyback', 'AAPL'],
      [2e9, 'EUR', null, null],
    ]);
  });
  it('keeps the metric to its clause and carries it to a comparison amount', () => {
    const m = ex('Net income rose to $34.6 billion, or $2.84 per share, from $26.5 billion, or $2.15 per share.').money;
    expect(m.map((x) => [x.amount, x.metric])).toEqual([
      [34.6e9, 'net income'],
      [2.84, 'eps'],
      [26.5e9, 'net income'],
      [2.15, 'eps'],
    ]);
  });

  it('ignores percentages and bare numbers', () => {
    expect(ex('Stocks rose 2% and 1,000 shares traded.').money).toEqual([]);
  });
});

describe('spans', () => {
  it('slice back to the record text even through zero-width characters', () => {
    const text = 'Shares of Nvi\u200Bdia rose 3\u00a0% as the S&P\u00a0500 climbed 1.2% to 5,912.44.';
    const r = ex(text);
    const all = [...r.tickers.flatMap((t) => t.mentions), ...r.indices.flatMap((i) => i.mentions), ...r.moves.map((m) => m.span), ...r.levels.map((l) => l.span)];
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const s of all) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(r.tickers.map((t) => t.symbol)).toEqual(['NVDA']);
  });
});

// Patterns found reading Reuters wraps (2006-2013, 2023, 2026); sentences written for the tests, not copied.
describe('levels: Reuters wrap forms', () => {
  // span start is checked against where the number stands in the input
  const lv = (text: string) => ex(text).levels.map((l) => [l.index, l.value, l.kind, l.rule, l.span.text, l.span.start === text.indexOf(l.span.text) ? 'at' : l.span.start]);
  it.each([
    ['percent then "at" without a comma', 'The Euro STOXX 50 index ended 1.2 percent lower at 2,155.64 points.', [['Euro STOXX 50', 2155.64, 'close', 'levels/change-then-at', '2,155.64', 'at']]],
    ['"closed up N percent at"', 'The FTSEurofirst 300 closed up 0.9 percent at 834.84.', [['FTSEurofirst 300', 834.84, 'close', 'levels/change-then-at', '834.84', 'at']]],
    ['"ended N points, or N percent, higher at"', 'The Dow ended 52.50 points, or 0.4 percent, higher at 12,724.41.', [['Dow Jones Industrial Average', 12724.41, 'close', 'levels/change-then-at', '12,724.41', 'at']]],
    ['"to finish Friday at"', 'The Dow rose 5.13 points to finish Friday at 12,108.43.', [['Dow Jones Industrial Average', 12108.43, 'close', 'levels/closed-at', '12,108.43', 'at']]],
    ['"close down a fraction at"', 'The FTSEurofirst 300 gave up early gains to close down a fraction at 1,104.05.', [['FTSEurofirst 300', 1104.05, 'close', 'levels/closed-at', '1,104.05', 'at']]],
    ['"an intraday record at"', 'After the bell the Dow hit an intraday record at 12,683.93.', [['Dow Jones Industrial Average', 12683.93, 'intraday-high', 'levels/high-of', '12,683.93', 'at']]],
    ['"hit" a non-round reading', 'During the session the S&P 500 hit 1,449.33, its highest in six years.', [['S&P 500', 1449.33, 'level', 'levels/reached', '1,449.33', 'at']]],
    ['"to trade at"', 'The Dow was down 10 points to trade at 10,005.5 at midday.', [['Dow Jones Industrial Average', 10005.5, 'level', 'levels/stood-at', '10,005.5', 'at']]],
  ])('finds %s', (_name, text, want) => {
    expect(lv(text)).toEqual(want);
  });

  it('gives the next sentence of a closing list the close kind', () => {
    const r = ex('The S&P 500 climbed 0.93% to end the session at 4,338.93 points. The Nasdaq gained 1.53% to 13,461.92 points, while the Dow rose 0.56% to 34,066.33 points. Bond yields fell. Earlier, the Russell 2000 rose to 1,866.33.');
    expect(r.levels.map((l) => [l.index, l.value, l.kind])).toEqual([
      ['S&P 500', 4338.93, 'close'],
      ['Nasdaq Composite', 13461.92, 'close'],
      ['Dow Jones Industrial Average', 34066.33, 'close'],
      ['Russell 2000', 1866.33, 'level'],
    ]);
  });

  it('keeps the close kind past an intraday high reported with the close', () => {
    const r = ex('The Nasdaq rose 1.2 percent to end at 23,518.40 points, after hitting an intraday peak of 23,576.02. The Dow gained 497.46 points, or 1.05%, to 47,878.91.');
    expect(r.levels.map((l) => [l.index, l.value, l.kind])).toEqual([
      ['Nasdaq Composite', 23518.4, 'close'],
      ['Nasdaq Composite', 23576.02, 'intraday-high'],
      ['Dow Jones Industrial Average', 47878.91, 'close'],
    ]);
  });

  it('resolves a level stated of the market itself to the index the article leads with', () => {
    const text = 'The S&P 500 rose 1%. Analysts cheered the S&P gains; the Dow Jones lagged. Bond yields fell. Oil rose. US stocks climbed for a fourth week, closing at 4,958.61 on Friday.';
    expect(lv(text)).toEqual([['S&P 500', 4958.61, 'close', 'levels/article-index', '4,958.61', 'at']]);
  });

  it.each([
    ['a market sentence when no index leads (a tie)', 'The S&P 500 rose and the Dow fell. Bond yields fell. Oil rose. US stocks closed at 4,958.61 on Friday.'],
    ['a market sentence in an article with no index', 'US stocks closed at 4,958.61 on Friday.'],
    ['a level sentence whose subject is not the market', 'The S&P 500 rose 1%. The S&P gained again. Bond yields fell. Oil rose. The company closed at 4,958.61 on Friday.'],
    ['round milestones', 'The Dow hit 10,000 and topped 13,000 for the first time.'],
    ['a past record cited for comparison', 'The S&P 500 is 3 percent from its record closing high of 1,565.15, reached on October 9, 2007.'],
    ['futures prices', 'S&P 500 futures were up 5 points at 1,301.50, and Nikkei futures traded in Chicago at 10,565.00.'],
    ['clock times', 'The S&P 500 was up 0.5 percent at 1400 GMT.'],
  ])('ignores %s', (_name, text) => {
    expect(lv(text)).toEqual([]);
  });
});

describe('futures are not index moves', () => {
  it('keeps the index mention, but no move or level takes the futures contract as its subject', () => {
    const r = ex('S&P 500 e-mini futures rose 0.3%, and futures on the Nasdaq 100 gained 0.5%. The Dow fell 1.1%.');
    expect(r.moves.map((m) => [m.subject, m.percent])).toEqual([['Dow Jones Industrial Average', -1.1]]);
    expect(r.indices.map((i) => [i.name, i.mentions.map((m) => m.rule)])).toEqual([
      ['S&P 500', ['indices/futures']],
      ['Nasdaq-100', ['indices/futures']],
      ['Dow Jones Industrial Average', ['indices/alias']],
    ]);
  });
});

describe('tickers: Reuters forms', () => {
  const syms = (text: string) => ex(text).tickers.map((t) => [t.symbol, t.name]);
  it('learns the company name without "Shares of", a possessive or a dangling "&"', () => {
    expect(syms('Shares of Acme Widgets Inc ( AWX.O ) rose. Acme Widgets said more.')).toEqual([['AWX', 'Acme Widgets Inc']]);
    expect(syms("Foo Bar Inc's ( FBR.O ) shares rose.")).toEqual([['FBR', 'Foo Bar Inc']]);
    expect(syms('Merrill Lynch & Co ( MER.N ) fell.')).toEqual([['MER', 'Merrill Lynch & Co']]);
  });

  it.each([
    ['a bank quoted from a report', 'Prices will rise, J.P. Morgan said in a report.'],
    ['a data provider\'s consensus', 'Earnings beat the Thomson Reuters consensus by 5 percent.'],
    ['an analyst\'s employer after "for"', 'said Eric Roe, energy futures analyst for A.G. Edwards Inc.'],
    ['a bare symbol naming a research desk', 'UBS analysts estimate spending will rise.'],
  ])('does not list %s', (_name, text) => {
    expect(syms(text)).toEqual([]);
  });
});

describe('money: what the amount is', () => {
  const mo = (text: string) => ex(text).money.map((m) => [m.amount, m.currency, m.metric, m.subject, m.span.text]);
  it.each([
    ['a share price after a move', 'Best Buy shares fell 5.9 percent to $45.18.', [[45.18, 'USD', 'share price', 'BBY', '$45.18']]],
    ['a share price "at"', 'Citigroup Inc ( C.N ), up 1.9 percent at $49.49, led.', [[49.49, 'USD', 'share price', 'C', '$49.49']]],
    ['a commodity unit price', 'U.S. crude fell 66 cents to settle at $79.85 a barrel.', [[79.85, 'USD', 'commodity price', 'WTI crude', '$79.85']]],
    ['a price change and the price', 'Gold declined $24.50 to close at $872.80 an ounce.', [[24.5, 'USD', 'price change', 'Gold', '$24.50'], [872.8, 'USD', 'commodity price', 'Gold', '$872.80']]],
    ['an exchange rate', 'The euro rose 0.4 percent to $1.3515.', [[1.3515, 'USD', 'exchange rate', null, '$1.3515']]],
    ['yen', 'The dollar rose 0.5 percent to 76.66 yen.', [[76.66, 'JPY', 'exchange rate', null, '76.66 yen']]],
    ['pounds and euros with a scale', 'It paid £1.2bn and 3 billion euros.', [[1.2e9, 'GBP', null, null, '£1.2bn'], [3e9, 'EUR', null, null, '3 billion euros']]],
    ['earnings per share "a share"', 'Goldman earned $4.93 a share, beating the consensus forecast of $3.39.', [[4.93, 'USD', 'eps', 'GS', '$4.93'], [3.39, 'USD', 'estimate', 'GS', '$3.39']]],
    ['an exact scaled amount', 'Profit was $2.05 billion.', [[2050000000, 'USD', 'net income', null, '$2.05 billion']]],
  ])('reads %s', (_name, text, want) => {
    expect(mo(text)).toEqual(want);
  });

  it('ignores the conversion-rate note', () => {
    expect(mo('The deal is worth 23.5 trillion yen. ($1 = 81.915 yen)')).toEqual([[23.5e12, 'JPY', 'market value', null, '23.5 trillion yen']]);
  });
});

describe('tickers: names that are something else', () => {
  const syms = (text: string) => ex(text).tickers.map((t) => t.symbol);
  it.each([
    ['a person sharing a company name', 'Markets closed for a day of mourning for former President Gerald Ford, who died last week.'],
    ['an analyst sharing a company name', 'The market is tired, said Al Goldman, chief market strategist at a brokerage.'],
    ['an exchange in a volume sentence', 'About 7.1 billion shares traded on the NYSE, Amex and Nasdaq, above the average.'],
    ['a joint survey name', 'Sentiment from the Thomson Reuters/University of Michigan surveys improved.'],
    ['an employer joined by a slash', 'said Chris Roe, economist at Bank of Tokyo/Mitsubishi UFJ in New York.'],
    ['a broker rating another stock', 'Cliffs shares hit a low after Morgan Stanley downgraded the miner, and Deutsche Bank raised price targets on retailers.'],
    ['a data provider\'s index', 'The Thomson Reuters global stock index rose 1 percent.'],
    ['an acronym skipping a word of its name', "The Purchasing Managers' Composite Index (PMI) rose; the PMI is watched."],
    ['a symbol starting a longer name', 'Private employers added 176,000 workers last month, the ADP National Employment Report showed on Thursday.'],
  ])('does not list %s', (_name, text) => {
    expect(syms(text)).toEqual([]);
  });

  it.each([
    ['a company after its sector word', 'Apparel chain Gap Inc shares fell while mining giant BHP Billiton rose.', ['BHP', 'GAP']],
    ['a company opening a sentence', 'Ford said sales rose. Rival Apple gained.', ['AAPL', 'F']],
    ['the company itself upgrading nothing', 'Ford Motor Co ( F.N ) rose 4.8 percent after Barclays upgraded the stock.', ['F']],
  ])('still lists %s', (_name, text, want) => {
    expect(syms(text).sort()).toEqual(want);
  });
});

describe('levels: counts, ranges and other subjects', () => {
  const lv = (text: string) => ex(text).levels.map((l) => [l.index, l.value, l.kind]);
  it.each([
    ['market breadth counts', 'Declining stocks outnumbered advancing ones on the NYSE by 1,959 to 1,062, while on the Nasdaq, decliners beat advancers by 1,996 to 629.'],
    ['a support range', 'If the S&P 500 falls below 1,275.5, the next support area is 1,227 to 1,177, he said.'],
    ['a sentence with its own subject after an index sentence', 'The Nikkei fell 1 percent. German Bund futures jumped 2.6 points to 138.12. The dollar fell as low as 109.86 yen.'],
  ])('ignores %s', (_name, text) => {
    expect(lv(text)).toEqual([]);
  });

  it('carries the index into a sentence that refers back to it', () => {
    expect(lv('The CBOE Volatility index .VIX rose sharply. The indicator surged 15.90 percent to end the day at 17.57.')).toEqual([['Cboe Volatility Index', 17.57, 'close']]);
    expect(lv('The S&P 500 rose 1 percent. Earlier, it touched 1,529.25.')).toEqual([['S&P 500', 1529.25, 'level']]);
  });
});

describe('lexicon regexes: the fast form finds what the exact form finds', () => {
  const all = (re: RegExp, text: string) => [...text.matchAll(new RegExp(re.source, re.flags))].map((m) => `${m.index}:${m[0]}`);
  const END = '(?![A-Za-z0-9&]|\\.[A-Za-z])';
  const texts = [
    'S&P 500 rose; AT&T and the S&P fell. Dow Jones Industrial Average (.DJI) and .SPX rose.',
    'the Dow, the dow; Dowling; Dow.com; Dow.5; Dow-listed; (Dow) "Dow" Dow',
    '.SPX at start, x.SPX, (.SPX), .spx and .SPXA; MSCI\'s index of Asia-Pacific shares outside Japan rose',
    'gold, Gold, GOLD, goldman, Barrick Gold, oil&gas, crude oil prices, U.S. crude futures',
  ];

  it('lexiconRegex: longest word first, word edges around "&" and ".", at the start and end of the text', () => {
    const rx = lexiconRegex(['Dow', 'Dow Jones', 'S&P', 'S&P 500', 'J.P. Morgan'], END, 'g')!;
    const text = 'Dow Jones and S&P 500 and S&P; AT&T, X&S&P, Dow.com, J.P. Morgan, Dow';
    expect(all(rx.exact, text)).toEqual(['0:Dow Jones', '14:S&P 500', '26:S&P', '53:J.P. Morgan', '66:Dow']);
    expect(all(rx.fast, text)).toEqual(all(rx.exact, text));
    expect(lexiconRegex([], END, 'g')).toBeNull();
  });

  it('regexFor takes the exact form for a text with "_" (where \\b would differ)', () => {
    const rx = lexiconRegex(['Dow'], END, 'g')!;
    expect(all(rx.fast, 'x_Dow')).toEqual([]);
    expect(all(rx.exact, 'x_Dow')).toEqual(['2:Dow']);
    expect(regexFor(rx, 'x_Dow')).toBe(rx.exact);
    expect(regexFor(rx, 'x Dow')).toBe(rx.fast);
  });

  it('a lexicon with a name that does not start with a letter or digit keeps the exact form', () => {
    const rx = lexiconRegex(['.com boom', 'Dow'], END, 'g')!;
    expect(rx.fast).toBe(rx.exact);
  });

  it('the index, sector and name regexes of the package lexicons agree in both forms', () => {
    const c = compileLexicons(defaultLexicons());
    for (const rx of [c.indexRe, c.sectorRe!, c.nameRe!]) {
      expect(rx.fast).not.toBe(rx.exact);
      for (const t of texts) expect(all(rx.fast, t), t).toEqual(all(rx.exact, t));
    }
    expect(all(c.indexRe.fast, texts[0]!)).toEqual(['0:S&P 500', '27:S&P', '37:Dow Jones Industrial Average', '67:.DJI', '77:.SPX']);
  });

  it('finds index mentions, RICs included, after an underscore (the exact form)', () => {
    const rules = (text: string) => ex(text).indices.map((i) => [i.name, i.mentions.map((m) => m.rule)]);
    expect(rules('Data_.DJI rose 1%.')).toEqual([['Dow Jones Industrial Average', ['indices/ric']]]);
    expect(rules('file_Dow Jones Industrial Average fell.')).toEqual([['Dow Jones Industrial Average', ['indices/alias']]]);
    expect(ex('Stocks_ rose as the S&P 500 gained 1.2% to 4,839.81.').levels.map((l) => [l.index, l.value])).toEqual([['S&P 500', 4839.81]]);
  });
});

describe('moves need a percent unit', () => {
  it('finds a move written with PERCENT in capitals, and none without any unit', () => {
    expect(ex('Apple rose 5 PERCENT on Monday.').moves.map((m) => [m.subject, m.percent, m.rule])).toEqual([['Apple Inc.', 5, 'moves/verb']]);
    expect(ex('Brent crude rose 2 Pct.').moves.map((m) => [m.subject, m.percent])).toEqual([['Brent crude', 2]]);
    expect(ex('Apple rose 5 points on Monday. Brent crude rose $2.').moves).toEqual([]);
  });
});

describe('numbers', () => {
  it('parse with and without thousands commas', () => {
    expect([parseNumber('4,839.81'), parseNumber('4839.81'), parseNumber('.5'), parseNumber('1,234,567')]).toEqual([4839.81, 4839.81, 0.5, 1234567]);
    expect([scaledNumber('2.05', 1e9), scaledNumber('1,250.5', 1e6), scaledNumber('86.3', 1e9), scaledNumber('7', 1)]).toEqual([2050000000, 1250500000, 86300000000, 7]);
  });

  it('the lexicons are loaded once', () => {
    expect(defaultLexicons()).toBe(defaultLexicons());
  });
});
