// Feed dates to UTC ISO strings: RFC 822/2822 (any zone spelling), ISO 8601 / RFC 3339, asctime and the
// "Mon Oct 23, 2006 5:24am EDT" style. Anything else, or an impossible date, is null: never "Invalid Date", never a
// date guessed from loose text. A date without a zone is read as UTC (feedparser does the same).

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

// RFC 822 zone names (offset in minutes), plus common North American and European abbreviations.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  bst: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180, west: 60, msk: 180,
  ist: 330, jst: 540, kst: 540, hkt: 480, sgt: 480, aest: 600, aedt: 660, acst: 570, awst: 480, nzst: 720, nzdt: 780,
};

/** 1-12 for a month name or its abbreviation ("Sep", "Sept", "September"), else null. */
function monthOf(name: string): number | null {
  const k = name.toLowerCase().replace(/\.$/, '');
  if (k.length < 3) return null;
  const i = MONTH_NAMES.findIndex((full) => full.startsWith(k));
  return i < 0 ? null : i + 1;
}

/** Offset in minutes east of UTC for a zone token, undefined when it is not a zone. Empty means UTC. */
function zoneOffset(z: string): number | undefined {
  const t = z.trim().replace(/^\(|\)$/g, '');
  if (!t) return 0;
  const num = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t);
  if (num) {
    const h = Number(num[2]);
    const m = Number(num[3] ?? 0);
    if (h > 14 || m > 59) return undefined;
    return (num[1] === '-' ? -1 : 1) * (h * 60 + m);
  }
  const named = ZONES[t.toLowerCase()];
  if (named !== undefined) return named;
  // RFC 822 military zones: A-I, K-M east (+1..+12), N-Y west (-1..-12), Z = UTC. RFC 2822 says treat as -0000
  // because they were so often wrong; we follow that and read them as UTC.
  if (/^[a-ik-z]$/i.test(t)) return 0;
  return undefined;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): string | null {
  if (!(y >= 1000 && y <= 9999) || !(mo >= 1 && mo <= 12) || !(d >= 1 && d <= daysIn(y, mo))) return null;
  if (h > 24 || mi > 59 || s > 60 || (h === 24 && (mi || s))) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  if (!Number.isFinite(t)) return null;
  const out = new Date(t);
  return Number.isNaN(out.getTime()) ? null : out.toISOString();
}

function year2(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n; // RFC 2822 section 4.3
  if (y.length === 3) return 1900 + n; // RFC 2822: three-digit years add 1900
  return n;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase().startsWith('p');
  if (h < 1 || h > 12) return NaN;
  return (h % 12) + (pm ? 12 : 0);
}

const ISO =
  /^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T\s]+(\d{2})(?::?(\d{2}))?(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822 =
  /^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([ap]\.?m\.?)?)?\s*(.*)$/i;
// "Mon Oct 23, 2006 5:24am EDT", "October 23, 2006", "Oct 23 2006 17:24:00 GMT+0000", asctime "Sun Nov  6 08:49:37 1994"
const MDY =
  /^(?:[a-z]{2,9}\.?,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,T]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*(.*)$/i;
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/i;
const SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/;

/** Parse a feed date to an ISO 8601 UTC string, or null when it is not a date we can read with certainty. */
export function parseFeedDate(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(/[\u0000-\u001f\u00a0\u200b-\u200d\u2060\ufeff]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s || s.length > 80) return null;
  let m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, z] = m;
    if (!d && h) return null; // "2026-04T10:00" is not a date
    const off = zoneOffset(z ?? '');
    if (off === undefined) return null;
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    return build(Number(y), Number(mo), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms, off);
  }
  m = RFC822.exec(s);
  if (m) {
    const [, d, mon, y, h, mi, sec, frac, ampm, zone] = m;
    const mo = monthOf(mon!);
    const off = zoneOffset(zone ?? '');
    if (mo === null || off === undefined) return null;
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    return build(year2(y!), mo, Number(d), hour12(Number(h ?? 0), ampm), Number(mi ?? 0), Number(sec ?? 0), ms, off);
  }
  m = ASCTIME.exec(s);
  if (m) {
    const [, mon, d, h, mi, sec, y] = m;
    const mo = monthOf(mon!);
    if (mo === null) return null;
    return build(Number(y), mo, Number(d), Number(h), Number(mi), Number(sec), 0, 0);
  }
  m = MDY.exec(s);
  if (m) {
    const [, mon, d, y, h, mi, sec, ampm, zone] = m;
    const mo = monthOf(mon!);
    const off = zoneOffset(zone ?? '');
    if (mo === null || off === undefined) return null;
    return build(Number(y), mo, Number(d), hour12(Number(h ?? 0), ampm), Number(mi ?? 0), Number(sec ?? 0), 0, off);
  }
  m = SLASHED.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, zone] = m;
    const off = zoneOffset(zone ?? '');
    if (off === undefined) return null;
    return build(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), 0, off);
  }
  return null;
}
