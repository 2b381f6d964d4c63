// Every piece of evidence a record carries, as one flat list: the spans of tickers, indices, levels, moves, money,
// quotes (and their speakers) and tag evidence, each with the rule that produced it and a short label for people.
// Shared by `tapereader explain` and the web page's article view, so both show the same marks.
import type { ArticleRecord } from './types.js';

export type EvidenceKind = 'ticker' | 'index' | 'level' | 'move' | 'money' | 'quote' | 'speaker' | 'tag';

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  start: number;
  end: number;
  text: string;
  rule: string;
  /** what was extracted, for people: "S&P 500 +0.8%", "narrow-rally: <term> (weight 1.2)" */
  label: string;
  /** for tag evidence: the tag it supports */
  tag?: string;
}

const signed = (p: number) => `${p > 0 ? '+' : ''}${p}%`;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Every span of the record with its rule; spans that do not slice back to their text are returned apart. */
export function collectEvidence(r: ArticleRecord): { items: Evidence[]; invalid: Evidence[] } {
  const all: Omit<Evidence, 'id'>[] = [];
  const add = (kind: EvidenceKind, s: { start: number; end: number; text: string } | null | undefined, rule: string, label: string, tag?: string) => {
    if (s) all.push({ kind, start: s.start, end: s.end, text: s.text, rule, label, ...(tag ? { tag } : {}) });
  };
  for (const t of r.tickers ?? []) for (const m of t.mentions ?? []) add('ticker', m, m.rule, `${t.symbol} (${t.name})`);
  for (const i of r.indices ?? []) for (const m of i.mentions ?? []) add('index', m, m.rule, i.name);
  for (const l of r.levels ?? []) add('level', l.span, l.rule, `${l.index} ${l.value} (${l.kind})`);
  for (const m of r.moves ?? []) add('move', m.span, m.rule, `${m.symbol ?? m.subject} ${signed(m.percent)}${m.period ? ` ${m.period}` : ''}${m.realized ? '' : ' (not realized)'}`);
  for (const m of r.money ?? []) add('money', m.span, m.rule, `${m.currency} ${m.amount}${m.metric ? ` ${m.metric}` : ''}${m.subject ? ` (${m.subject})` : ''}`);
  for (const q of r.quotes ?? []) {
    const who = [q.speaker, q.title, q.organization].filter(Boolean).join(', ') || 'unattributed';
    add('quote', q.span, q.rule, `quote by ${who}`);
    add('speaker', q.speakerSpan, q.rule, `speaker ${who}`);
  }
  for (const t of r.tags ?? []) for (const e of t.evidence ?? []) add('tag', e, t.rule, `${t.tag}: ${cut(e.term, 160)} (weight ${e.weight})`, t.tag);
  const text = r.text;
  const items: Evidence[] = [];
  const invalid: Evidence[] = [];
  all.forEach((e, n) => {
    const ok = Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end > e.start && e.end <= text.length && text.slice(e.start, e.end) === e.text;
    (ok ? items : invalid).push({ ...e, id: `ev${n + 1}` });
  });
  return { items, invalid };
}

