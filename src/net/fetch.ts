import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { Socket } from 'node:net';
import { Transform, Writable } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { isIpLiteral, privateAddressReason } from './address.js';
import { decodeBody } from './charset.js';
import type { CharsetSource } from './charset.js';
import { FetchError } from './errors.js';
import type { FetchPhase } from './errors.js';
import { parseRetryAfter } from './retry.js';

/**
 * tapereader's HTTP client for feeds and article pages (node:http/https + node:zlib, no client library).
 *
 * - Deadlines: connect (DNS + TCP + TLS, per hop), headers (request sent to response headers, per hop) and total
 *   (the whole call, redirects and body included). The error code and `phase` say which one fired.
 * - A cap on DECODED body bytes, counted while streaming through gunzip/inflate/brotli: a gzip bomb or an endless
 *   chunked stream stops at the cap, and at most about the cap is ever held in memory. Raw (wire) bytes are capped
 *   too, and a Content-Length above the cap is refused before reading.
 * - Redirects: at most `maxRedirects` hops; each Location is resolved against the current URL and re-checked
 *   (http/https only, private targets, https -> http refused); a URL seen twice in one chain is a loop.
 * - Private targets: a literal IP host is judged before connecting; a name is judged on the addresses the resolver
 *   returned, inside the socket's `lookup`, so the address checked is the address connected to (no DNS-rebinding
 *   gap); the connected socket's remote address is checked once more.
 * - Conditional GET (If-None-Match / If-Modified-Since); 304 gives a `not-modified` result.
 * - 429/503 Retry-After (seconds or HTTP date, capped) travels on the FetchError for HostScheduler.
 * Every socket is closed when the call settles (one connection per request, no keep-alive pool).
 */

export interface FetchOptions {
  /** Conditional GET validators from the last poll. */
  etag?: string | null;
  lastModified?: string | null;
  /** Default false: refuse private/loopback/link-local/unspecified/multicast targets. */
  allowPrivate?: boolean;
  /** Private IP addresses allowed although allowPrivate is false (exact addresses, e.g. one LAN feed server). */
  allowAddresses?: readonly string[];
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Cap on DECODED body bytes (default 10 MiB). */
  maxBytes?: number;
  maxRedirects?: number;
  accept?: string;
  signal?: AbortSignal;
  userAgent?: string;
  /** Extra trusted CA certificates for https (a private CA, or a test server's self-signed certificate). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Resolver used for host names (default dns.lookup); results are still checked for private addresses. */
  lookup?: typeof dns.lookup;
  /** Clock for Retry-After HTTP dates (default Date.now). */
  now?: () => number;
}

export type FetchResult =
  | {
      status: 'ok';
      url: string;
      finalUrl: string;
      httpStatus: number;
      contentType: string | null;
      /** The encoding the body was decoded with. */
      charset: string | null;
      /** Where that encoding came from (BOM, header, XML declaration, meta tag, sniffing, default). */
      charsetSource: CharsetSource;
      body: string;
      /** Decoded (decompressed) body bytes before charset decoding. */
      bytes: number;
      etag: string | null;
      lastModified: string | null;
      /** Each Location followed, in order (finalUrl is the last one, or url when there was no redirect). */
      redirects: string[];
    }
  | { status: 'not-modified'; url: string; finalUrl: string; etag: string | null; lastModified: string | null; redirects: string[] };

export const DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  totalTimeoutMs: 60_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, ' +
  'application/json;q=0.8, text/html;q=0.7, */*;q=0.5';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const USER_AGENT = `tapereader/${packageVersion()} (+https://github.com/tapereader/tapereader)`;

const PHASE_DOING: Record<FetchPhase, string> = {
  url: 'checking the URL',
  dns: 'resolving the host',
  connect: 'connecting',
  headers: 'waiting for response headers',
  body: 'reading the body',
  redirect: 'following a redirect',
  schedule: 'waiting for the host',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface Resolved {
  etag: string | null;
  lastModified: string | null;
  /** Why fetching from this IP address is refused, or null when it is allowed. */
  refusal: (address: string) => string | null;
  allowPrivate: boolean;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  accept: string;
  userAgent: string;
  ca: FetchOptions['ca'];
  lookup: typeof dns.lookup;
  now: () => number;
}

function positive(v: number | undefined, d: number, name: string): number {
  if (v === undefined) return d;
  if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new RangeError(`fetchResource: ${name} must be a positive number, got ${String(v)}`);
  return v;
}

function resolveOptions(o: FetchOptions): Resolved {
  const maxRedirects = o.maxRedirects ?? DEFAULTS.maxRedirects;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new RangeError(`fetchResource: maxRedirects must be a non-negative integer, got ${maxRedirects}`);
  const allowPrivate = o.allowPrivate ?? false;
  const allowed = new Set((o.allowAddresses ?? []).map((a) => a.replace(/^\[|\]$/g, '').toLowerCase()));
  return {
    refusal: (address) => (allowPrivate || allowed.has(address.replace(/^\[|\]$/g, '').toLowerCase()) ? null : privateAddressReason(address)),
    etag: o.etag ?? null,
    lastModified: o.lastModified ?? null,
    allowPrivate,
    connectTimeoutMs: positive(o.connectTimeoutMs, DEFAULTS.connectTimeoutMs, 'connectTimeoutMs'),
    headersTimeoutMs: positive(o.headersTimeoutMs, DEFAULTS.headersTimeoutMs, 'headersTimeoutMs'),
    totalTimeoutMs: positive(o.totalTimeoutMs, DEFAULTS.totalTimeoutMs, 'totalTimeoutMs'),
    maxBytes: positive(o.maxBytes, DEFAULTS.maxBytes, 'maxBytes'),
    maxRedirects,
    accept: o.accept ?? DEFAULT_ACCEPT,
    userAgent: o.userAgent ?? USER_AGENT,
    ca: o.ca,
    lookup: o.lookup ?? dns.lookup,
    now: o.now ?? Date.now,
  };
}

/** Parse and check one URL of a chain (the original, or a redirect target resolved against `base`). */
function checkTarget(raw: string, base: string | undefined, forUrl: string, o: Resolved, phase: FetchPhase): URL {
  let u: URL;
  try {
    u = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    throw new FetchError('bad-url', forUrl, base === undefined ? `not a valid URL: ${JSON.stringify(raw)}` : `redirect to an invalid Location: ${JSON.stringify(raw)}`, { phase });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    const what = base === undefined ? 'only http and https URLs can be fetched' : 'redirect to a non-http(s) URL refused';
    throw new FetchError('unsupported-protocol', forUrl, `${what} (${u.protocol.replace(/:$/, '')}: ${base === undefined ? 'given' : u.href.slice(0, 200)})`, { phase });
  }
  if (!u.hostname) throw new FetchError('bad-url', forUrl, 'URL has no host', { phase });
  if (u.username || u.password) u.username = u.password = ''; // credentials in a feed URL would be sent in clear to every hop
  if (isIpLiteral(u.hostname)) {
    const why = o.refusal(u.hostname);
    if (why) throw privateError(forUrl, u.hostname, why, phase);
  }
  u.hash = '';
  return u;
}

function privateError(url: string, address: string, why: string, phase: FetchPhase): FetchError {
  return new FetchError('private-address', url, `refused to fetch from ${address}: ${why} (allow local feeds explicitly to fetch it)`, { phase });
}

/** dns.lookup wrapper that refuses private addresses; the socket connects only to addresses that passed. */
function guardedLookup(base: typeof dns.lookup, url: string, refusal: Resolved['refusal']): typeof dns.lookup {
  const guarded = (hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = (Array.isArray(addresses) ? addresses : [{ address: addresses as unknown as string, family: 4 }]) as LookupAddress[];
      for (const a of list) {
        const why = refusal(a.address);
        if (why) return callback(privateError(url, `${hostname} (${a.address})`, why, 'dns') as unknown as NodeJS.ErrnoException, '', 0);
      }
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return guarded as unknown as typeof dns.lookup;
}

function mapError(e: unknown, url: string, phase: FetchPhase): FetchError {
  if (e instanceof FetchError) return e;
  const errs = e instanceof AggregateError ? e.errors : [e];
  const first = errs.find((x) => x instanceof FetchError);
  if (first) return first as FetchError;
  const err = errs[0] as NodeJS.ErrnoException & { reason?: string };
  const code = err?.code ?? '';
  const msg = err?.message ?? String(e);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL' || code === 'ENODATA')
    return new FetchError('dns', url, `cannot resolve host (${code})`, { phase: 'dns', cause: e });
  if (typeof err?.errno === 'number' && /^Z_/.test(code)) return new FetchError('decode', url, `cannot decompress the body: ${msg}`, { phase, cause: e });
  return new FetchError('network', url, `${phase === 'body' ? 'connection failed while reading the body' : 'connection failed'}: ${code ? code + ' ' : ''}${msg}`, { phase, cause: e });
}

function header(res: http.IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

interface Hop {
  req: http.ClientRequest;
  res: http.IncomingMessage;
}

/** Send one GET and wait for the response headers under the connect and headers deadlines. */
function requestOnce(target: URL, url: string, o: Resolved, signal: AbortSignal, state: { phase: FetchPhase }): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const isHttps = target.protocol === 'https:';
    const headers: Record<string, string> = {
      'user-agent': o.userAgent,
      accept: o.accept,
      'accept-encoding': 'gzip, deflate, br',
      connection: 'close',
    };
    if (o.etag) headers['if-none-match'] = o.etag;
    if (o.lastModified) headers['if-modified-since'] = o.lastModified;
    const hostname = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    let settled = false;
    state.phase = isIpLiteral(target.hostname) ? 'connect' : 'dns';
    let connectTimer: NodeJS.Timeout | undefined;
    let headersTimer: NodeJS.Timeout | undefined;
    const clear = (): void => {
      clearTimeout(connectTimer);
      clearTimeout(headersTimer);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: FetchError): void => {
      if (settled) return;
      settled = true;
      clear();
      req.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(signal.reason instanceof FetchError ? signal.reason : new FetchError('aborted', url, 'aborted', { phase: state.phase }));
    const options: https.RequestOptions = {
      protocol: target.protocol,
      hostname,
      port: target.port || (isHttps ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers,
      agent: false,
      lookup: o.allowPrivate ? o.lookup : guardedLookup(o.lookup, url, o.refusal),
      servername: isIpLiteral(target.hostname) ? undefined : hostname,
    };
    if (isHttps && o.ca !== undefined) options.ca = o.ca;
    const req = (isHttps ? https : http).request(options);
    req.on('error', (e) => fail(mapError(e, url, state.phase)));
    connectTimer = setTimeout(
      () => fail(new FetchError('connect-timeout', url, `no connection within ${o.connectTimeoutMs} ms (${state.phase === 'dns' ? 'resolving the host' : isHttps ? 'TCP/TLS handshake' : 'TCP connect'})`, { phase: 'connect' })),
      o.connectTimeoutMs,
    );
    req.on('socket', (socket: Socket) => {
      socket.once('lookup', () => {
        state.phase = 'connect';
      });
      socket.once('connect', () => {
        // the resolver's answers were checked; check the address actually connected to as well
        const remote = socket.remoteAddress;
        const why = remote ? o.refusal(remote) : null;
        if (why) fail(privateError(url, remote!, why, 'connect'));
      });
      socket.once(isHttps ? 'secureConnect' : 'connect', () => {
        if (settled) return;
        clearTimeout(connectTimer);
        state.phase = 'headers';
        headersTimer = setTimeout(
          () => fail(new FetchError('headers-timeout', url, `no response headers within ${o.headersTimeoutMs} ms of connecting`, { phase: 'headers' })),
          o.headersTimeoutMs,
        );
      });
    });
    req.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      clear();
      res.on('error', () => {}); // errors surface through the body pipeline or are irrelevant after destroy
      resolve({ req, res });
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** Counts wire bytes and fails past `cap`. */
class WireCounter extends Transform {
  bytes = 0;
  constructor(
    private readonly cap: number,
    private readonly url: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.cap) return cb(new FetchError('too-large', this.url, `body exceeds ${this.cap} bytes on the wire`, { phase: 'body' }));
    cb(null, chunk);
  }
}

/** `Content-Encoding: deflate` is zlib-wrapped by the spec but raw deflate on some servers: pick by the first byte pair. */
class AutoInflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;
  private head: Buffer = Buffer.alloc(0);
  private start(): void {
    const b = this.head;
    const zlibWrapped = b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0;
    const inner = zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    inner.on('data', (d: Buffer) => this.push(d));
    inner.on('error', (e) => this.destroy(e));
    this.inner = inner;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.inner) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 2) return cb();
      this.start();
      chunk = this.head;
      this.head = Buffer.alloc(0);
    }
    this.inner!.write(chunk, () => cb());
  }
  override _flush(cb: TransformCallback): void {
    if (!this.inner) {
      if (this.head.length === 0) return cb();
      this.start();
      this.inner!.write(this.head);
    }
    const inner = this.inner!;
    inner.once('end', () => cb());
    inner.end();
  }
  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.inner?.destroy();
    cb(err);
  }
}

/** Collects decoded bytes, failing as soon as they pass the cap (nothing past the cap is kept). */
class Collector extends Writable {
  chunks: Buffer[] = [];
  bytes = 0;
  constructor(
    private readonly cap: number,
    private readonly url: string,
  ) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.bytes += chunk.length;
    if (this.bytes > this.cap) {
      this.chunks = [];
      return cb(new FetchError('too-large', this.url, `decoded body exceeds ${this.cap} bytes`, { phase: 'body' }));
    }
    // A chunk is often a slice of a larger socket read buffer; keeping the slice would keep the whole buffer.
    this.chunks.push(chunk.buffer.byteLength > chunk.length + 4096 ? Buffer.from(chunk) : chunk);
    cb();
  }
}

function decoders(res: http.IncomingMessage, url: string): Transform[] {
  const raw = header(res, 'content-encoding');
  if (!raw) return [];
  const codings = raw
    .toLowerCase()
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'identity');
  if (codings.length > 2) throw new FetchError('decode', url, `too many content codings: ${raw}`, { phase: 'body' });
  // Codings are listed in the order applied, so undo them from the last.
  return codings.reverse().map((c) => {
    const opts = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (c === 'gzip' || c === 'x-gzip') return zlib.createGunzip(opts);
    if (c === 'deflate') return new AutoInflate();
    if (c === 'br') return zlib.createBrotliDecompress();
    throw new FetchError('decode', url, `unsupported content encoding: ${c}`, { phase: 'body' });
  });
}

async function readBody(hop: Hop, url: string, o: Resolved, signal: AbortSignal): Promise<{ buf: Buffer; bytes: number }> {
  const { res } = hop;
  const wireCap = Math.ceil(o.maxBytes * 1.01) + 65536; // incompressible data grows a little when "compressed"
  const length = Number(header(res, 'content-length') ?? NaN);
  if (Number.isFinite(length) && length > wireCap)
    throw new FetchError('too-large', url, `Content-Length ${length} exceeds the ${o.maxBytes}-byte cap`, { phase: 'headers' });
  const stages = decoders(res, url);
  const collector = new Collector(o.maxBytes, url);
  try {
    await pipeline([res, new WireCounter(wireCap, url), ...stages, collector], { signal });
  } catch (e) {
    if (signal.aborted) throw signal.reason instanceof FetchError ? signal.reason : new FetchError('aborted', url, 'aborted', { phase: 'body' });
    throw mapError(e, url, 'body');
  }
  if (!res.complete) throw new FetchError('network', url, 'connection closed before the body was complete', { phase: 'body' });
  const { chunks } = collector;
  return { buf: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), bytes: collector.bytes };
}

/** Fetch `url` with tapereader's deadlines, caps and address checks. Rejects with FetchError (RangeError for bad options). */
export async function fetchResource(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const o = resolveOptions(opts);
  let current = checkTarget(url, undefined, url, o, 'url');
  const controller = new AbortController();
  const { signal } = controller;
  const state: { phase: FetchPhase } = { phase: 'url' };
  const totalTimer = setTimeout(
    () => controller.abort(new FetchError('total-timeout', url, `not finished within ${o.totalTimeoutMs} ms (total deadline, while ${PHASE_DOING[state.phase]})`, { phase: state.phase })),
    o.totalTimeoutMs,
  );
  const onUserAbort = (): void => controller.abort(new FetchError('aborted', url, 'aborted by the caller', { phase: state.phase }));
  if (opts.signal?.aborted) onUserAbort();
  opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  const redirects: string[] = [];
  const seen = new Set<string>([current.href]);
  let hop: Hop | undefined;
  try {
    for (;;) {
      hop = await requestOnce(current, url, o, signal, state);
      const { res } = hop;
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        const location = header(res, 'location');
        hop.req.destroy();
        if (!location) throw new FetchError('http-status', url, `HTTP ${status} redirect without a Location header`, { phase: 'redirect', httpStatus: status });
        const next = checkTarget(location, current.href, url, o, 'redirect');
        if (current.protocol === 'https:' && next.protocol === 'http:')
          throw new FetchError('redirect-downgrade', url, `redirect from https to http refused (${next.href})`, { phase: 'redirect' });
        if (seen.has(next.href)) throw new FetchError('too-many-redirects', url, `redirect loop: ${next.href} was already visited`, { phase: 'redirect' });
        if (redirects.length >= o.maxRedirects) throw new FetchError('too-many-redirects', url, `more than ${o.maxRedirects} redirects`, { phase: 'redirect' });
        seen.add(next.href);
        redirects.push(next.href);
        current = next;
        continue;
      }
      const etag = header(res, 'etag');
      const lastModified = header(res, 'last-modified');
      if (status === 304) {
        hop.req.destroy();
        return { status: 'not-modified', url, finalUrl: current.href, etag: etag ?? o.etag, lastModified: lastModified ?? o.lastModified, redirects };
      }
      if (status < 200 || status > 299) {
        hop.req.destroy();
        const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(header(res, 'retry-after'), o.now()) : undefined;
        const init: { phase: FetchPhase; httpStatus: number; retryAfterMs?: number } = { phase: 'headers', httpStatus: status };
        if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
        const wait = retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : '';
        const reason = (res.statusMessage ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 100);
        throw new FetchError('http-status', url, `HTTP ${status} ${reason}`.trimEnd() + wait, init);
      }
      const contentType = header(res, 'content-type');
      state.phase = 'body';
      const { buf, bytes } = await readBody(hop, url, o, signal);
      const decoded = decodeBody(buf, contentType);
      return {
        status: 'ok',
        url,
        finalUrl: current.href,
        httpStatus: status,
        contentType,
        charset: decoded.charset,
        charsetSource: decoded.source,
        body: decoded.text,
        bytes,
        etag,
        lastModified,
        redirects,
      };
    }
  } catch (e) {
    if (signal.aborted && signal.reason instanceof FetchError) throw signal.reason;
    throw e instanceof FetchError ? e : mapError(e, url, 'body');
  } finally {
    clearTimeout(totalTimer);
    opts.signal?.removeEventListener('abort', onUserAbort);
    hop?.req.destroy();
  }
}
