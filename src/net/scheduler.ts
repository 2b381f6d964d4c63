import { FetchError, isHostFailure } from './errors.js';
import { MAX_RETRY_AFTER_MS, backoffDelayMs } from './retry.js';

/**
 * Politeness per host: at most `perHost` requests at once, and no request before the host's next-attempt time.
 *
 * The next-attempt time comes from the server's Retry-After (capped at 6 h) when a failure carried one, else from
 * exponential backoff with full jitter over consecutive host failures (base * 2^(n-1), capped at maxDelayMs, so a
 * host is retried at least every maxDelayMs and never disabled for good). A success clears the failure count and the
 * backoff; a Retry-After the server gave stays in force until it passes.
 *
 * `run(url, fn)` queues `fn` behind the host's running requests. When the host is waiting out a Retry-After or a
 * backoff, a queued job is refused with FetchError code `backoff` (retryAfterMs = the remaining wait) unless the
 * wait is at most `maxWaitMs`, in which case it waits. `run` records the outcome itself (autoRecord, default true):
 * a fulfilled `fn` is a success, a FetchError that says something about the host (429, 5xx, timeouts, DNS, network;
 * see isHostFailure) is a failure; other errors (404, private address, user abort) leave the host's state alone.
 * With autoRecord false, call recordSuccess / recordFailure yourself.
 */

export interface HostSchedulerOptions {
  /** Concurrent requests per host (default 2). */
  perHost?: number;
  /** First backoff ceiling (default 60 s). */
  baseDelayMs?: number;
  /** Largest backoff, and cap on Retry-After (default 6 h). */
  maxDelayMs?: number;
  /** Uniform [0, 1) source for jitter (default Math.random). */
  random?: () => number;
  /** Clock, ms since epoch (default Date.now). */
  now?: () => number;
  /** Wait inside run() for a host's next-attempt time when it is at most this far away (default 0: refuse at once). */
  maxWaitMs?: number;
  /** Record success/failure from run()'s outcome (default true). */
  autoRecord?: boolean;
}

interface Job {
  fn: () => Promise<unknown>;
  url: string;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface HostState {
  active: number;
  queue: Job[];
  failures: number;
  /** Until when the server asked us to wait (Retry-After); a later success does not lift it. */
  retryUntil: number;
  /** Until when our own backoff holds; a success lifts it. */
  backoffUntil: number;
  timer: NodeJS.Timeout | null;
}

/** The key hosts are tracked under: lower-case hostname of a URL, or the string itself when it is not a URL. */
export function hostKey(urlOrHost: string): string {
  try {
    if (urlOrHost.includes('://')) return new URL(urlOrHost).hostname.toLowerCase();
  } catch {
    /* fall through: treat as a host name */
  }
  return urlOrHost.trim().toLowerCase().replace(/\.$/, '');
}

export class HostScheduler {
  private readonly perHost: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly maxWaitMs: number;
  private readonly autoRecord: boolean;
  private readonly hosts = new Map<string, HostState>();

  constructor(opts: HostSchedulerOptions = {}) {
    this.perHost = opts.perHost ?? 2;
    if (!Number.isInteger(this.perHost) || this.perHost < 1) throw new RangeError(`HostScheduler: perHost must be a positive integer, got ${opts.perHost}`);
    this.baseDelayMs = opts.baseDelayMs ?? 60_000;
    this.maxDelayMs = opts.maxDelayMs ?? MAX_RETRY_AFTER_MS;
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    this.maxWaitMs = opts.maxWaitMs ?? 0;
    this.autoRecord = opts.autoRecord ?? true;
  }

  private state(host: string): HostState {
    const key = hostKey(host);
    let s = this.hosts.get(key);
    if (!s) {
      s = { active: 0, queue: [], failures: 0, retryUntil: 0, backoffUntil: 0, timer: null };
      this.hosts.set(key, s);
    }
    return s;
  }

  /** Run `fn` when the URL's host has a free slot and is not waiting out a Retry-After or backoff. */
  run<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const key = hostKey(url);
    return new Promise<T>((resolve, reject) => {
      this.state(key).queue.push({ fn, url, resolve: resolve as (v: unknown) => void, reject });
      this.pump(key);
    });
  }

  private pump(key: string): void {
    const s = this.state(key);
    while (s.active < this.perHost && s.queue.length > 0) {
      const notBefore = Math.max(s.retryUntil, s.backoffUntil);
      const wait = notBefore - this.now();
      if (wait > 0) {
        if (wait <= this.maxWaitMs) {
          if (!s.timer) {
            s.timer = setTimeout(() => {
              s.timer = null;
              this.pump(key);
            }, wait);
          }
          return;
        }
        const job = s.queue.shift()!;
        job.reject(
          new FetchError('backoff', job.url, `host ${key} is backing off: next attempt allowed in ${Math.ceil(wait / 1000)} s (at ${new Date(notBefore).toISOString()})`, {
            phase: 'schedule',
            retryAfterMs: wait,
          }),
        );
        continue;
      }
      const job = s.queue.shift()!;
      s.active++;
      let p: Promise<unknown>;
      try {
        p = Promise.resolve(job.fn());
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (v) => {
          if (this.autoRecord) this.recordSuccess(key);
          job.resolve(v);
        },
        (e: unknown) => {
          if (this.autoRecord && isHostFailure(e)) this.recordFailure(key, e as FetchError);
          job.reject(e);
        },
      ).finally(() => {
        s.active--;
        this.pump(key);
      });
    }
  }

  /** Earliest time (ms epoch) the next request to `host` may start; 0 when there is no restriction. */
  nextAttemptAt(host: string): number {
    const s = this.hosts.get(hostKey(host));
    return s ? Math.max(s.retryUntil, s.backoffUntil) : 0;
  }

  /** Consecutive host failures since the last success. */
  failures(host: string): number {
    return this.hosts.get(hostKey(host))?.failures ?? 0;
  }

  /** A failed request: honour its Retry-After (capped) or back off exponentially with full jitter. */
  recordFailure(host: string, err: FetchError, now: number = this.now()): void {
    const s = this.state(host);
    s.failures++;
    if (err.retryAfterMs !== undefined && err.code !== 'backoff') {
      s.retryUntil = Math.max(s.retryUntil, now + Math.min(Math.max(err.retryAfterMs, 0), this.maxDelayMs));
    } else {
      const delay = backoffDelayMs(s.failures, { baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs, random: this.random });
      s.backoffUntil = Math.max(s.backoffUntil, now + delay);
    }
  }

  /** A request went through: clear the host's failures and backoff (a Retry-After still in force stays). */
  recordSuccess(host: string): void {
    const s = this.state(host);
    s.failures = 0;
    s.backoffUntil = 0;
  }

  /** Cancel pending wait timers (queued jobs are refused with `aborted`); for shutting down a watch loop. */
  close(): void {
    for (const [key, s] of this.hosts) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
      for (const job of s.queue.splice(0)) job.reject(new FetchError('aborted', job.url, `scheduler for ${key} closed`, { phase: 'schedule' }));
    }
  }
}
