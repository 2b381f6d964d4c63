// Loopback HTTP servers and feed documents for the feed tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../helpers.js';

export interface Item {
  guid?: string;
  link?: string;
  title: string;
  text: string;
  date?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document; item text goes in content:encoded as paragraphs. */
export function rss(title: string, items: Item[]): string {
  const body = items
    .map(
      (it) => `    <item>
      <title>${esc(it.title)}</title>
${it.link ? `      <link>${esc(it.link)}</link>\n` : ''}${it.guid ? `      <guid isPermaLink="false">${esc(it.guid)}</guid>\n` : ''}      <pubDate>${it.date ?? 'Mon, 02 Mar 2026 14:00:00 GMT'}</pubDate>
      <content:encoded><![CDATA[${it.text
        .split(/\n\n/)
        .map((p) => `<p>${p}</p>`)
        .join('')}]]></content:encoded>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${esc(title)}</title>
    <link>https://example.com/</link>
    <description>test feed</description>
${body}
  </channel>
</rss>
`;
}

export interface Served {
  status?: number;
  body: string;
  type?: string;
  headers?: Record<string, string>;
  /** answer 304 when the request's If-None-Match equals this ETag */
  etag?: string;
  /** answer after this many milliseconds */
  delayMs?: number;
}

export interface RequestLog {
  path: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  status: number;
}

/** A server on 127.0.0.1 whose routes the test changes at will; every request is logged with its validators. */
export async function startServer(): Promise<{ base: string; routes: Map<string, Served | ((req: IncomingMessage) => Served)>; log: RequestLog[]; close: () => Promise<void> }> {
  const routes = new Map<string, Served | ((req: IncomingMessage) => Served)>();
  const log: RequestLog[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes.get(path);
    const s: Served = route ? (typeof route === 'function' ? route(req) : route) : { status: 404, body: 'not found', type: 'text/plain' };
    const inm = (req.headers['if-none-match'] as string | undefined) ?? null;
    const ims = (req.headers['if-modified-since'] as string | undefined) ?? null;
    let status = s.status ?? 200;
    if (s.etag && inm === s.etag) status = 304;
    log.push({ path, ifNoneMatch: inm, ifModifiedSince: ims, status });
    const headers: Record<string, string> = { 'content-type': s.type ?? 'application/rss+xml; charset=utf-8', ...(s.etag ? { etag: s.etag } : {}), ...(s.headers ?? {}) };
    const answer = () => {
      res.writeHead(status, headers);
      res.end(status === 304 ? undefined : s.body);
    };
    if (s.delayMs) setTimeout(answer, s.delayMs);
    else answer();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    routes,
    log,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** Distinct market stories, each long enough for a story fingerprint (STORY_MIN_WORDS). */
export const STORIES = [
  [
    'Shares of Northwind Semiconductor rose 3.2% on Tuesday after the chipmaker reported quarterly revenue of $4.1 billion, ahead of analyst estimates, and raised its full-year outlook for data-center sales.',
    '"Demand from cloud customers is still running ahead of our supply," chief executive Dana Whitfield told analysts on a conference call, adding that new capacity would come online in the second half of the year.',
    'The results lifted the broader technology sector, and the Nasdaq Composite gained 1.1% by midday.',
  ],
  [
    'Oil prices fell for a third straight session on Wednesday as OPEC members signalled they would raise output in the spring, and Brent crude slipped 2.4% to $71.30 a barrel.',
    'Traders said the prospect of more supply outweighed a larger-than-expected draw in U.S. inventories reported by the Energy Information Administration late on Tuesday.',
    'Energy stocks were the worst performers in the S&P 500, with refiners and drillers down more than 3% as a group.',
  ],
  [
    'Treasury yields dropped after a report showed consumer prices rose less than forecast in February, strengthening bets that the Federal Reserve will cut interest rates at its June meeting.',
    'The two-year yield, which tracks policy expectations, fell 12 basis points to 4.31%, its lowest level in three months, while futures markets priced a roughly 70% chance of a quarter-point cut.',
    '"Inflation is finally cooperating," said Priya Raman, chief economist at Lakeshore Capital, who expects two cuts before the end of the year.',
  ],
  [
    'Small-cap stocks outperformed on Thursday as the Russell 2000 climbed 2.1% to its highest close since November, extending a rally that has broadened beyond the largest technology companies.',
    'Regional banks and industrial companies led the advance, and the equal-weight S&P 500 beat its cap-weighted counterpart for a fifth session in a row.',
    'Strategists said falling borrowing costs tend to help smaller companies, which carry more floating-rate debt than their larger peers.',
  ],
];

export const story = (i: number): string => STORIES[i]!.join('\n\n');
