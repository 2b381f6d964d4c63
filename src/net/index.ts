// tapereader's own HTTP layer for feeds and article pages (issue 5 "Fetching", RELIABILITY rows H1-H7).
//
//   const r = await scheduler.run(url, () => fetchResource(url, { etag, lastModified, allowPrivate }));
//   r.status === 'not-modified' -> keep everything; r.status === 'ok' -> r.body (decoded text), r.etag, r.lastModified
//
// fetchResource rejects only with FetchError (code, url, phase, httpStatus, retryAfterMs). HostScheduler.run limits
// requests per host, refuses with code 'backoff' while a host waits out a Retry-After or backoff, and records host
// failures (429, 5xx, timeouts, DNS, network) and successes itself.
export { fetchResource, DEFAULTS, USER_AGENT } from './fetch.js';
export type { FetchOptions, FetchResult } from './fetch.js';
export { FetchError, isHostFailure } from './errors.js';
export type { FetchErrorCode, FetchPhase } from './errors.js';
export { HostScheduler, hostKey } from './scheduler.js';
export type { HostSchedulerOptions } from './scheduler.js';
export { parseRetryAfter, backoffDelayMs, MAX_RETRY_AFTER_MS } from './retry.js';
export { decodeBody, normalizeCharset, charsetFromContentType, xmlDeclaredCharset, metaDeclaredCharset } from './charset.js';
export type { DecodedText, CharsetSource } from './charset.js';
export { isPrivateAddress, privateAddressReason, parseIPv4, parseIPv6, isIpLiteral } from './address.js';
