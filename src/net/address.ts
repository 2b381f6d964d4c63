import net from 'node:net';

/**
 * Which IP addresses a feed fetch may connect to.
 *
 * Everything that is not a public unicast address is refused unless the user allows local feeds: loopback,
 * private (RFC 1918, CGNAT, unique-local), link-local (including the 169.254.169.254 cloud metadata address),
 * unspecified, multicast, broadcast, reserved and documentation ranges. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged
 * by the IPv4 address inside. Inputs are parsed here, byte by byte, so no spelling depends on a library's view.
 *
 * Odd IPv4 spellings in URLs (`127.1`, `0x7f.0.0.1`, `2130706433`, `0177.0.0.1`) are normalised by the WHATWG URL
 * parser before they reach this module; `parseIPv4` accepts the same forms so a bare host string is judged alike.
 */

type Range = readonly [bytes: readonly number[], prefix: number, why: string];

const V4_BLOCKED: readonly Range[] = [
  [[0, 0, 0, 0], 8, 'unspecified ("this network")'],
  [[10, 0, 0, 0], 8, 'private (10/8)'],
  [[100, 64, 0, 0], 10, 'shared address space (100.64/10)'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local (169.254/16, cloud metadata)'],
  [[172, 16, 0, 0], 12, 'private (172.16/12)'],
  [[192, 0, 0, 0], 24, 'IETF protocol assignments (192.0.0/24)'],
  [[192, 0, 2, 0], 24, 'documentation (192.0.2/24)'],
  [[192, 88, 99, 0], 24, '6to4 relay anycast'],
  [[192, 168, 0, 0], 16, 'private (192.168/16)'],
  [[198, 18, 0, 0], 15, 'benchmarking (198.18/15)'],
  [[198, 51, 100, 0], 24, 'documentation (198.51.100/24)'],
  [[203, 0, 113, 0], 24, 'documentation (203.0.113/24)'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved (240/4, broadcast)'],
];

const V6_BLOCKED: readonly Range[] = [
  [[], 128, 'unspecified (::)'], // exact ::, listed before the ::/96 compat range for its reason
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback (::1)'],
  [[0x01, 0x00], 64, 'discard-only (100::/64)'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation (2001:db8::/32)'],
  [[0xfc], 7, 'unique-local (fc00::/7)'],
  [[0xfe, 0x80], 10, 'link-local (fe80::/10)'],
  [[0xfe, 0xc0], 10, 'site-local (fec0::/10)'],
  [[0xff], 8, 'multicast (ff00::/8)'],
];

function inRange(bytes: readonly number[], base: readonly number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Parse an IPv4 address in any inet_aton spelling (1-4 parts, decimal / 0x hex / 0 octal). Null when not one. */
export function parseIPv4(s: string): number[] | null {
  const text = s.endsWith('.') ? s.slice(0, -1) : s;
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = Number(p);
    else return null;
    if (!Number.isFinite(n) || p.length > 20) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - nums.length)) return null;
  const bytes = [...nums];
  for (let k = 3 - nums.length; k >= 0; k--) bytes.push(Math.floor(last / 256 ** k) % 256);
  return bytes;
}

/** Parse an IPv6 address (optionally bracketed, with an embedded dotted IPv4 tail, zone id ignored) to 16 bytes. */
export function parseIPv6(s: string): number[] | null {
  let text = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!net.isIPv6(text)) return null;
  const lastColon = text.lastIndexOf(':');
  const dotted = text.slice(lastColon + 1);
  if (dotted.includes('.')) {
    const v4 = parseIPv4(dotted);
    if (!v4) return null;
    text = `${text.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const groups = (g: string): number[] => (g === '' ? [] : g.split(':').map((x) => parseInt(x, 16)));
  let words: number[];
  const gap = text.indexOf('::');
  if (gap >= 0) {
    const h = groups(text.slice(0, gap));
    const r = groups(text.slice(gap + 2));
    words = [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
  } else words = groups(text);
  if (words.length !== 8 || words.some((w) => !(w >= 0 && w <= 0xffff))) return null;
  const bytes: number[] = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  return bytes.length === 16 ? bytes : null;
}

/** Why an IPv4 address (4 bytes) is not a public target, or null when it is public. */
function v4Reason(b: readonly number[]): string | null {
  for (const [base, prefix, why] of V4_BLOCKED) if (inRange(b, base, prefix)) return why;
  return null;
}

/**
 * Why `address` (an IP literal, IPv4 in any spelling or IPv6, brackets allowed) must not be fetched, or null when it is
 * a public unicast address. Returns a reason for strings that are not IP addresses at all, since callers pass only
 * addresses that came back from a resolver or a URL host that parsed as an IP.
 */
export function privateAddressReason(address: string): string | null {
  const v6 = parseIPv6(address);
  if (v6) {
    for (const [base, prefix, why] of V6_BLOCKED.slice(0, 2)) if (inRange(v6, base, prefix)) return why;
    const embedded =
      inRange(v6, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96) || inRange(v6, [0, 0x64, 0xff, 0x9b], 96)
        ? v6.slice(12) // IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d
        : inRange(v6, [0x20, 0x02], 16)
          ? v6.slice(2, 6) // 6to4 2002:AABB:CCDD::
          : null;
    if (embedded) {
      const why = v4Reason(embedded);
      return why ? `${why}, as an IPv4 address inside IPv6` : null;
    }
    if (inRange(v6, [], 96)) return 'IPv4-compatible IPv6 (deprecated ::/96)';
    for (const [base, prefix, why] of V6_BLOCKED) if (inRange(v6, base, prefix)) return why;
    return null;
  }
  const v4 = parseIPv4(address);
  if (v4) return v4Reason(v4);
  return 'not an IP address';
}

/** True when `address` is not a public unicast IP address (see privateAddressReason). */
export function isPrivateAddress(address: string): boolean {
  return privateAddressReason(address) !== null;
}

/** True when a URL hostname is an IP literal (IPv4 after WHATWG normalisation, or bracketed IPv6). */
export function isIpLiteral(hostname: string): boolean {
  const h = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return net.isIP(h) !== 0;
}
