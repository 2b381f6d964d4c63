import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { checkNarrativeFile, DEFAULT_NARRATIVES_DIR, LexiconLoadError, loadNarratives, tagDoc } from '../../src/tag/index.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tapereader-narratives-'));
const write = (dir: string, name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const VALID = `tag: meme-stocks
version: 2
description: Retail traders pile into heavily shorted stocks.
threshold: 0.5
terms:
  - pattern: meme (stock|stocks|shares|rally)
    weight: 1.2
  - pattern: short squeeze*
    weight: 0.8
negations: [not, "n't"]
examples:
  match: [Meme stocks soared again as retail traders returned.]
  noMatch: [The company does not comment on its stock.]
`;

describe('loadNarratives', () => {
  it('defaults to the package folder, resolved from the module (src/tag and dist/tag are both two levels down)', () => {
    const root = resolve(fileURLToPath(new URL('../../', import.meta.url)));
    expect(resolve(DEFAULT_NARRATIVES_DIR)).toBe(join(root, 'lexicons', 'narratives'));
    expect(loadNarratives().length).toBeGreaterThanOrEqual(8);
  });

  it('picks up a new narrative file without code changes, and tags with it', () => {
    const dir = tempDir();
    write(dir, 'meme-stocks.yml', VALID);
    write(dir, 'notes.txt', 'not a lexicon');
    const narratives = loadNarratives(dir);
    expect(narratives.map((n) => n.tag)).toEqual(['meme-stocks']);
    const r = tagDoc(segment('Meme stocks rallied, and a short squeeze lifted the shares.'), undefined, narratives);
    expect(r.tags.map((t) => [t.tag, t.rule])).toEqual([['meme-stocks', 'narratives/meme-stocks@2']]);
    expect(r.breadth).toBe('none');
  });

  it('throws one LexiconLoadError listing every problem, with file:line:column', () => {
    const dir = tempDir();
    write(dir, 'meme-stocks.yml', VALID);
    write(dir, 'other.yml', VALID.replace('tag: meme-stocks', 'tag: other').replace('threshold: 0.5', 'treshold: 0.5'));
    let error: unknown;
    try {
      loadNarratives(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LexiconLoadError);
    const errors = (error as LexiconLoadError).errors;
    // the misspelt key is unknown, and the real one is missing (reported at the document start)
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 1],
      [4, 1],
    ]);
    expect((error as Error).message).toContain(`${join(dir, 'other.yml')}:4:1: unknown key 'treshold'`);
  });

  it('rejects a tag defined twice', () => {
    const dir = tempDir();
    write(dir, 'meme-stocks.yml', VALID);
    write(dir, 'meme-stocks.yaml', VALID);
    expect(() => loadNarratives(dir)).toThrow(/already defined/);
  });
});

describe('checkNarrativeFile', () => {
  it('accepts a valid file', () => {
    const path = write(tempDir(), 'meme-stocks.yml', VALID);
    expect(checkNarrativeFile(path)).toEqual({ ok: true, errors: [] });
  });

  it('locates a YAML syntax error', () => {
    const broken = VALID.replace('  - pattern: short squeeze*', '  - pattern: [short squeeze*');
    const path = write(tempDir(), 'meme-stocks.yml', broken);
    const r = checkNarrativeFile(path);
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.file).toBe(path);
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(8);
    expect(r.errors[0]!.column).toBeGreaterThan(0);
  });

  it('points an unknown key at the key itself, even in a nested term', () => {
    const text = VALID.replace('    weight: 0.8', '    weight: 0.8\n    wieght: 1');
    const r = checkNarrativeFile(write(tempDir(), 'meme-stocks.yml', text));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 10, column: 5 });
    expect(r.errors[0]!.message).toContain("unknown key 'wieght'");
    expect(r.errors[0]!.message).toContain('terms[1]');
  });

  it('reports a wrong value where it is', () => {
    const r = checkNarrativeFile(write(tempDir(), 'meme-stocks.yml', VALID.replace('threshold: 0.5', 'threshold: 1.5')));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 4, column: 12 });
  });

  it('reports a missing key at the document', () => {
    const r = checkNarrativeFile(write(tempDir(), 'meme-stocks.yml', VALID.replace(/^description:.*\n/m, '')));
    expect(r.errors[0]!.message).toContain('description');
    expect(r.errors[0]!.line).toBe(1);
  });

  it('points a pattern syntax error at its column', () => {
    const r = checkNarrativeFile(write(tempDir(), 'meme-stocks.yml', VALID.replace('short squeeze*', 'short (squeeze*')));
    expect(r.errors).toHaveLength(1);
    // "  - pattern: short (squeeze*": the '(' is at column 20
    expect(r.errors[0]).toMatchObject({ line: 8, column: 20 });
    expect(r.errors[0]!.message).toContain("unclosed '('");
  });

  it('checks negations, hedges, excludes and requires too', () => {
    const r = checkNarrativeFile(write(tempDir(), 'meme-stocks.yml', VALID.replace('negations: [not, "n\'t"]', 'negations: [not, "..3"]')));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(10);
  });

  it('requires the file name to match the tag', () => {
    const r = checkNarrativeFile(write(tempDir(), 'memes.yml', VALID));
    expect(r.errors[0]).toMatchObject({ line: 1, column: 6 });
    expect(r.errors[0]!.message).toContain('meme-stocks.yml');
  });

  it('never throws on an unreadable path', () => {
    const r = checkNarrativeFile(join(tempDir(), 'missing.yml'));
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.message).toContain('cannot read');
  });

  it('validates the package files', () => {
    const path = join(DEFAULT_NARRATIVES_DIR, 'record-high.yml');
    expect(readFileSync(path, 'utf8')).toContain('tag: record-high');
    expect(checkNarrativeFile(path).ok).toBe(true);
  });
});
