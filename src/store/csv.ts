import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';

// A text cell starting with one of these (after spaces) runs as a formula in spreadsheet software (CSV injection).
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** Neutralise formula-looking text with a leading apostrophe; numbers and nulls pass through untouched. */
export function escapeCell(v: unknown): unknown {
  if (typeof v === 'string' && FORMULA_START.test(v)) return `'${v}`;
  return v;
}

/**
 * Stream rows as CSV (csv-stringify; RFC 4180 quoting) to `out`, with backpressure, so memory stays flat
 * however many rows there are. Numbers stay numbers; text cells that could run as formulas are escaped.
 */
export async function writeCsv(rows: Iterable<Record<string, unknown>>, out: Writable): Promise<number> {
  let n = 0;
  let columns: string[] | null = null;
  let csv: ReturnType<typeof stringify> | null = null;
  let piped: Promise<void> | null = null;
  for (const row of rows) {
    if (!csv) {
      columns = Object.keys(row);
      csv = stringify({ header: true, columns, cast: { boolean: (b) => (b ? '1' : '0') } });
      piped = pipeTo(csv, out);
    }
    const cells = Object.fromEntries(columns!.map((c) => [c, escapeCell(row[c])]));
    if (!csv.write(cells)) await once(csv, 'drain');
    n++;
  }
  if (csv) {
    csv.end();
    await piped;
  }
  return n;
}

function pipeTo(src: NodeJS.ReadableStream & { on: (e: string, f: (...a: unknown[]) => void) => unknown }, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    src.on('data', (chunk: unknown) => {
      if (!out.write(chunk as string)) {
        (src as unknown as { pause: () => void }).pause();
        out.once('drain', () => (src as unknown as { resume: () => void }).resume());
      }
    });
    src.on('end', () => resolve());
    src.on('error', (e: unknown) => reject(e));
  });
}
