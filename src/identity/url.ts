// Canonical article URLs: the identity key that makes the same article reached through several feeds one article.
// Rules (version URL_KEY_VERSION; the store keeps the version beside each key so a change of rules can be detected):
//   - http and https only (anything else: null); the scheme becomes https (sites serve the same page on both)
//   - host in lower case, without a leading `www.` or a trailing dot; default ports (80, 443) and user info dropped
//   - the fragment dropped; trailing slashes dropped (the root path becomes empty)
//   - tracking parameters dropped (utm_*, fbclid, gclid, mc_cid, ... see tracking-params.ts), the rest sorted by name
//     then value, so parameter order does not matter
// Case in the path and query is kept: servers may treat /A and /a as different pages.
import { TRACKING_PARAMS, TRACKING_PREFIXES } from './tracking-params.js';

export const URL_KEY_VERSION = 1;

const TRACKING = new Set(TRACKING_PARAMS);

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/** The canonical form of an article URL, or null when it is not an absolute http(s) URL. */
export function canonicalUrl(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (!/^https?:\/\//i.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  let host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('www.') && host.length > 4) host = host.slice(4);
  if (!host) return null;
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  const path = u.pathname.replace(/\/+$/, '');
  const params = [...u.searchParams].filter(([k]) => !isTrackingParam(k));
  params.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `https://${host}${port}${path}${query}`;
}
