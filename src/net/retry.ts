/** Retry-After parsing and exponential backoff with full jitter. */

/** Longest wait tapereader honours from a Retry-After header or its own backoff: 6 hours. Never "disabled for good". */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date, to milliseconds from `now`, capped at `capMs`.
 * Undefined when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined | null, now: number, capMs = MAX_RETRY_AFTER_MS): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d{1,12}$/.test(v)) return Math.min(Number(v) * 1000, capMs);
  if (!/^[A-Za-z]{3},?\s/.test(v) && !/^[A-Za-z]+day,/.test(v)) return undefined; // HTTP-date forms start with a day name
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), capMs);
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * Delay before the next attempt after `failures` consecutive failures (1 = the first failure): "full jitter",
 * uniform in [0, min(max, base * 2^(failures-1))), so hosts that failed together do not retry together.
 */
export function backoffDelayMs(failures: number, { baseDelayMs, maxDelayMs, random }: BackoffOptions): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 40));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}
