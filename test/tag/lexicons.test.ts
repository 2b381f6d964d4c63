// Every narrative file carries its own examples; they run here, one test per example, for every file in the folder
// (a new file's examples run without touching this test).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segment } from '../../src/segment/index.js';
import { checkNarrativeFile, DEFAULT_NARRATIVES_DIR, defaultNarratives, formatLexiconError, tagDoc } from '../../src/tag/index.js';
import { TAGS } from '../../src/types.js';

const files = readdirSync(DEFAULT_NARRATIVES_DIR)
  .filter((f) => /\.ya?ml$/i.test(f))
  .sort();

const tagsOf = (text: string) => tagDoc(segment(text)).tags;

describe('the package narratives', () => {
  it('include the eight core tags, each from its own file', () => {
    const tags = defaultNarratives().map((n) => n.tag);
    for (const t of TAGS) expect(tags).toContain(t);
    expect(files.length).toBe(tags.length);
  });
});

for (const file of files) {
  const path = join(DEFAULT_NARRATIVES_DIR, file);
  describe(`lexicons/narratives/${file}`, () => {
    it('is valid', () => {
      const r = checkNarrativeFile(path);
      expect(r.errors.map(formatLexiconError)).toEqual([]);
      expect(r.ok).toBe(true);
    });

    const narrative = defaultNarratives().find((n) => n.file === path);
    if (!narrative) return;
    it('has examples of both kinds', () => {
      expect(narrative.examples.match.length).toBeGreaterThan(0);
      expect(narrative.examples.noMatch.length).toBeGreaterThan(0);
    });
    for (const text of narrative.examples.match) {
      it(`tags: ${text}`, () => {
        const tag = tagsOf(text).find((t) => t.tag === narrative.tag);
        expect(tag, `expected ${narrative.tag}`).toBeDefined();
        expect(tag!.rule).toBe(`narratives/${narrative.tag}@${narrative.version}`);
        expect(tag!.evidence.length).toBeGreaterThan(0);
      });
    }
    for (const text of narrative.examples.noMatch) {
      it(`does not tag: ${text}`, () => {
        const tag = tagsOf(text).find((t) => t.tag === narrative.tag);
        expect(tag, `unexpected ${narrative.tag}: ${JSON.stringify(tag?.evidence)}`).toBeUndefined();
      });
    }
  });
}
