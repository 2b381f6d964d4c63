// Server-rendered pages. Every value from the database goes through `html` (escaped); the only markup in a
// snippet is our own <mark>; links out are http(s) only, with rel="noopener noreferrer nofollow".
import { EXPORT_KINDS } from '../store/index.js';
import type { Digest } from '../cli/digest.js';
import type { ArticleRecord } from '../types.js';
import { lineChart } from './chart.js';
import { collectEvidence, highlightText, why, type Evidence } from './evidence.js';
import { externalLink, html, markedSnippet, selfUrl, trusted, type Html } from './html.js';
import { SERIES, type Bucket, type Granularity, type PageFilters, type PageHit } from './queries.js';

export const PER_PAGE = 20;
export const BREADTH_CHOICES = ['narrow', 'broadening', 'mixed', 'none'] as const;

type Nav = 'search' | 'narrative' | 'article' | 'error';

export function layout(title: string, nav: Nav, body: Html): string {
  const link = (href: string, label: string, here: boolean) => html`<a href="${href}" class="${here ? 'here' : ''}">${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · tapereader</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="/">tapereader</a><nav>${link('/', 'Search', nav === 'search')}${link('/narrative', 'Narratives', nav === 'narrative')}</nav></header>
<main>
${body}
</main>
<footer>tapereader · local page, nothing leaves this machine</footer>
</body>
</html>
`.value;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'undated');

export interface SearchState extends PageFilters {
  q?: string | undefined;
  page: number;
}

/** The query-string parameters of a search state (what the URL holds). */
export function stateParams(s: SearchState, over: Partial<Record<string, string | number | undefined>> = {}): Record<string, string | number | undefined> {
  return { q: s.q, tag: s.tag, ticker: s.ticker, breadth: s.breadth, source: s.source, since: s.since, until: s.until, page: s.page > 1 ? s.page : undefined, ...over };
}

function option(value: string, label: string, selected: boolean): Html {
  return html`<option value="${value}"${selected ? trusted(' selected') : ''}>${label}</option>`;
}

export function searchPage(
  s: SearchState,
  result: { total: number; hits: PageHit[] },
  choices: { tags: Array<{ k: string; n: number }>; sources: Array<{ k: string; n: number }>; tickers: Array<{ k: string; n: number }> },
  articles: number,
): string {
  const form = html`<form class="search" method="get" action="/" role="search" autocomplete="off">
  <label class="q">Search<input type="search" name="q" value="${s.q ?? ''}" placeholder="words or phrases: S&amp;P 500, rate cut, $NVDA" autofocus></label>
  <div class="actions"><button type="submit">Search</button><a class="button plain" href="/">Clear</a></div>
  <label>Tag<select name="tag">${option('', 'any', !s.tag)}${choices.tags.map((t) => option(t.k, `${t.k} (${t.n})`, s.tag === t.k))}</select></label>
  <label>Ticker<input name="ticker" value="${s.ticker ?? ''}" list="tickers" placeholder="NVDA"></label>
  <label>Breadth<select name="breadth">${option('', 'any', !s.breadth)}${BREADTH_CHOICES.map((b) => option(b, b, s.breadth === b))}</select></label>
  <label>Source<select name="source">${option('', 'any', !s.source)}${choices.sources.map((x) => option(x.k, `${x.k} (${x.n})`, s.source === x.k))}${
    s.source && !choices.sources.some((x) => x.k === s.source) ? option(s.source, s.source, true) : ''
  }</select></label>
  <label>From<input type="date" name="since" value="${s.since?.slice(0, 10) ?? ''}"></label>
  <label>To<input type="date" name="until" value="${s.until?.slice(0, 10) ?? ''}"></label>
  <datalist id="tickers">${choices.tickers.map((t) => html`<option value="${t.k}">${t.n} article(s)</option>`)}</datalist>
</form>`;
  const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
  const from = result.total ? (s.page - 1) * PER_PAGE + 1 : 0;
  const to = Math.min(result.total, s.page * PER_PAGE);
  const filterLink = (over: Record<string, string>) => selfUrl('/', stateParams(s, { ...over, page: undefined }));
  const exportParams = { q: s.q, tag: s.tag, ticker: s.ticker, breadth: s.breadth, source: s.source, since: s.since, until: s.until };
  const downloads = html`<span class="downloads">CSV:${EXPORT_KINDS.map((k) => html`<a href="${selfUrl('/export.csv', { kind: k, ...exportParams })}" data-kind="${k}" download>${k}</a>`)}</span>`;
  const items = result.hits.map(
    (h) => html`<li class="hit" data-id="${h.id}">
  <div class="title"><a href="/article/${encodeURIComponent(h.id)}">${h.title || '(untitled)'}</a></div>
  <div class="meta">${day(h.publishedAt)} · <a href="${filterLink({ source: h.source })}" class="source">${h.source}</a>${h.url ? html` · ${externalLink(h.url, 'original')}` : ''}${
    h.breadth !== 'none' ? html` · <a class="chip breadth-${h.breadth}" href="${filterLink({ breadth: h.breadth })}">${h.breadth}</a>` : ''
  }${h.storySize > 1 ? html` · <a class="story-size" href="/article/${encodeURIComponent(h.id)}#story">${h.storySize} reports of this story</a>` : ''}</div>
  <p class="snippet">${markedSnippet(h.snippet)}</p>
  <div>${h.tags.map((t) => html`<a class="chip tag" href="${filterLink({ tag: t })}">${t}</a>`)}${h.tickers.map((t) => html`<a class="chip ticker" href="${filterLink({ ticker: t })}">${t}</a>`)}</div>
</li>`,
  );
  const nav =
    pages > 1
      ? html`<nav class="pages">${s.page > 1 ? html`<a rel="prev" href="${selfUrl('/', stateParams(s, { page: s.page - 1 }))}">← previous</a>` : ''}<span>page ${s.page} of ${pages}</span>${
          s.page < pages ? html`<a rel="next" href="${selfUrl('/', stateParams(s, { page: s.page + 1 }))}">next →</a>` : ''
        }</nav>`
      : '';
  const body = html`${form}
<div class="summary-line"><span class="count">${result.total ? html`<strong>${result.total}</strong> result(s), ${from}–${to}` : 'No matches'}${trusted(' ')}<span class="muted small">of ${articles} stored article(s)</span></span>${downloads}</div>
<ol class="results">${items}</ol>
${nav}`;
  return layout(s.q ? `“${s.q}”` : 'Search', 'search', body);
}

function dataTable(headers: Array<string | [string, 'num']>, rows: unknown[][]): Html {
  if (!rows.length) return html`<p class="muted small">none</p>`;
  const th = headers.map((h) => (Array.isArray(h) ? html`<th class="num">${h[0]}</th>` : html`<th>${h}</th>`));
  const num = headers.map((h) => Array.isArray(h));
  return html`<table class="data"><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (num[i] ? html`<td class="num">${c}</td>` : html`<td>${c}</td>`))}</tr>`)}</tbody></table>`;
}

const spanCell = (s: { start: number; end: number } | null | undefined) => (s ? html`<code>[${s.start}, ${s.end})</code>` : '');

export function articlePage(r: ArticleRecord, story: Array<{ id: string; title: string; publishedAt: string | null; source: string }>): string {
  const { items, invalid } = collectEvidence(r);
  const source = r.source?.feed ?? r.source?.uri ?? '';
  const kinds: Array<[Evidence['kind'], string]> = [
    ['move', 'move'],
    ['level', 'level'],
    ['money', 'money'],
    ['speaker', 'speaker'],
    ['quote', 'quote'],
    ['ticker', 'ticker'],
    ['index', 'index'],
    ['tag', 'tag evidence'],
  ];
  const legend = html`<div class="legend">${kinds.map(([k, l]) => html`<span class="k-${k}">${l}</span>`)}</div>`;
  const evRows = items.map(
    (e) => html`<tr id="${e.id}" data-why="${why(e)}"><td>${e.kind}</td><td><code>${e.rule}</code></td><td>${e.label}</td><td>“${e.text}”</td><td>${spanCell(e)}</td></tr>`,
  );
  const q = (v: string | null) => v ?? html`<span class="muted">—</span>`;
  const body = html`<h1>${r.title || '(untitled)'}</h1>
<p class="meta muted">${day(r.publishedAt)} · ${source}${r.url ? html` · ${externalLink(r.url, 'original article')}` : ''} · breadth <span class="chip breadth-${r.breadth}">${r.breadth}</span> · <code>${r.id}</code></p>
<p>${(r.tags ?? []).map((t) => html`<a class="chip tag" href="${selfUrl('/', { tag: t.tag })}" title="${t.rule}">${t.tag} ${t.score.toFixed(2)}</a>`)}${(r.tickers ?? []).map(
    (t) => html`<a class="chip ticker" href="${selfUrl('/', { ticker: t.symbol })}" title="${t.name}">${t.symbol}</a>`,
  )}</p>
${r.summary?.length ? html`<h2>Summary</h2><ul class="summary">${r.summary.map((s) => html`<li>${s}</li>`)}</ul>` : ''}
<div class="article-layout">
<div>
<h2>Text</h2>
${invalid.length ? html`<p class="notice">${invalid.length} evidence span(s) do not match the text and are listed below without highlighting.</p>` : ''}
<div class="text" id="text">${highlightText(r.text, items)}</div>
<h2>Levels</h2>
${dataTable(['index', ['value', 'num'], 'kind', 'evidence', 'rule'], (r.levels ?? []).map((l) => [l.index, l.value, l.kind, l.span?.text, html`<code>${l.rule}</code>`]))}
<h2>Moves</h2>
${dataTable(
  ['subject', 'symbol', ['percent', 'num'], 'period', 'realized', 'evidence', 'rule'],
  (r.moves ?? []).map((m) => [m.subject, m.symbol ?? '', `${m.percent > 0 ? '+' : ''}${m.percent}%`, m.period ?? '', m.realized ? 'yes' : 'no', m.span?.text, html`<code>${m.rule}</code>`]),
)}
<h2>Money</h2>
${dataTable(['currency', ['amount', 'num'], 'metric', 'subject', 'evidence', 'rule'], (r.money ?? []).map((m) => [m.currency, m.amount.toLocaleString('en-US'), m.metric ?? '', m.subject ?? '', m.span?.text, html`<code>${m.rule}</code>`]))}
<h2>Quotes</h2>
${dataTable(['quote', 'speaker', 'title', 'organization', 'rule'], (r.quotes ?? []).map((x) => [html`“${x.text}”`, q(x.speaker), q(x.title), q(x.organization), html`<code>${x.rule}</code>`]))}
<h2>Tags</h2>
${dataTable(['tag', ['score', 'num'], 'rule', ['evidence', 'num']], (r.tags ?? []).map((t) => [t.tag, t.score.toFixed(3), html`<code>${t.rule}</code>`, t.evidence?.length ?? 0]))}
<h2>Evidence</h2>
<table class="data evidence"><thead><tr><th>kind</th><th>rule</th><th>what</th><th>text</th><th>span</th></tr></thead><tbody>${evRows}</tbody></table>
${invalid.length ? html`<h2>Evidence that does not match the text</h2>${dataTable(['kind', 'rule', 'what', 'claimed text', 'span'], invalid.map((e) => [e.kind, e.rule, e.label, e.text, spanCell(e)]))}` : ''}
</div>
<aside class="side">
<section><h2>Why?</h2><p class="muted small">Hover highlighted text to see the rules; click it to list them here.</p><ol id="why"></ol></section>
<section><h2>Highlights</h2>${legend}<p class="muted small">${items.length} evidence span(s). A darker underline marks text covered by several.</p></section>
<section class="story" id="story"><h2>Story</h2>${
    r.story
      ? html`<p class="small">Cluster <code>${r.story.id}</code>, ${r.story.size} article(s), first seen ${day(r.story.firstSeen)}.</p>${
          story.length ? html`<ul class="small">${story.map((m) => html`<li><a href="/article/${encodeURIComponent(m.id)}">${m.title || '(untitled)'}</a> <span class="muted">${day(m.publishedAt)} · ${m.source}</span></li>`)}</ul>` : html`<p class="muted small">No other report of this story is stored.</p>`
        }`
      : html`<p class="muted small">No story cluster recorded for this article.</p>`
  }</section>
<section><h2>Tickers</h2>${dataTable(['symbol', 'name', ['mentions', 'num']], (r.tickers ?? []).map((t) => [t.symbol, t.name, t.mentions?.length ?? 0]))}</section>
</aside>
</div>`;
  return layout(r.title || r.id, 'article', body);
}

export interface NarrativeState {
  since?: string | undefined;
  until?: string | undefined;
  by: Granularity;
}

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

export function narrativePage(s: NarrativeState, buckets: Bucket[], d: Digest): string {
  const form = html`<form class="range" method="get" action="/narrative" autocomplete="off">
  <label>From<input type="date" name="since" value="${s.since?.slice(0, 10) ?? ''}"></label>
  <label>To<input type="date" name="until" value="${s.until?.slice(0, 10) ?? ''}"></label>
  <label>By<select name="by">${option('week', 'week', s.by === 'week')}${option('day', 'day', s.by === 'day')}</select></label>
  <button type="submit">Show</button>
</form>`;
  const series = SERIES.map((x, i) => ({
    label: x.label,
    cls: `s${i}`,
    points: buckets.map((b) => ({
      day: b.start,
      share: b.articles ? b.counts[i]! / b.articles : 0,
      title: `${x.label}, ${s.by === 'week' ? `week of ${b.start}` : b.start}: ${b.counts[i]} of ${b.articles} article(s) (${pct(b.articles ? b.counts[i]! / b.articles : 0)})`,
      href: selfUrl('/', { tag: x.tag, since: b.start, until: b.end }),
    })),
  }));
  const breadthChart = lineChart(series.slice(0, 2), buckets.map((b) => b.start), 'Share of articles tagged narrow rally and broadening rally');
  const rateChart = lineChart(series.slice(2), buckets.map((b) => b.start), 'Share of articles tagged rate-cut expectations');
  const key = (from: number, to: number) => html`<div class="key">${SERIES.slice(from, to).map((x, i) => html`<span><i class="s${from + i}"></i>${x.label}</span>`)}</div>`;
  const range = { since: s.since, until: s.until };
  const rows = buckets.map((b) => [
    html`<a href="${selfUrl('/', { since: b.start, until: b.end })}">${s.by === 'week' ? `${b.start} – ${b.end}` : b.start}</a>`,
    b.articles,
    ...SERIES.map((x, i) => html`<a href="${selfUrl('/', { tag: x.tag, since: b.start, until: b.end })}">${b.counts[i]} (${pct(b.articles ? b.counts[i]! / b.articles : 0)})</a>`),
  ]);
  const body = html`<h1>Narratives over time</h1>
${form}
<p class="muted small">${d.articles} article(s) in range, ${buckets.length} ${s.by}(s) with articles. Each point is the share of that ${s.by}'s articles carrying the narrative; click it for the articles.</p>
<h2>Narrow vs broadening rally</h2>
${key(0, 2)}
${breadthChart}
<h2>Rate-cut expectations</h2>
${key(2, 3)}
${rateChart}
<h2>By ${s.by}</h2>
${dataTable([s.by, ['articles', 'num'], ...SERIES.map((x) => [x.label, 'num'] as [string, 'num'])], rows)}
<div class="two">
<div><h2>Top movers</h2>
${dataTable(
  ['subject', ['moves', 'num'], ['avg move', 'num']],
  d.movers.map((m) => [html`<a href="${selfUrl('/', m.symbol ? { ticker: m.symbol, ...range } : { q: m.subject, ...range })}">${m.symbol ?? m.subject}</a>`, m.mentions, `${m.avgPercent > 0 ? '+' : ''}${m.avgPercent}%`]),
)}</div>
<div><h2>Most-quoted people</h2>
${dataTable(
  ['speaker', 'organization', ['quotes', 'num']],
  d.quoted.map((x) => [html`<a href="${selfUrl('/', { q: x.speaker, ...range })}">${x.speaker}</a>`, x.organization ?? '', x.quotes]),
)}</div>
</div>
<h2>All narratives in range</h2>
${dataTable(['narrative', ['articles', 'num'], ['share', 'num']], d.tags.map((t) => [html`<a href="${selfUrl('/', { tag: t.tag, ...range })}">${t.tag}</a>`, t.articles, pct(t.share)]))}`;
  return layout('Narratives', 'narrative', body);
}

export function errorPage(status: number, message: string): string {
  const title = status === 404 ? 'Not found' : status >= 500 ? 'Server error' : 'Bad request';
  return layout(title, 'error', html`<h1>${title}</h1><p class="notice">${message}</p><p><a href="/">Back to search</a></p>`);
}
