// The page's only way to produce HTML: a tagged template that escapes every interpolated value unless it is
// already Html (built by this module). Article content and metadata are never concatenated into markup by hand.

/** A piece of markup built by this module: the only value `html` inserts without escaping. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text for an element body or a double-quoted attribute value. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

/** Markup we wrote ourselves (constant strings, never data). */
export const trusted = (s: string): Html => new Html(s);

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  return esc(v);
}

/** `html\`<p>${text}</p>\``: values are escaped; Html values and arrays of them are inserted as they are. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** The URL when it is an absolute http(s) URL, else null (javascript:, data:, vbscript:, relative, malformed). */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

/** A link out of the page: only http(s), never with an opener or a referrer; anything else is shown as text. */
export function externalLink(url: string | null | undefined, label: unknown): Html {
  const href = safeHttpUrl(url);
  if (!href) return html`<span class="badlink">${label}</span>`;
  return html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${label}</a>`;
}

/** A link to one of our own pages: `path` is ours, every query value is URL-encoded (and then HTML-escaped). */
export function selfUrl(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// Snippet markers: control characters the full-text index never puts in an article's text. A text that does hold
// them gets no highlighting (see queries.ts), so content cannot forge a <mark>.
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

/** A snippet with MARK_OPEN/MARK_CLOSE around the matched terms: the text escaped, the terms in our own <mark>. */
export function markedSnippet(snippet: string): Html {
  let out = '';
  let open = false;
  for (const part of snippet.split(/([\u0002\u0003])/)) {
    if (part === MARK_OPEN) {
      if (!open) out += '<mark>';
      open = true;
    } else if (part === MARK_CLOSE) {
      if (open) out += '</mark>';
      open = false;
    } else out += esc(part);
  }
  if (open) out += '</mark>';
  return new Html(out);
}
