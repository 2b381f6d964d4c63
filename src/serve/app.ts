// The local web page: fastify on 127.0.0.1 only. Every response, pages, CSV, static files, 404s and errors,
// carries the same security headers; a request whose Host is not ours is refused (DNS rebinding); no CORS
// headers are ever sent; only GET and HEAD exist.
import { PassThrough } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { digest } from '../cli/digest.js';
import { EXPORT_KINDS, type ExportKind, type Store } from '../store/index.js';
import { writeCsv } from '../store/csv.js';
import { CSS, JS } from './assets.js';
import { articlePage, BREADTH_CHOICES, errorPage, narrativePage, PER_PAGE, searchPage, type SearchState } from './pages.js';
import { bucketsOf, filterChoices, pageExportRows, searchPage as runSearch, storyMembers, type Granularity, type PageFilters } from './queries.js';

export const DEFAULT_PORT = 8787;
export const HOST = '127.0.0.1';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** A bad query parameter: answered 400 with a message naming it. */
class BadParam extends Error {}

const IsoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'expected a date like 2026-01-31');

type Query = Record<string, string | string[] | undefined>;

/** One value of a query parameter ('' and absent are the same: not set). */
function one(q: Query, name: string): string | undefined {
  const v = q[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s;
}

function date(q: Query, name: string): string | undefined {
  const v = one(q, name);
  if (v === undefined) return undefined;
  const r = IsoDate.safeParse(v.trim());
  if (!r.success) throw new BadParam(`${name}: ${r.error.issues[0]!.message} (got ${JSON.stringify(v)})`);
  return r.data;
}

function choice<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined {
  const v = one(q, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new BadParam(`${name}: expected one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

function filters(q: Query): PageFilters & { q?: string | undefined } {
  const text = one(q, 'q');
  return {
    q: text === undefined ? undefined : text.slice(0, 1000),
    tag: one(q, 'tag'),
    ticker: one(q, 'ticker')?.trim(),
    breadth: choice(q, 'breadth', BREADTH_CHOICES),
    source: one(q, 'source'),
    since: date(q, 'since'),
    until: date(q, 'until'),
  };
}

function pageNumber(q: Query): number {
  const v = one(q, 'page');
  if (v === undefined) return 1;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new BadParam(`page: expected a whole number from 1 (got ${JSON.stringify(v)})`);
  return Number(v);
}

export interface ServeOptions {
  /** the port the server listens on: the Host allow-list is 127.0.0.1:port and localhost:port */
  port: number;
}

/** The app, not yet listening (tests use fastify.inject). `store` stays open for the app's life; the caller closes it. */
export function buildApp(store: Store, opts: ServeOptions): FastifyInstance {
  let allowed = hostsFor(opts.port);
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1024,
    // errors met before routing (a malformed URL such as /%): the same page and headers as any other error
    frameworkErrors: (err, req, res) => {
      const reply = res as unknown as FastifyReply;
      secure(reply);
      if (!allowed.has((req.headers.host ?? '').toLowerCase())) return reply.code(421).type('text/plain; charset=utf-8').send('wrong Host\n');
      return reply.code(400).type('text/html; charset=utf-8').send(errorPage(400, `Malformed request: ${err.message}`));
    },
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowed.has(host)) {
      reply.code(421).type('text/plain; charset=utf-8').send(`tapereader serves ${[...allowed][0]} only (got Host ${JSON.stringify(req.headers.host ?? '')})\n`);
      return reply;
    }
    return undefined;
  });
  // on every response, whatever produced it (route, 404, error handler, Host refusal)
  app.addHook('onSend', async (_req, reply, payload) => {
    secure(reply);
    return payload;
  });

  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

  app.setNotFoundHandler((req, reply) => page(reply, 404, errorPage(404, `Nothing at ${req.url.slice(0, 200)}`)));
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    if (err instanceof BadParam) return page(reply, 400, errorPage(400, err.message));
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    return page(reply, status, errorPage(status, status === 500 ? 'Something went wrong reading the database; the server log has the details.' : err.message));
  });

  app.get('/static/app.css', async (_req, reply) => reply.header('cache-control', 'max-age=300').type('text/css; charset=utf-8').send(CSS));
  app.get('/static/app.js', async (_req, reply) => reply.header('cache-control', 'max-age=300').type('text/javascript; charset=utf-8').send(JS));
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());

  app.get('/', async (req, reply) => {
    const q = req.query as Query;
    const f = filters(q);
    const state: SearchState = { ...f, page: pageNumber(q) };
    const result = runSearch(store, f.q, f, state.page, PER_PAGE);
    const articles = (store.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    return page(reply, 200, searchPage(state, result, filterChoices(store), articles));
  });

  app.get('/article/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[0-9a-f]{6,64}$/i.test(id)) return page(reply, 404, errorPage(404, `No article with id ${JSON.stringify(id.slice(0, 80))}`));
    const r = store.get(id.toLowerCase());
    if (!r) return page(reply, 404, errorPage(404, `No article with id ${JSON.stringify(id)}`));
    const members = r.story ? storyMembers(store, r.story.id, r.id) : [];
    return page(reply, 200, articlePage(r, members));
  });

  app.get('/narrative', async (req, reply) => {
    const q = req.query as Query;
    const since = date(q, 'since');
    const until = date(q, 'until');
    const by: Granularity = choice(q, 'by', ['day', 'week'] as const) ?? 'week';
    const d = digest(store, { since, until, by });
    return page(reply, 200, narrativePage({ since, until, by }, bucketsOf(d), d));
  });

  app.get('/export.csv', async (req, reply) => {
    const q = req.query as Query;
    const kind: ExportKind = choice(q, 'kind', EXPORT_KINDS) ?? 'articles';
    const f = filters(q);
    // All rows are read before the response starts: a database error is still an error page, and the one
    // connection is not left busy in an open statement while the client reads slowly (better-sqlite3 cannot run
    // another query on a connection whose iterator is open).
    const rows = [...pageExportRows(store, kind, f, f.q)];
    const out = new PassThrough();
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="tapereader-${kind}.csv"`);
    void writeCsv(rows, out).then(
      () => out.end(),
      (e: unknown) => out.destroy(e as Error),
    );
    return reply.send(out);
  });

  return Object.assign(app, {
    /** after listen on port 0: allow the port actually bound */
    allowPort(port: number) {
      allowed = hostsFor(port);
    },
  });
}

function secure(reply: FastifyReply): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

function hostsFor(port: number): Set<string> {
  return new Set([`${HOST}:${port}`, `localhost:${port}`]);
}

export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listen on 127.0.0.1 (never another interface). Port 0 picks a free port. */
export async function startServer(store: Store, port: number): Promise<Running> {
  const app = buildApp(store, { port }) as FastifyInstance & { allowPort(p: number): void };
  await app.listen({ host: HOST, port });
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  app.allowPort(bound);
  return { url: `http://${HOST}:${bound}/`, port: bound, close: () => app.close() };
}
