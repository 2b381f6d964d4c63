import { z } from 'zod';
import { TAGS, type ArticleRecord } from './types.js';

/** The public record contract as a schema: what `analyze` emits and what `show --json` returns. */
const SpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), text: z.string() }).strict();
const MentionSchema = SpanSchema.extend({ rule: z.string() }).strict();
const DiagnosticSchema = z.object({ rule: z.string(), message: z.string(), severity: z.enum(['info', 'warning', 'error']), span: SpanSchema.optional() }).strict();

export const ArticleRecordSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[0-9a-f]{16}$/),
    contentHash: z.string().regex(/^[0-9a-f]{16}$/),
    source: z.object({ kind: z.enum(['file', 'url', 'feed']), uri: z.string(), feed: z.string().optional() }).strict(),
    title: z.string(),
    url: z.string().nullable(),
    publishedAt: z.string().datetime({ offset: true }).nullable(),
    text: z.string(),
    summary: z.array(z.string()),
    keyFigures: z.array(z.object({ kind: z.enum(['levels', 'moves']), index: z.number().int().nonnegative(), span: SpanSchema }).strict()).optional(),
    keyQuotes: z.array(z.object({ index: z.number().int().nonnegative(), speaker: z.string(), span: SpanSchema }).strict()).optional(),
    tickers: z.array(
      z.object({ symbol: z.string(), name: z.string(), kind: z.enum(['stock', 'etf']), inTitle: z.boolean(), prominence: z.number(), mentions: z.array(MentionSchema) }).strict(),
    ),
    indices: z.array(z.object({ id: z.string(), name: z.string(), mentions: z.array(MentionSchema) }).strict()),
    levels: z.array(
      z.object({ index: z.string(), value: z.number(), kind: z.enum(['close', 'intraday-high', 'intraday-low', 'open', 'level']), span: SpanSchema, rule: z.string() }).strict(),
    ),
    moves: z.array(
      z
        .object({
          subject: z.string(),
          symbol: z.string().nullable(),
          percent: z.number(),
          direction: z.enum(['up', 'down']),
          period: z.string().nullable(),
          realized: z.boolean(),
          span: SpanSchema,
          rule: z.string(),
        })
        .strict(),
    ),
    money: z.array(z.object({ amount: z.number(), currency: z.string(), metric: z.string().nullable(), subject: z.string().nullable(), span: SpanSchema, rule: z.string() }).strict()),
    quotes: z.array(
      z
        .object({
          text: z.string(),
          speaker: z.string().nullable(),
          title: z.string().nullable(),
          organization: z.string().nullable(),
          span: SpanSchema,
          speakerSpan: SpanSchema.nullable(),
          rule: z.string(),
        })
        .strict(),
    ),
    tags: z.array(
      z
        .object({
          tag: z.string(),
          score: z.number().min(0).max(1),
          rule: z.string(),
          evidence: z.array(SpanSchema.extend({ term: z.string(), weight: z.number() }).strict()).min(1),
        })
        .strict(),
    ),
    breadth: z.enum(['narrow', 'broadening', 'mixed', 'none']),
    diagnostics: z.array(DiagnosticSchema),
    story: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/), firstSeen: z.string(), size: z.number().int().positive() }).strict().optional(),
  })
  .strict();

export const CORE_TAGS = TAGS;

/** Every span in a record, with a path for error messages. */
function* spans(r: ArticleRecord): Generator<[string, { start: number; end: number; text: string }]> {
  for (const [i, t] of r.tickers.entries()) for (const [j, m] of t.mentions.entries()) yield [`tickers[${i}].mentions[${j}]`, m];
  for (const [i, t] of r.indices.entries()) for (const [j, m] of t.mentions.entries()) yield [`indices[${i}].mentions[${j}]`, m];
  for (const [i, l] of r.levels.entries()) yield [`levels[${i}].span`, l.span];
  for (const [i, m] of r.moves.entries()) yield [`moves[${i}].span`, m.span];
  for (const [i, m] of r.money.entries()) yield [`money[${i}].span`, m.span];
  for (const [i, q] of r.quotes.entries()) {
    yield [`quotes[${i}].span`, q.span];
    if (q.speakerSpan) yield [`quotes[${i}].speakerSpan`, q.speakerSpan];
  }
  for (const [i, t] of r.tags.entries()) for (const [j, e] of t.evidence.entries()) yield [`tags[${i}].evidence[${j}]`, e];
  for (const [i, k] of (r.keyFigures ?? []).entries()) yield [`keyFigures[${i}].span`, k.span];
  for (const [i, k] of (r.keyQuotes ?? []).entries()) yield [`keyQuotes[${i}].span`, k.span];
}

/** Schema check plus the invariant every consumer relies on: record.text.slice(start, end) === span.text. */
export function validateRecord(value: unknown): { ok: true; record: ArticleRecord } | { ok: false; errors: string[] } {
  const parsed = ArticleRecordSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const r = parsed.data as ArticleRecord;
  const errors: string[] = [];
  for (const [path, s] of spans(r)) {
    if (s.end < s.start || s.end > r.text.length) errors.push(`${path}: [${s.start}, ${s.end}) is outside the text (length ${r.text.length})`);
    else if (r.text.slice(s.start, s.end) !== s.text) errors.push(`${path}: text.slice(${s.start}, ${s.end}) is ${JSON.stringify(r.text.slice(s.start, s.end))}, span says ${JSON.stringify(s.text)}`);
  }
  // a key figure / quote points at an extraction of the same record and carries that extraction's span
  for (const [i, k] of (r.keyFigures ?? []).entries()) {
    const target = r[k.kind][k.index];
    if (!target || target.span.start !== k.span.start || target.span.end !== k.span.end) errors.push(`keyFigures[${i}]: ${k.kind}[${k.index}] is not an extraction with this span`);
  }
  for (const [i, k] of (r.keyQuotes ?? []).entries()) {
    const target = r.quotes[k.index];
    if (!target || target.span.start !== k.span.start || target.span.end !== k.span.end) errors.push(`keyQuotes[${i}]: quotes[${k.index}] is not a quote with this span`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, record: r };
}
