// The article text with the evidence of every extraction and tag highlighted. Spans are UTF-16 offsets into
// record.text (JavaScript string indices). Overlapping spans are split at every boundary: each piece of text
// becomes one <mark> listing every span that covers it, so marks never interleave and nothing is dropped.
import { collectEvidence, type Evidence, type EvidenceKind } from '../evidence.js';
import { esc, Html } from './html.js';

export { collectEvidence, type Evidence, type EvidenceKind };

// Which colour a piece of text gets when several kinds cover it: figures first, then quotes, entities, tags.
const PRIORITY: EvidenceKind[] = ['move', 'level', 'money', 'speaker', 'ticker', 'index', 'quote', 'tag'];

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

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
