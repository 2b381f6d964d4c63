import type { Doc } from '../segment/doc.js';
import type { IndexHit, Mention, TickerHit } from '../types.js';
import { alternation, defaultLexicons, lexiconRegex, regexFor, type IndexEntry, type LexiconRegex, type Lexicons, type TickerEntry } from './lexicon.js';
import type { EntityMention, ExtractContext, Extractor } from './types.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Word edges that also work around '&' and '.' inside names ("S&P 500", "J.P. Morgan").
const B_START = '(?<![A-Za-z0-9&])';
const B_END = '(?![A-Za-z0-9&]|\\.[A-Za-z])';

interface Compiled {
  bySymbol: Map<string, TickerEntry>;
  indexByAlias: Map<string, IndexEntry>;
  /** aliases that also name other things ("Nikkei" the newspaper): they count only before index words */
  weakIndexAliases: Set<string>;
  sectorWords: Map<string, IndexEntry>;
  sectorRe: LexiconRegex | null;
  indexByRic: Map<string, IndexEntry>;
  tickerByAlias: Map<string, { entry: TickerEntry; weak: boolean }>;
  indexRe: LexiconRegex;
  nameRe: LexiconRegex | null;
}

const compiledCache = new WeakMap<Lexicons, Compiled>();

/** Compile the lexicons once into lookup maps and alternation regexes (longest alias first). */
export function compileLexicons(lex: Lexicons): Compiled {
  const hit = compiledCache.get(lex);
  if (hit) return hit;
  const bySymbol = new Map<string, TickerEntry>();
  const tickerByAlias = new Map<string, { entry: TickerEntry; weak: boolean }>();
  for (const t of lex.tickers) {
    bySymbol.set(t.symbol, t);
    for (const f of t.formerly) if (!bySymbol.has(f)) bySymbol.set(f, t);
    for (const a of t.aliases) if (!tickerByAlias.has(a)) tickerByAlias.set(a, { entry: t, weak: false });
    for (const a of t.weakAliases) if (!tickerByAlias.has(a)) tickerByAlias.set(a, { entry: t, weak: true });
  }
  const indexByAlias = new Map<string, IndexEntry>();
  const indexByRic = new Map<string, IndexEntry>();
  const weakIndexAliases = new Set<string>();
  for (const ix of lex.indices) {
    for (const raw of [ix.name, ...ix.aliases]) {
      const weak = raw.startsWith('~');
      const k = (weak ? raw.slice(1) : raw).toLowerCase();
      if (weak) weakIndexAliases.add(k);
      if (!indexByAlias.has(k)) indexByAlias.set(k, ix);
    }
    for (const r of ix.rics) indexByRic.set(r.toUpperCase(), ix);
  }
  // "the S&P" / "the Dow": the article is required before the name but is not part of the mention, so a longer
  // alias starting at the name ("Dow Jones Industrial Average") still wins.
  const bare = [...indexByAlias.keys()].filter((k) => !k.startsWith('the '));
  const afterThe = [...indexByAlias.keys()].filter((k) => k.startsWith('the ')).map((k) => k.slice(4));
  for (const k of afterThe) if (!indexByAlias.has(k)) indexByAlias.set(k, indexByAlias.get(`the ${k}`)!);
  // "Ten of the 11 S&P 500 sectors rose, led by materials, up 2.3%": in a sentence about sectors, the bare sector
  // word names the sector index (derived from lower-case aliases such as "materials index" / "energy sector").
  const sectorWords = new Map<string, IndexEntry>();
  for (const ix of lex.indices) {
    if (ix.kind !== 'sector') continue;
    for (const a of ix.aliases) {
      const m = /^([a-z][a-z -]{3,}?) (?:sector|index)$/.exec(a);
      if (m && !sectorWords.has(m[1]!)) sectorWords.set(m[1]!, ix);
    }
  }
  const sectorRe = lexiconRegex(sectorWords.keys(), B_END, 'gi');
  const onlyAfterThe = afterThe.filter((k) => !bare.includes(k));
  const ricWords = [...indexByRic.keys()];
  // every branch needs at least one word: an empty alternation would match the empty string forever. The fast form
  // (see LexiconRegex) starts each branch with a cheap \b or \B: an alias after "the" starts a word anyway, and a RIC
  // starts with "." (the lexicon checks), where \B is "no letter or digit before" in a text without "_".
  const indexBranches = (fast: boolean) =>
    [
      bare.length ? `${fast ? '\\b(?<!&)' : B_START}(?:${alternation(bare)})${B_END}` : '',
      onlyAfterThe.length ? `${fast ? '\\b' : ''}(?<=\\bthe\\s)(?:${alternation(onlyAfterThe)})${B_END}` : '',
      ricWords.length ? `${fast ? '\\B' : '(?<![A-Za-z0-9])'}(?:${alternation(ricWords)})(?![A-Za-z0-9])` : '',
    ].filter(Boolean);
  const fastOk = [...bare, ...onlyAfterThe].every((k) => /^[A-Za-z0-9]/.test(k)) && ricWords.every((r) => r.startsWith('.'));
  const joined = (branches: string[]) => new RegExp(branches.length ? branches.join('|') : '(?!)', 'gi');
  const indexRe = { exact: joined(indexBranches(false)), fast: joined(indexBranches(fastOk)) };
  const nameRe = lexiconRegex(tickerByAlias.keys(), B_END, 'g');
  const c = { bySymbol, indexByAlias, weakIndexAliases, indexByRic, tickerByAlias, indexRe, nameRe, sectorWords, sectorRe };
  compiledCache.set(lex, c);
  return c;
}

// "Nasdaq-listed", "NASDAQ: NVDA", "Dow Inc", "S&P Global", "S&P 500 futures" stay indices only where they are indices.
// "S&P 500 sector indexes", "S&P 500 futures", "Nasdaq-listed", "NASDAQ: NVDA", "Dow Inc", "S&P Global": the name is
// part of something else.
const NOT_INDEX_AFTER = /^(?:-listed|\s*:|\s+Inc\b|\s+Chemical|\s+Global\b|\s+Dow Jones Indices|\s+Stock Market\b|\s+exchange\b|\s+(?:sector\s+index(?:es)?|sectors|sector indices|components|constituents|members|companies|company|firms|stocks|earnings|profits?)\b)/i;

const SECTOR_SENTENCE = /\bsectors?\b/i;
// "S&P 500 e-mini futures rose 0.3%", "futures on the Dow", "Nikkei futures": the article names the index, but what
// moved is a futures contract. The mention counts for the index list; moves and levels never take it as their subject.
const FUTURES_AFTER = /^\s*(?:index\s+)?(?:(?:e-?minis?|emini)\s+)?(?:futures|e-?minis?|emini)\b/i;
const FUTURES_BEFORE = /\b(?:(?:futures|e-?minis?|contracts?)\s+(?:on|for|tied\s+to|linked\s+to|tracking)\s+(?:the\s+)?|e-?mini\s+)$/i;
const INDEX_CONTEXT_AFTER = /^\s+(?:\d{3}\b|share average|stock average|average|index|composite|benchmark|(?:rose|fell|gained|lost|added|shed|climbed|dropped|slipped|jumped|slid|ended|closed|finished|was (?:up|down)|edged))/i;

/** Index mentions: aliases (case-insensitive) and Reuters RICs such as .SPX. */
export function findIndexMentions(doc: Doc, lex: Lexicons = defaultLexicons()): EntityMention[] {
  const c = compileLexicons(lex);
  const out: EntityMention[] = [];
  const indexRe = regexFor(c.indexRe, doc.norm);
  for (let m = indexRe.exec(doc.norm); m; m = indexRe.exec(doc.norm)) {
    const word = m[0];
    const isRic = word.startsWith('.');
    const entry = isRic ? c.indexByRic.get(word.toUpperCase()) : c.indexByAlias.get(word.toLowerCase());
    if (!entry) continue;
    const after = doc.norm.slice(m.index + word.length, m.index + word.length + 24);
    if (!isRic && NOT_INDEX_AFTER.test(after)) continue;
    if (!isRic && c.weakIndexAliases.has(word.toLowerCase()) && !INDEX_CONTEXT_AFTER.test(after)) continue;
    // a lower-case spelling only counts when the alias has no capitals of its own ("the tech sector")
    if (!isRic && word === word.toLowerCase() && /[A-Z]/.test([entry.name, ...entry.aliases].find((a) => a.toLowerCase() === word.toLowerCase()) ?? '')) continue;
    const futures = FUTURES_AFTER.test(after) || FUTURES_BEFORE.test(doc.norm.slice(Math.max(0, m.index - 30), m.index));
    out.push({ start: m.index, end: m.index + word.length, type: 'index', key: entry.name, name: entry.name, rule: futures ? 'indices/futures' : isRic ? 'indices/ric' : 'indices/alias' });
  }
  if (c.sectorRe) {
    const sectorRe = regexFor(c.sectorRe, doc.norm);
    const aboutSectors = new Map<number, boolean>(); // per sentence, tested once
    for (let m = sectorRe.exec(doc.norm); m; m = sectorRe.exec(doc.norm)) {
      const s = doc.sentenceAt(m.index);
      if (s < 0) continue;
      let about = aboutSectors.get(s);
      if (about === undefined) aboutSectors.set(s, (about = SECTOR_SENTENCE.test(doc.sentences[s]!.text)));
      if (!about) continue;
      const end = m.index + m[0].length;
      if (out.some((o) => o.start < end && o.end > m!.index)) continue;
      const entry = c.sectorWords.get(m[0].toLowerCase())!;
      out.push({ start: m.index, end, type: 'index', key: entry.name, name: entry.name, rule: 'indices/sector-word' });
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

const EXCHANGE = /\(\s*(?:NASDAQ|Nasdaq|NYSE(?:\s?(?:Arca|ARCA|American|MKT))?|NYSEARCA|NYSEAMERICAN|AMEX|Cboe|CBOE|BATS|OTC|OTCQX)\s*:\s*([A-Z]{1,5}(?:\.[A-Z])?)\s*\)/g;
const CASHTAG = /(?<![A-Za-z0-9$])\$([A-Z]{1,5}(?:\.[A-Z])?)(?![A-Za-z0-9])/g;
// A RIC is a code, not an abbreviation: "U.N." / "U.N.-led" / "S.A." are not RICs (no trailing dot or hyphen),
// and a one-letter root counts only inside parentheses ("(F.N)").
// (the look-ahead only makes the scan faster: a look-behind tried at every position is slow, a character test is not)
const RIC = /(?=[(A-Z])(?<![A-Za-z0-9.])(\(\s*)?([A-Z]{1,5}(?:_[a-z])?)\.(?:OQ|O|N|K|A|P|PK|Z)(?![A-Za-z0-9.\-])/g;
const PAREN = /\(\s*([A-Z]{1,5}(?:\.[A-Z])?)\s*(?:[,;:][^()]{0,40})?\)/g;
const BARE = /(?<![A-Za-z0-9$.&\-])([A-Z]{2,5})(?![A-Za-z0-9&]|\.[A-Za-z])/g;
// "$US" and "$C" are currency notations, not cashtags.
const NOT_CASHTAG = new Set(['US', 'USD', 'CAD', 'AUD', 'NZ', 'NZD', 'HK', 'HKD', 'SG', 'SGD', 'C', 'A', 'M', 'B', 'K', 'T', 'BN', 'MN']);
// The company name written before "( HRB.N )": up to five capitalised words, "&" and suffixes allowed.
const COMPANY_BEFORE = /((?:[A-Z][\w&.'-]*\s+(?:(?:of|and|&|de)\s+)?){0,4}[A-Z][\w&.'-]*)\s*\(?\s*$/;
const COMPANY_SUFFIX = /(?:,?\s+(?:Inc|Corp|Corporation|Co|Company|Ltd|Limited|plc|PLC|LP|LLC|SA|AG|NV|Holdings?|Group))+\.?$/;
const MIN_LEARNED_NAME = 3;
// "Shares of Yahoo Inc ( YHOO.O )", "Chipmaker Intel Corp", "Merrill Lynch & Co", "Activision Inc's ( ATVI.O )": the
// capitalised run before a code can start with a sentence-initial descriptor and end in a possessive or a dangling "&".
const NAME_LEAD = /^(?:(?:Shares|Stock|Stocks)\s+(?:of|in)\s+|(?:The|Rival|Struggling|Embattled|Retailer|Insurer|Lender|Miner|Carrier|Conglomerate|Automaker|Carmaker|Chipmaker|Drugmaker|Planemaker|Toymaker|Steelmaker|Shares|Stock)\s+)+/;
function learnedName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim().replace(NAME_LEAD, '').replace(/['’]s$/, '').replace(/(?:\s+(?:&|and)|,)+$/, '').trim();
  return s || undefined;
}
// Words after a weak alias that show it names the company ("Target shares", "Block Inc").
const COMPANY_CONTEXT_AFTER = /^(?:'s?\s+(?:shares|stock)|\s+(?:shares|stock|Inc\b|Corp\b|Co\b|Ltd\b|Plc\b|Group\b|Holdings\b))/;
// "Shell (SHEL.L)", "Target (TGT)": a parenthesis right after a weak alias counts only when it holds a code.
const CODE_IN_PARENS_AFTER = /^\s*\(\s*(?:[A-Za-z]+:\s*)?([A-Z]{1,5})(?:\.[A-Z]{1,2})?\s*\)/;
const COMPANY_CONTEXT_BEFORE = /(?:shares (?:of|in)|stock of|stake in)\s+$/i;
// A sentence shouted in capitals (a headline) would make every word a symbol: when most of its longer words that
// are not listed symbols are in capitals, bare symbols in it do not count.
const MAX_CAPS_RATIO = 0.6;
const MIN_SHOUT_WORDS = 3;

function shouted(s: string, isSymbol: (w: string) => boolean): boolean {
  const words = (s.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !isSymbol(w));
  if (words.length < MIN_SHOUT_WORDS) return false;
  return words.filter((w) => w === w.toUpperCase()).length / words.length >= MAX_CAPS_RATIO;
}

/** Ticker mentions by cashtag, exchange prefix, RIC, parenthesised symbol, bare symbol and company name. */
export function findTickerMentions(doc: Doc, indexMentions: EntityMention[], lex: Lexicons = defaultLexicons()): EntityMention[] {
  const c = compileLexicons(lex);
  const text = doc.norm;
  const out: EntityMention[] = [];
  const taken: Array<[number, number]> = indexMentions.map((m) => [m.start, m.end]);
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const add = (s: number, e: number, t: TickerEntry, rule: string) => {
    if (!free(s, e)) return;
    taken.push([s, e]);
    out.push({ start: s, end: e, type: 'ticker', key: t.symbol, name: t.name, rule });
  };
  // RICs, exchange prefixes and cashtags are explicit enough to trust for symbols the lexicon does not list.
  const unlisted = (sym: string, at: number): TickerEntry => ({
    symbol: sym,
    name: learnedName(COMPANY_BEFORE.exec(text.slice(Math.max(0, at - 60), at))?.[1]) ?? sym,
    kind: 'stock',
    exchange: '',
    aliases: [],
    weakAliases: [],
    formerly: [],
    needsContext: false,
  });
  const scan = (re: RegExp, rule: string, accept: (t: TickerEntry, m: RegExpExecArray) => boolean, trustUnlisted = false, group = 1) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const code = m[group]!;
      const sym = code.includes('_') ? code.replace(/_[a-z]$/, '') : code;
      const known = c.bySymbol.get(sym);
      // an imported (directory) row knows today's company; in an archive article the code may have belonged to
      // another one ("CC.N" was Circuit City): the name written before an explicit code wins
      const t = known?.imported && trustUnlisted ? importedAsWritten(known, sym, m.index) : (known ?? (trustUnlisted && !NOT_CASHTAG.has(sym) ? unlisted(sym, m.index) : undefined));
      if (!t || !accept(t, m)) continue;
      const s = m.index + m[0].indexOf(code);
      add(s, s + code.length, t, rule);
    }
  };
  const importedAsWritten = (known: TickerEntry, sym: string, at: number): TickerEntry => {
    const written = unlisted(sym, at);
    return written.name !== sym ? { ...known, name: written.name } : known;
  };
  const learned = new Map<string, TickerEntry>();
  const unlistedSeen = (t: TickerEntry) => {
    const row = c.bySymbol.get(t.symbol);
    if ((!row || (row.imported && row.name !== t.name)) && t.name !== t.symbol) learned.set(t.symbol, t);
    return true;
  };
  scan(EXCHANGE, 'tickers/exchange-prefix', unlistedSeen, true);
  scan(CASHTAG, 'tickers/cashtag', (t) => t.symbol.length >= 2 || c.bySymbol.has(t.symbol), true);
  scan(RIC, 'tickers/ric', (t, m) => (m[2]!.length > 1 || !!m[1]) && unlistedSeen(t), true, 2);
  // "H&R Block Inc. ( HRB.N )" teaches this article that "H&R Block" means HRB.
  for (const t of learned.values()) {
    const short = t.name.replace(COMPANY_SUFFIX, '').trim();
    if (short.length < MIN_LEARNED_NAME) continue;
    const re = new RegExp(`${B_START}${escape(short)}${B_END}`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) add(m.index, m.index + short.length, t, 'tickers/name-from-code');
  }
  // "(J)" counts for a context-needing symbol only right after a capitalised name: "Jacobs Solutions (J)".
  // "Airports Council International Europe (ACI)", "direct reduced iron (DRI)": the article defines an acronym; neither
  // that parenthesis nor the bare acronym later on is a ticker.
  const acronyms = definedAcronyms(text);
  // ...unless the words before it are the listed company's own name: "Advanced Micro Devices (AMD)"
  const ownName = (t: TickerEntry, at: number) => {
    const before = text.slice(Math.max(0, at - 60), at);
    return [t.name.split(/[ ,]/)[0]!, ...t.aliases].some((a) => a.length >= 3 && before.includes(a));
  };
  const notAcronym = (t: TickerEntry, sym: string, at: number) => !acronyms.has(sym) || ownName(t, at);
  scan(PAREN, 'tickers/parenthesised', (t, m) => notAcronym(t, m[1]!, m.index) && (!t.needsContext || /[A-Z][\w.&'-]*\s*$/.test(text.slice(Math.max(0, m.index - 40), m.index))));
  scan(BARE, 'tickers/symbol', (t, m) => {
    if (t.needsContext || !notAcronym(t, m[1]!, m.index)) return false;
    // "UBS analysts estimate", "said Jane Roe, strategist at HSBC": a source, not a stock
    if (namedAsSource(text, m.index, m.index + m[1]!.length)) return false;
    // "the ADP National Employment Report", "UBS Investment Research": the symbol starts a longer name
    if (LONGER_NAME_AFTER.test(text.slice(m.index + m[1]!.length, m.index + m[1]!.length + 40))) return false;
    const si = doc.sentenceAt(m.index);
    const sentence = si >= 0 ? doc.sentences[si]!.text : '';
    return !shouted(sentence, (w) => c.bySymbol.has(w));
  });
  if (c.nameRe) {
    const casedCache = new Map<number, boolean>(); // title case is a property of the sentence: computed once each
    const nameRe = regexFor(c.nameRe, text);
    for (let m = nameRe.exec(text); m; m = nameRe.exec(text)) {
      const hit = c.tickerByAlias.get(m[0]);
      if (!hit) continue;
      const end = m.index + m[0].length;
      // "H&R Block" is not Block Inc: a name glued to a preceding "X&Y" is part of a longer name
      if (/[A-Za-z]&[A-Za-z]+\s$/.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      const code = CODE_IN_PARENS_AFTER.exec(text.slice(end, end + 24))?.[1];
      const codeMatches = code !== undefined && (code === hit.entry.symbol || hit.entry.formerly.includes(code) || code.startsWith(hit.entry.symbol.slice(0, 3)));
      if (hit.weak && !codeMatches && !COMPANY_CONTEXT_AFTER.test(text.slice(end, end + 12)) && !COMPANY_CONTEXT_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
      const si = doc.sentenceAt(m.index);
      let cased = casedCache.get(si);
      if (cased === undefined) casedCache.set(si, (cased = si >= 0 && titleCased(doc.sentences[si]!.text)));
      if (namesSomethingElse(text, m.index, end, cased)) continue;
      add(m.index, end, hit.entry, hit.weak ? 'tickers/name-with-context' : 'tickers/name');
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const ACRONYM_PAREN = /\(\s*([A-Z]{2,6})\s*\)/g;
const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'on', 'in', 'to', '&']);
const ACRONYM_LOOKBACK = 80; // characters of words read before the parenthesis
const MAX_ACRONYM_WORDS = 7;

// "Purchasing Managers' Composite Index (PMI)": an acronym may skip a word of the name, in order
function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
}

/** Acronyms the text defines: the capitals in parentheses spell the initials of the words just before them. */
export function definedAcronyms(text: string): Set<string> {
  const out = new Set<string>();
  ACRONYM_PAREN.lastIndex = 0;
  for (let m = ACRONYM_PAREN.exec(text); m; m = ACRONYM_PAREN.exec(text)) {
    const acr = m[1]!;
    if (out.has(acr)) continue;
    const before = text.slice(Math.max(0, m.index - ACRONYM_LOOKBACK), m.index);
    const words = (/((?:[A-Za-z][\w'-]*\s+){1,7})$/.exec(before)?.[1] ?? '')
      .trim()
      .split(/\s+/)
      .slice(-MAX_ACRONYM_WORDS)
      .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()));
    const initials = words.map((w) => w[0]!.toUpperCase()).join('');
    // the acronym spells the initials of the last words, or of the words before a trailing qualifier ("... Europe")
    for (let k = 0; k < initials.length; k++) {
      if (initials.slice(k, k + acr.length) === acr || (acr.length >= 3 && initials[k] === acr[0] && isSubsequence(acr, initials.slice(k)))) {
        out.add(acr);
        break;
      }
    }
  }
  return out;
}

// A company named as a source or employer is not a stock the article discusses: "according to Thomson Reuters'
// Lipper", "chief equity strategist at Citigroup Global Markets", "Citi analysts raised their forecasts", "the Barclays
// U.S. Treasury index". (Its stock counts when the article also names it as a stock elsewhere.)
const SOURCE_BEFORE = /(?:according to|(?:data|figures|estimates|a (?:survey|poll|report)) (?:from|by)|(?:strategists?|analysts?|economists?|managers?|officer|director|head|chief|president|partner|traders?|advis[eo]rs?|chairman|founder|spokes(?:man|woman|person)|CEO|CIO|executive)\b[^.;]{0,40}?\b(?:at|of|with|from|for))\s+(?:the\s+|an?\s+)?$/i;
const SOURCE_AFTER = /^(?:['’]s?)?(?:\s+(?:AG|Inc\.?|plc|Group|Securities))?\s+(?:on\s+\w+day\s+)?(?:analysts?|strategists?|economists?|research|said in a (?:research |client )?(?:note|report)|wrote in a (?:research |client )?(?:note|report)|data|estimates?|consensus|survey|poll|forecast|I\/B\/E\/S|StarMine|(?:[a-z-]+\s+){0,2}index(?:es)?|upgraded|downgraded|upgrades?|downgrades?|(?:raised|cut|lowered|lifted)\s+(?:its\s+|their\s+)?(?:price\s+)?targets?|initiated|started\s+coverage|recommended)\b/;
// "Thomson Reuters/University of Michigan", "Bank of Tokyo/Mitsubishi UFJ": a name joined to another by a slash
const SLASH_NAME = /^\/[A-Z]/;
// "A.G. Edwards Inc.": initials before the name make it part of a longer name
const INITIALS_BEFORE = /(?:^|\s)(?:[A-Z]\.){1,3}\s?$/;

function namedAsSource(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 40);
  return SOURCE_BEFORE.test(text.slice(Math.max(0, start - 80), start)) || SOURCE_AFTER.test(after) || SLASH_NAME.test(after) || text[start - 1] === '/';
}

// "President Gerald Ford", "said Al Goldman": a capitalised word right before the name (not opening the sentence,
// not a day or month) makes it part of a person's or a longer name.
const NOT_NAME_WORDS = new Set(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Rival', 'Shares', 'Stock']);
function givenNameBefore(text: string, start: number): boolean {
  // the test below needs "<Capitalised word> " right before the name: most names have no lower-case letter and a space there
  if (text[start - 1] !== ' ' || !/[a-z]/.test(text[start - 2] ?? '')) return false;
  const m = /(?:^|(\S*)\s+)([A-Z][a-z]+) $/.exec(text.slice(Math.max(0, start - 40), start));
  if (!m || NOT_NAME_WORDS.has(m[2]!)) return false;
  // the word opens a sentence or a line ("Ford said ...", "Rival Apple ..."): not a given name
  const prev = m[1];
  return prev !== undefined && prev !== '' && !/[.!?:"“”(\n]$/.test(prev);
}
// "Citigroup Global Markets", "Barclays Capital", "Apple Watch": followed by another name word, the mention is part of a
// longer name. Company suffixes and "shares"/"stock" keep it the company.
const LONGER_NAME_AFTER = /^(?:['’]s?)?\s+(?!(?:Inc|Corp|Co|Ltd|Plc|PLC|LLC|Group|Holdings|Class|Cos|Company|Corporation|Incorporated)\b)(?:[A-Z][a-z]+|[A-Z]\.[A-Z]\.)/;

function namesSomethingElse(text: string, start: number, end: number, headlineCase: boolean): boolean {
  if (namedAsSource(text, start, end)) return true;
  if (!headlineCase && givenNameBefore(text, start)) return true;
  if (INITIALS_BEFORE.test(text.slice(Math.max(0, start - 8), start)) && !/^(?:[A-Z]\.)/.test(text.slice(start))) return true;
  const after = text.slice(end, end + 40);
  // a capitalised word after the name on the same line, unless a new sentence starts there (in a headline written
  // in title case every word is capitalised, so the test says nothing there)
  return !headlineCase && LONGER_NAME_AFTER.test(after) && !/^[^\s]*[.!?]/.test(after);
}

// "Communications Cos Edge Lower as Disney Faces More Activist Pressure": most longer words capitalised
const TITLE_CASE_SHARE = 0.6;
function titleCased(sentence: string): boolean {
  const words = sentence.match(/[A-Za-z][a-z'’]{3,}/g) ?? [];
  return words.length >= 3 && words.filter((w) => w[0] === w[0]!.toUpperCase()).length / words.length >= TITLE_CASE_SHARE;
}

// Prominence: a ticker in the headline outweighs several body mentions; an early mention outweighs a late one.
const TITLE_WEIGHT = 3;
const LEAD_WEIGHT = 1;
const LEAD_SHARE = 0.2;

const WORD_CHAR = /[A-Za-z0-9&]/;

/** Whether `word` stands in `s` as a whole word (the same edges as the matchers use). */
function hasWord(s: string, word: string): boolean {
  for (let i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
    const before = s[i - 1] === '$' ? s[i - 2] : s[i - 1];
    const after = s[i + word.length];
    if ((before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after))) return true;
  }
  return false;
}

function inTitle(doc: Doc, t: TickerEntry): boolean {
  const title = doc.normTitle;
  return !!title && [t.symbol, ...t.aliases].some((w) => hasWord(title, w));
}

/** The headline as a one-sentence doc: enough for the mention scanners, without running the segmenter. */
function titleDoc(doc: Doc): Doc {
  const t = doc.normTitle;
  const sentence = { index: 0, start: 0, end: t.length, text: t };
  return { ...doc, text: t, norm: t, sentences: [sentence], tokens: [], span: (s, e) => ({ start: s, end: e, text: t.slice(s, e) }), sentenceAt: (p) => (p >= 0 && p < t.length ? 0 : -1) };
}

function toMentions(doc: Doc, ms: EntityMention[]): Mention[] {
  return ms.map((m) => {
    const s = doc.span(m.start, m.end);
    return { start: s.start, end: s.end, text: s.text, rule: m.rule };
  });
}

/** Append `value` to the list under `key` (a map keeps its keys in first-insertion order). */
function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const indices: Extractor<'indices'> = {
  meta: { id: 'indices', version: 1, description: 'Stock indices by name, alias and Reuters RIC' },
  kind: 'indices',
  extract(doc: Doc, ctx: ExtractContext): IndexHit[] {
    const lex = defaultLexicons();
    const ms = findIndexMentions(doc, lex);
    ctx.entities.push(...ms);
    const byName = new Map<string, EntityMention[]>();
    // a bare sector word ("led by materials") names a move's subject, but is not a mention of the index itself
    for (const m of ms) if (m.rule !== 'indices/sector-word') pushTo(byName, m.key, m);
    return [...byName.entries()].map(([name, list]) => {
      const entry = lex.indices.find((i) => i.name === name)!;
      return { id: entry.id, name, mentions: toMentions(doc, list) };
    });
  },
};

export const tickers: Extractor<'tickers'> = {
  meta: { id: 'tickers', version: 1, description: 'Stocks and ETFs by cashtag, exchange prefix, RIC, symbol and company name' },
  kind: 'tickers',
  extract(doc: Doc, ctx: ExtractContext): TickerHit[] {
    const lex = defaultLexicons();
    const c = compileLexicons(lex);
    const ms = findTickerMentions(
      doc,
      ctx.entities.filter((e) => e.type === 'index'),
      lex,
    );
    ctx.entities.push(...ms);
    ctx.entities.sort((a, b) => a.start - b.start);
    const bySym = new Map<string, EntityMention[]>();
    for (const m of ms) pushTo(bySym, m.key, m);
    // a company named only in the headline is still what the article is about
    for (const m of findTickerMentions(titleDoc(doc), [], lex)) if (!bySym.has(m.key)) bySym.set(m.key, []);
    const len = Math.max(doc.norm.length, 1);
    const hits = [...bySym.entries()].map(([symbol, list]): TickerHit => {
      const known = c.bySymbol.get(symbol);
      // an imported row takes the name the article wrote next to the code (see importedAsWritten)
      const t = known && !known.imported ? known : { symbol, kind: 'stock' as const, exchange: '', aliases: [], weakAliases: [], formerly: [], needsContext: false, ...known, name: list[0]?.name ?? known?.name ?? symbol };
      const title = inTitle(doc, t);
      const prominence = list.length + (title ? TITLE_WEIGHT : 0) + (list.length && list[0]!.start / len < LEAD_SHARE ? LEAD_WEIGHT : 0);
      return { symbol: t.symbol, name: t.name, kind: t.kind, inTitle: title, prominence, mentions: toMentions(doc, list) };
    });
    return hits.sort((a, b) => b.prominence - a.prominence || (a.mentions[0]?.start ?? -1) - (b.mentions[0]?.start ?? -1));
  },
};
