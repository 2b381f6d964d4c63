/**
 * Turning user text into a safe FTS5 query. Raw text in MATCH throws on `S&P 500`, `AT&T`, `$AAPL`, `10-K`:
 * every whitespace-separated token becomes a quoted phrase (FTS5's tokenizer then splits it the way it split the
 * indexed text, so "S&P" matches the phrase s p). Control characters and lone surrogates are dropped, and the
 * token count is capped so a pasted paragraph cannot become a pathological query.
 */
export const MAX_QUERY_TOKENS = 16;
export const MAX_QUERY_CHARS = 1000;

// Control characters (NUL included) and lone surrogates: dropped, they index to nothing and break phrases.
const UNWANTED = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (s: string): string => s.replace(UNWANTED, ' ').trim();

/** True when a query has nothing to search for (empty, spaces, control characters): it means "filters only". */
export function isBlankQuery(input: string | undefined | null): boolean {
  return !input || clean(input) === '';
}

export function toFtsQuery(input: string): string | null {
  // Cleaned before the length cap, so leading blanks do not eat it; cleaned again after, since the cap may cut
  // a surrogate pair in two.
  let cleaned = clean(input);
  if (cleaned.length > MAX_QUERY_CHARS) cleaned = clean(cleaned.slice(0, MAX_QUERY_CHARS));
  const tokens = cleaned
    .split(/\s+/)
    // a token with no letter or digit indexes to nothing; as a phrase it would match nothing at all
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .slice(0, MAX_QUERY_TOKENS);
  if (!tokens.length) return null;
  return tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}
