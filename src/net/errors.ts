/** Typed failures of the fetch layer. Every error names the URL it was fetching and, for deadlines, the phase. */

export type FetchErrorCode =
  | 'bad-url'
  | 'unsupported-protocol'
  | 'private-address'
  | 'dns'
  | 'connect-timeout'
  | 'headers-timeout'
  | 'total-timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'redirect-downgrade'
  | 'http-status'
  | 'decode'
  | 'network'
  | 'aborted'
  /** HostScheduler.run refused to start a request before the host's Retry-After / backoff time (retryAfterMs = wait). */
  | 'backoff';

/** Where in a request an error happened. */
export type FetchPhase = 'url' | 'dns' | 'connect' | 'headers' | 'body' | 'redirect' | 'schedule';

export interface FetchErrorInit {
  phase?: FetchPhase;
  httpStatus?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class FetchError extends Error {
  override name = 'FetchError';
  readonly code: FetchErrorCode;
  readonly url: string;
  readonly phase?: FetchPhase;
  readonly httpStatus?: number;
  /** From Retry-After on 429/503 (capped), or the remaining wait of a `backoff` refusal. */
  readonly retryAfterMs?: number;

  constructor(code: FetchErrorCode, url: string, detail: string, init: FetchErrorInit = {}) {
    super(`${url}: ${detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.url = url;
    if (init.phase !== undefined) this.phase = init.phase;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Whether an error says something about the HOST (so per-host backoff applies): rate limits, server errors, timeouts,
 * DNS and network failures. A 404 on one feed, a refused private address or a user abort does not slow other feeds
 * on the same host.
 */
export function isHostFailure(err: unknown): boolean {
  if (!(err instanceof FetchError)) return false;
  switch (err.code) {
    case 'http-status':
      return err.httpStatus === 429 || err.httpStatus === 408 || (err.httpStatus ?? 0) >= 500;
    case 'dns':
    case 'connect-timeout':
    case 'headers-timeout':
    case 'total-timeout':
    case 'network':
      return true;
    default:
      return false;
  }
}
