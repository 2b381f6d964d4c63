// `tapereader explain FILE|ID`: the record's text with every extraction and every tag's evidence marked, and the
// rule behind each mark — the answer to "why did tapereader say that?".
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { collectEvidence, type EvidenceKind } from '../evidence.js';
import type { ArticleRecord } from '../types.js';
import { UsageError, dbOption, withStore, type CommandContext } from './common.js';
import { EXIT, println } from './io.js';

export type MarkKind = EvidenceKind;

/** One piece of evidence (see src/evidence.ts), numbered in text order. */
export interface Mark {
  n: number;
  kind: MarkKind;
  start: number;
  end: number;
  text: string;
  /** what was extracted, in a few words ("AAPL (Apple Inc.)", "S&P 500 +1.2%", "narrow-rally: megacap (weight 1)") */
  label: string;
  rule: string;
}

export interface Explanation {
  id: string;
  title: string;
  breadth: { label: ArticleRecord['breadth']; why: string };
  tags: Array<{ tag: string; score: number; rule: string; marks: number[] }>;
  marks: Mark[];
}

/** Every span of a record as a numbered mark, in text order (ties: longer first, so enclosing marks open first). */
export function explainRecord(r: ArticleRecord): Explanation {
  const raw = [...collectEvidence(r).items].sort((a, b) => a.start - b.start || b.end - a.end);
  const marks: Mark[] = raw.map(({ kind, start, end, text, label, rule }, k) => ({ n: k + 1, kind, start, end, text, label, rule }));
  const tags = r.tags.map((t) => ({
    tag: t.tag,
    score: t.score,
    rule: t.rule,
    marks: raw.flatMap((m, k) => (m.kind === 'tag' && m.tag === t.tag ? [k + 1] : [])),
  }));
  const score = (tag: string) => r.tags.find((t) => t.tag === tag)?.score ?? 0;
  const why =
    r.breadth === 'none'
      ? 'no narrow-rally or broadening-rally evidence above threshold'
      : `narrow-rally ${score('narrow-rally').toFixed(2)}, broadening-rally ${score('broadening-rally').toFixed(2)}`;
  return { id: r.id, title: r.title, breadth: { label: r.breadth, why }, tags, marks };
}

/**
 * The text with marks inserted: `⟦` where a span opens and `⟧n` where it closes. Crossing spans stay unambiguous
 * because every close names its mark.
 */
export function markText(text: string, marks: Mark[]): string {
  const events: Array<{ at: number; s: string; order: number; key: number }> = [];
  for (const m of marks) {
    events.push({ at: m.start, s: '⟦', order: 1, key: -m.end }); // opens: the longer (enclosing) span first
    events.push({ at: m.end, s: `⟧${m.n}`, order: 0, key: -m.start }); // closes: the later-starting (inner) span first
  }
  // at one offset: closes before opens
  events.sort((a, b) => a.at - b.at || a.order - b.order || a.key - b.key);
  let out = '';
  let pos = 0;
  for (const e of events) {
    out += text.slice(pos, e.at) + e.s;
    pos = e.at;
  }
  return out + text.slice(pos);
}

export function printExplanation(r: ArticleRecord, x: Explanation, kinds: Set<MarkKind> | null, write: (s: string) => void): void {
  const shown = kinds ? x.marks.filter((m) => kinds.has(m.kind)) : x.marks;
  write(`${x.id}  ${x.title}`);
  write(`breadth: ${x.breadth.label} (${x.breadth.why})`);
  write('');
  write(`── text (${shown.length} mark(s): ⟦ opens, ⟧n closes mark n) ──`);
  write(markText(r.text, shown));
  write('');
  if (x.tags.length) {
    write('── tags ──');
    for (const t of x.tags) write(`${t.tag} ${t.score.toFixed(2)}  rule ${t.rule}  evidence: ${t.marks.map((n) => `#${n}`).join(' ')}`);
    write('');
  }
  write('── marks ──');
  const w = String(x.marks.length).length;
  for (const m of shown) write(`${String(m.n).padStart(w)}  ${m.kind.padEnd(7)} [${m.start},${m.end})  ${m.label}  — rule ${m.rule}  «${m.text.replace(/\s+/g, ' ')}»`);
}

const KINDS: MarkKind[] = ['ticker', 'index', 'level', 'move', 'money', 'quote', 'speaker', 'tag'];

export function register({ program, io, setExit }: CommandContext): void {
  dbOption(
    program
      .command('explain')
      .description('show why: the text with every tag\'s evidence and every extraction marked, with the rule that fired')
      .argument('<file-or-id>', 'an input file (analysed now, nothing stored) or a stored article id (or 6+ character prefix)')
      .addOption(new Option('--only <kinds>', `comma-separated mark kinds to show (${KINDS.join(', ')})`))
      .option('--json', 'the explanation as JSON (marks with offsets, labels and rules)'),
    io,
  ).action(async (target: string, o: { db: string; only?: string; json?: boolean }) => {
    let kinds: Set<MarkKind> | null = null;
    if (o.only) {
      const asked = o.only.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = asked.filter((k) => !KINDS.includes(k as MarkKind));
      if (bad.length) throw new UsageError(`--only: unknown kind(s) ${bad.join(', ')} (choose from ${KINDS.join(', ')})`);
      kinds = new Set(asked as MarkKind[]);
    }
    const records: ArticleRecord[] = [];
    const path = resolve(io.cwd, target);
    if (existsSync(path)) {
      const { analyzePaths } = await import('../pipeline.js');
      for await (const res of analyzePaths([path])) {
        if (res.error) throw new UsageError(res.error.message);
        records.push(...res.records);
      }
      if (!records.length) throw new UsageError(`${target}: no article found in it`);
    } else {
      if (!existsSync(resolve(io.cwd, o.db))) throw new UsageError(`${target}: not a file, and there is no database ${o.db} to look its id up in`);
      const r = withStore(io, o.db, (s) => s.get(target));
      if (!r) throw new UsageError(`${target}: not a file, and no article with that id in ${o.db}`);
      records.push(r);
    }
    records.forEach((r, k) => {
      const x = explainRecord(r);
      if (o.json) return println(io.stdout, JSON.stringify(kinds ? { ...x, marks: x.marks.filter((m) => kinds!.has(m.kind)) } : x));
      if (k) println(io.stdout, `\n${'═'.repeat(72)}\n`);
      printExplanation(r, x, kinds, (s) => println(io.stdout, s));
    });
    setExit(EXIT.ok);
  });
}
