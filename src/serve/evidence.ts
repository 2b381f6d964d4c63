// The article text with the evidence of every extraction and tag highlighted. Spans are UTF-16 offsets into
// record.text (JavaScript string indices). Overlapping spans are split at every boundary: each piece of text
// becomes one <mark> listing every span that covers it, so marks never interleave and nothing is dropped.
import type { ArticleRecord } from '../types.js';
import { esc, Html } from './html.js';

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
}

// Which colour a piece of text gets when several kinds cover it: figures first, then quotes, entities, tags.
const PRIORITY: EvidenceKind[] = ['move', 'level', 'money', 'speaker', 'ticker', 'index', 'quote', 'tag'];

const signed = (p: number) => `${p > 0 ? '+' : ''}${p}%`;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Every span of the record with its rule; spans that do not slice back to their text are returned apart. */
export function collectEvidence(r: ArticleRecord): { items: Evidence[]; invalid: Evidence[] } {
  const all: Omit<Evidence, 'id'>[] = [];
  const add = (kind: EvidenceKind, s: { start: number; end: number; text: string } | null | undefined, rule: string, label: string) => {
    if (s) all.push({ kind, start: s.start, end: s.end, text: s.text, rule, label });
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
  for (const t of r.tags ?? []) for (const e of t.evidence ?? []) add('tag', e, t.rule, `${t.tag}: ${cut(e.term, 160)} (weight ${e.weight})`);
  const text = r.text;
  const items: Evidence[] = [];
  const invalid: Evidence[] = [];
  all.forEach((e, n) => {
    const ok = Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end > e.start && e.end <= text.length && text.slice(e.start, e.end) === e.text;
    (ok ? items : invalid).push({ ...e, id: `ev${n + 1}` });
  });
  return { items, invalid };
}

/** The one-line explanation shown on hover and in the side panel. */
export function why(e: Evidence): string {
  return `${e.rule} — ${e.label} — “${cut(e.text, 120)}” [${e.start}, ${e.end})`;
}

/**
 * The text as HTML: every piece covered by evidence in a <mark> whose classes name the kinds, whose title lists
 * the rules (hover) and whose data-ev lists the evidence ids (click: the local script shows them).
 */
export function highlightText(text: string, items: Evidence[]): Html {
  const cuts = new Set<number>([0, text.length]);
  for (const e of items) {
    cuts.add(e.start);
    cuts.add(e.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // sweep: spans sorted by start; active set updated at each boundary
  const byStart = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const active: Evidence[] = [];
  let next = 0;
  let out = '';
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    for (let k = active.length - 1; k >= 0; k--) if (active[k]!.end <= from) active.splice(k, 1);
    while (next < byStart.length && byStart[next]!.start <= from) {
      if (byStart[next]!.end > from) active.push(byStart[next]!);
      next++;
    }
    const piece = esc(text.slice(from, to));
    if (!active.length) {
      out += piece;
      continue;
    }
    const kinds = [...new Set(active.map((e) => e.kind))].sort((a, b) => PRIORITY.indexOf(a) - PRIORITY.indexOf(b));
    const cls = `ev k-${kinds[0]}${active.length > 1 ? ' multi' : ''}`;
    out += `<mark class="${cls}" data-ev="${esc(active.map((e) => e.id).join(' '))}" title="${esc(active.map(why).join('\n'))}" tabindex="0">${piece}</mark>`;
  }
  return new Html(out);
}
