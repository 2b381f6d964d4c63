// The page's only stylesheet and script, served from the package itself (/static/...): no CDN, works offline.
// They live in TypeScript so the build ships them in dist/ without a copy step. The CSP allows scripts and styles
// from 'self' only, so nothing here may rely on inline script or style attributes.

export const CSS = `
:root { --fg: #1d232b; --muted: #5d6773; --line: #d9dee4; --bg: #ffffff; --panel: #f5f7f9; --accent: #1f5fa8;
  --move: #ffe08a; --level: #c7e7ff; --money: #d6f5c9; --quote: #efe3ff; --speaker: #ffd1dc; --ticker: #ffe8cc; --index: #d8f0ee; --tag: #fff3b8;
  --narrow: #c2410c; --broadening: #15803d; --ratecut: #1d4ed8; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); font-size: 15px; line-height: 1.5; }
body { margin: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
header.top { display: flex; align-items: baseline; gap: 1.5rem; padding: .6rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.top .brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); }
header.top nav a { margin-right: 1rem; }
header.top nav a.here { font-weight: 600; color: var(--fg); }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: .6rem 0 .4rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
.muted { color: var(--muted); }
.small { font-size: .87rem; }
form.search { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: .5rem .75rem; padding: .8rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
form.search .q { grid-column: 1 / span 5; }
form.search label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); gap: .15rem; }
form.search input, form.search select { font: inherit; padding: .3rem .4rem; border: 1px solid #b9c1ca; border-radius: 4px; background: #fff; color: var(--fg); min-width: 0; }
form.search .q input { font-size: 1.05rem; }
form.search .actions { display: flex; gap: .5rem; align-items: flex-end; }
button, .button { font: inherit; padding: .35rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
a.button.plain, button.plain { background: #fff; color: var(--accent); }
.summary-line { margin: .9rem 0 .3rem; display: flex; justify-content: space-between; flex-wrap: wrap; gap: .5rem; }
.downloads a { margin-left: .35rem; font-size: .85rem; border: 1px solid var(--line); padding: .1rem .45rem; border-radius: 4px; background: var(--panel); }
ol.results { list-style: none; padding: 0; margin: 0; }
ol.results li { padding: .75rem 0; border-bottom: 1px solid var(--line); }
ol.results .title { font-size: 1.08rem; font-weight: 600; }
ol.results .meta { font-size: .85rem; color: var(--muted); margin: .1rem 0 .25rem; }
ol.results .snippet { margin: 0; }
mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
.chip { display: inline-block; font-size: .78rem; padding: 0 .45rem; border-radius: 9px; background: #e8edf3; margin: 0 .25rem .15rem 0; white-space: nowrap; }
.chip.tag { background: #fff3b8; }
.chip.ticker { background: #ffe8cc; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.chip.breadth-narrow { background: #fde2d3; } .chip.breadth-broadening { background: #d7f2df; } .chip.breadth-mixed { background: #e6e0f5; }
nav.pages { margin: 1rem 0; display: flex; gap: 1rem; align-items: center; }
.notice { padding: .6rem .8rem; border-radius: 5px; background: #fff4e5; border: 1px solid #f3c98b; margin: .8rem 0; }
.article-layout { display: grid; grid-template-columns: minmax(0, 1fr) 19rem; gap: 1.5rem; align-items: start; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "DejaVu Serif", serif; font-size: 1.02rem; line-height: 1.65; padding: 1rem 1.2rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
mark.ev { cursor: pointer; border-bottom: 2px solid rgba(0,0,0,.18); }
mark.ev.multi { border-bottom: 2px solid rgba(0,0,0,.55); }
mark.ev.on { outline: 2px solid var(--accent); }
.k-move { background: var(--move); } .k-level { background: var(--level); } .k-money { background: var(--money); } .k-quote { background: var(--quote); }
.k-speaker { background: var(--speaker); } .k-ticker { background: var(--ticker); } .k-index { background: var(--index); } .k-tag { background: var(--tag); }
aside.side { position: sticky; top: 1rem; font-size: .88rem; }
aside.side section { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin-bottom: 1rem; background: var(--panel); }
aside.side h2 { margin: 0 0 .4rem; font-size: .95rem; }
#why { margin: 0; padding-left: 1.1rem; overflow-wrap: anywhere; }
#why li { margin-bottom: .4rem; }
.legend span { display: inline-block; padding: 0 .35rem; margin: 0 .2rem .25rem 0; border-radius: 3px; font-size: .8rem; }
table.data { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .3rem 0 1rem; }
table.data th, table.data td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
table.data th { background: var(--panel); font-weight: 600; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data tr.on td { background: #e6f0fb; }
table.data code, .rule { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; color: #374151; }
ul.summary { margin: .3rem 0 0; padding-left: 1.2rem; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: .5rem; background: #fff; }
.chart svg { display: block; width: 100%; height: auto; }
.chart .grid { stroke: #e5e7eb; stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 11px; }
.chart .series { fill: none; stroke-width: 2; }
.chart .pt { stroke: #fff; stroke-width: 1.5; }
.chart a:hover .pt, .chart a:focus .pt { stroke: #111; stroke-width: 2; }
.s0 { stroke: var(--narrow); } .pt.s0, .sw.s0 { fill: var(--narrow); }
.s1 { stroke: var(--broadening); } .pt.s1, .sw.s1 { fill: var(--broadening); }
.s2 { stroke: var(--ratecut); } .pt.s2, .sw.s2 { fill: var(--ratecut); }
.key { display: flex; gap: 1.2rem; font-size: .88rem; margin: .3rem 0; }
.key i { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; margin-right: .35rem; vertical-align: -1px; }
.key i.s0 { background: var(--narrow); } .key i.s1 { background: var(--broadening); } .key i.s2 { background: var(--ratecut); }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
form.range { display: flex; gap: .75rem; align-items: flex-end; flex-wrap: wrap; padding: .6rem .8rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
form.range label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
form.range input, form.range select { font: inherit; padding: .25rem .4rem; border: 1px solid #b9c1ca; border-radius: 4px; }
.badlink { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .8rem; text-align: center; padding: 1rem; }
@media (max-width: 900px) { .article-layout, .two { grid-template-columns: 1fr; } form.search { grid-template-columns: 1fr 1fr; } form.search .q { grid-column: 1 / span 2; } }
`;

/**
 * Click (or Enter) on highlighted evidence: list its rules in the side panel and mark its rows in the evidence
 * table. Only textContent is written: the text comes from our own escaped data-why attributes.
 */
export const JS = `
(function () {
  'use strict';
  function show(mark) {
    var panel = document.getElementById('why');
    if (!panel) return;
    var ids = (mark.getAttribute('data-ev') || '').split(' ');
    document.querySelectorAll('.on').forEach(function (el) { el.classList.remove('on'); });
    mark.classList.add('on');
    panel.textContent = '';
    ids.forEach(function (id) {
      var row = document.getElementById(id);
      if (!row) return;
      row.classList.add('on');
      var li = document.createElement('li');
      li.textContent = row.getAttribute('data-why') || '';
      panel.appendChild(li);
    });
  }
  document.addEventListener('click', function (e) {
    var t = e.target;
    var mark = t && t.closest ? t.closest('mark[data-ev]') : null;
    if (mark) show(mark);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') return;
    var t = e.target;
    if (t && t.matches && t.matches('mark[data-ev]')) show(t);
  });
})();
`;
