// Server-rendered SVG line chart of narrative shares: x is time (a bucket's first day), y the share of that
// bucket's articles carrying the narrative. Every point is a link to the articles behind it.
import { html, type Html } from './html.js';

export interface ChartSeries {
  label: string;
  /** CSS class giving the colour: s0, s1, s2 */
  cls: string;
  points: Array<{ day: string; share: number; title: string; href: string }>;
}

const W = 760;
const H = 260;
const PAD = { left: 46, right: 16, top: 14, bottom: 34 };
const NUDGE = 6;
const LABEL_GAP = 84;

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const round = (n: number) => Math.round(n * 10) / 10;

export function lineChart(series: ChartSeries[], days: string[], caption: string): Html {
  const t0 = days.length ? ms(days[0]!) : 0;
  const t1 = days.length ? ms(days[days.length - 1]!) : 0;
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (day: string) => round(PAD.left + (t1 > t0 ? ((ms(day) - t0) / (t1 - t0)) * iw : iw / 2));
  const y = (share: number) => round(PAD.top + (1 - share) * ih);
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (g) => html`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(g)}" y2="${y(g)}"></line><text class="axis" x="${PAD.left - 6}" y="${y(g) + 4}" text-anchor="end">${Math.round(g * 100)}%</text>`,
  );
  // date labels left to right, each at least LABEL_GAP px from the one before; the first anchored at its start,
  // the last at its end, so none is cut by the edge
  const labels: Html[] = [];
  let last = -Infinity;
  days.forEach((d, i) => {
    const at = x(d);
    const final = i === days.length - 1 && days.length > 1;
    if (at - last < LABEL_GAP && !final) return;
    if (final && at - last < LABEL_GAP) labels.pop();
    const anchor = i === 0 && days.length > 1 ? 'start' : final ? 'end' : 'middle';
    labels.push(html`<text class="axis" x="${at}" y="${H - PAD.bottom + 18}" text-anchor="${anchor}">${d}</text>`);
    last = at;
  });
  // series are nudged apart horizontally so equal values (two narratives at 100% in a one-article week) stay
  // two points that can each be clicked
  const lines = series.map((s, k) => {
    const dx = (k - (series.length - 1) / 2) * NUDGE;
    const path = s.points.map((p) => `${round(x(p.day) + dx)},${y(p.share)}`).join(' ');
    const dots = s.points.map(
      (p) => html`<a href="${p.href}" class="point" data-series="${s.label}" data-day="${p.day}"><circle class="pt ${s.cls}" cx="${round(x(p.day) + dx)}" cy="${y(p.share)}" r="4.5"><title>${p.title}</title></circle></a>`,
    );
    return html`<g class="line" data-series="${s.label}">${s.points.length > 1 ? html`<polyline class="series ${s.cls}" points="${path}"></polyline>` : ''}${dots}</g>`;
  });
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${caption}" xmlns="http://www.w3.org/2000/svg">${grid}${labels}${lines}</svg></figure>`;
}
