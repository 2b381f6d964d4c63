import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { parsePattern } from './pattern.js';
import { NarrativeSchema, type Narrative } from './schema.js';

/** One problem in a lexicon file; line and column are 1-based. */
export interface LexiconError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface CheckResult {
  ok: boolean;
  errors: LexiconError[];
}

/** Thrown by loadNarratives when any file is invalid; `errors` lists every problem found. */
export class LexiconLoadError extends Error {
  constructor(readonly errors: LexiconError[]) {
    super(`invalid narrative lexicon:\n${errors.map(formatLexiconError).join('\n')}`);
    this.name = 'LexiconLoadError';
  }
}

export const formatLexiconError = (e: LexiconError): string => `${e.file}:${e.line}:${e.column}: ${e.message}`;

/**
 * The package's own narratives folder. The URL is resolved against this module: src/tag/load.ts and
 * dist/tag/load.js are both two levels below the package root, so the same relative URL works from either.
 */
export const DEFAULT_NARRATIVES_DIR = fileURLToPath(new URL('../../lexicons/narratives/', import.meta.url));

const FILE_RE = /\.ya?ml$/i;

/** Parse and validate one narrative file's text. `file` is only used in messages and for the file-name check. */
export function parseNarrative(text: string, file: string): { narrative?: Narrative; errors: LexiconError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): LexiconError => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, column: col, message };
  };
  if (doc.errors.length) return { errors: doc.errors.map((e) => at(e.pos[0], e.message.split('\n')[0]!)) };

  const data: unknown = doc.toJS();
  const parsed = NarrativeSchema.safeParse(data ?? {});
  const errors: LexiconError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) errors.push(at(keyOffset(doc, path, key), `unknown key '${key}'${where(path)}`));
      } else {
        errors.push(at(nodeOffset(doc, path), `${issue.message}${where(path)}`));
      }
    }
    return { errors: sortErrors(errors) };
  }
  const narrative: Narrative = { ...parsed.data, file };

  const expected = `${narrative.tag}.yml`;
  const name = basename(file);
  if (FILE_RE.test(name) && name.replace(/\.yaml$/i, '.yml') !== expected) {
    errors.push(at(nodeOffset(doc, ['tag']), `tag '${narrative.tag}' does not match the file name (expected ${expected})`));
  }
  // every pattern string must compile; report the column inside the pattern when the scalar is on one line
  const check = (path: (string | number)[], source: string) => {
    const r = parsePattern(source);
    if (r.ok) return;
    errors.push(at(nodeOffset(doc, path) + innerOffset(doc, path, text, source, r.error.index), `bad pattern '${source}': ${r.error.message}`));
  };
  narrative.terms.forEach((t, i) => {
    check(['terms', i, 'pattern'], t.pattern);
    t.requires?.forEach((p, j) => check(['terms', i, 'requires', j], p));
    t.unless?.forEach((p, j) => check(['terms', i, 'unless', j], p));
  });
  for (const key of ['requires', 'unless', 'negations', 'hedges', 'excludes'] as const) narrative[key].forEach((p, j) => check([key, j], p));
  const seen = new Map<string, number>();
  narrative.terms.forEach((t, i) => {
    const prev = seen.get(t.pattern);
    if (prev !== undefined) errors.push(at(nodeOffset(doc, ['terms', i, 'pattern']), `duplicate term '${t.pattern}' (also terms[${prev}])`));
    else seen.set(t.pattern, i);
  });
  return errors.length ? { errors: sortErrors(errors) } : { narrative, errors: [] };
}

/** Validate one file (for `tapereader lexicon check`). Never throws. */
export function checkNarrativeFile(path: string): CheckResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, errors: [{ file: path, line: 1, column: 1, message: `cannot read file: ${(e as Error).message}` }] };
  }
  const { errors } = parseNarrative(text, path);
  return { ok: errors.length === 0, errors };
}

/**
 * Load every *.yml / *.yaml narrative in `dir` (sorted by tag). Throws LexiconLoadError listing every problem in
 * every file, including a tag defined twice. A new file in the folder is a new narrative: no code change needed.
 */
export function loadNarratives(dir: string = DEFAULT_NARRATIVES_DIR): Narrative[] {
  const files = readdirSync(dir)
    .filter((f) => FILE_RE.test(f))
    .sort();
  const out: Narrative[] = [];
  const errors: LexiconError[] = [];
  const byTag = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    const { narrative, errors: errs } = parseNarrative(readFileSync(path, 'utf8'), path);
    errors.push(...errs);
    if (!narrative) continue;
    const other = byTag.get(narrative.tag);
    if (other) {
      errors.push({ file: path, line: 1, column: 1, message: `tag '${narrative.tag}' is already defined in ${other}` });
      continue;
    }
    byTag.set(narrative.tag, path);
    out.push(narrative);
  }
  if (errors.length) throw new LexiconLoadError(errors);
  return out.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

let defaults: Narrative[] | undefined;

/** The package's narratives, loaded once per process (the array is shared: treat it as read-only). */
export function defaultNarratives(): Narrative[] {
  defaults ??= loadNarratives();
  return defaults;
}

// ---- locating YAML nodes --------------------------------------------------------------------------------------

const where = (path: (string | number)[]): string => (path.length ? ` (at ${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')})` : '');

/** Offset of the deepest existing node on `path` (so a missing key points at its parent map). */
function nodeOffset(doc: Document, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return node.range[0];
    if (n === 0 && doc.contents?.range) return doc.contents.range[0];
  }
  return 0;
}

/** Offset of the key `key` in the map at `path` (for unknown keys). */
function keyOffset(doc: Document, path: (string | number)[], key: string): number {
  const map = path.length ? doc.getIn(path, true) : doc.contents;
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return pair.key.range[0];
    }
  }
  return nodeOffset(doc, path);
}

/** Column offset of character `index` of a single-line scalar's value inside its source (0 when unknown). */
function innerOffset(doc: Document, path: (string | number)[], text: string, value: string, index: number): number {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range || isSeq(node)) return 0;
  const raw = text.slice(node.range[0], node.range[1]);
  if (raw === value) return index;
  if ((raw.startsWith('"') || raw.startsWith("'")) && raw.slice(1, -1) === value) return index + 1;
  return 0;
}

export type { Narrative } from './schema.js';

function sortErrors(errors: LexiconError[]): LexiconError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}
