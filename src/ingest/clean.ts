import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fragmentText } from './html-fragment.js';

const BoilerplateLexicon = z
  .object({
    name: z.literal('boilerplate'),
    version: z.number().int().positive(),
    source: z.string(),
    lines: z.array(z.string()),
    tailMarkers: z.array(z.string()),
    inline: z.array(z.string()),
  })
  .strict();

const lexiconPath = new URL('../../lexicons/boilerplate.json', import.meta.url);

function compile(list: string[], where: string): RegExp[] {
  return list.map((p, i) => {
    try {
      return new RegExp(p, 'i');
    } catch (e) {
      throw new Error(`${where}: pattern ${i + 1} is not a valid regular expression: ${(e as Error).message}`);
    }
  });
}

const lex = (() => {
  const file = lexiconPath.pathname;
  const parsed = BoilerplateLexicon.safeParse(JSON.parse(readFileSync(lexiconPath, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const inline = parsed.data.inline.length ? new RegExp(parsed.data.inline.map((p) => `(?:${p})`).join('|'), 'gi') : null;
  compile(parsed.data.inline, file); // validates each pattern with its position
  const lines = compile(parsed.data.lines, file);
  // One alternation tests a line in one pass (anchored at the start when every pattern is). Alternation keeps each
  // pattern's meaning unless one refers to a group by number or name: then the patterns are tried one by one.
  const anchored = parsed.data.lines.every((p) => p.startsWith('^')) ? '^' : '';
  const refersToGroups = parsed.data.lines.some((p) => /\\[1-9]|\\k</.test(p));
  const anyLine = refersToGroups || !lines.length ? null : new RegExp(`${anchored}(?:${parsed.data.lines.map((p) => `(?:${p})`).join('|')})`, 'i');
  return { lines, anyLine, tail: compile(parsed.data.tailMarkers, file), inline };
})();

// Tail markers ("Comments", "Related articles") end the article only in its last part: earlier they are headings.
const TAIL_ZONE = 0.6;
// A line longer than this is prose, never furniture, whatever it starts with.
const MAX_BOILERPLATE_LINE = 400;

const TAG_RE = /<\/?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?\/?>/;

/** Remove inline HTML (`<a href>`, `<b>`, entities) from a text file's content; plain text passes unchanged. */
export function stripInlineHtml(text: string): string {
  if (!TAG_RE.test(text)) return text;
  return fragmentText(text);
}

export function isBoilerplateLine(line: string): boolean {
  const t = line
    .replace(/[\u200b-\u200f\u2060\ufeff]/g, '')
    .trim()
    .replace(/^[-•*·\s]+/, '');
  if (!t || t.length > MAX_BOILERPLATE_LINE) return false;
  return lex.anyLine ? lex.anyLine.test(t) : lex.lines.some((re) => re.test(t));
}

export interface CleanResult {
  text: string;
  droppedLines: number;
}

/** Drop boilerplate lines and trailing page furniture; normalise line endings and blank-line runs. */
export function cleanBody(raw: string): CleanResult {
  const unix = raw.replace(/\r\n?/g, '\n');
  const lines = (lex.inline ? unix.replace(lex.inline, '') : unix).split('\n');
  const total = lines.reduce((a, l) => a + l.length + 1, 0);
  const kept: string[] = [];
  let dropped = 0;
  let seen = 0;
  for (const line of lines) {
    const t = line.trim();
    if (t && seen / Math.max(total, 1) > TAIL_ZONE && lex.tail.some((re) => re.test(t))) {
      dropped += 1;
      break;
    }
    seen += line.length + 1;
    if (isBoilerplateLine(line)) {
      dropped++;
      continue;
    }
    kept.push(line.replace(/[ \t]+$/g, ''));
  }
  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, droppedLines: dropped };
}
