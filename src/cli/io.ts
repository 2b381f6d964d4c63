import type { Writable } from 'node:stream';

/** The streams a command writes to: injected so tests run the CLI in process. */
export interface IO {
  stdout: Writable;
  stderr: Writable;
  /** true when stderr is a terminal: progress bars are drawn only then */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT = { ok: 0, partial: 1, usage: 2 } as const;

export function processIO(): IO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: !!process.stderr.isTTY, env: process.env, cwd: process.cwd() };
}

export function println(w: Writable, s = ''): void {
  w.write(`${s}\n`);
}

/** A small aligned table for people (machines get JSON Lines or CSV). */
export function table(rows: Array<Array<string | number>>, headers: string[]): string {
  const all = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.min(60, Math.max(...all.map((r) => String(r[c] ?? '').length))));
  const fmt = (r: Array<string | number>) =>
    r
      .map((v, c) => {
        const s = String(v ?? '');
        const cut = s.length > widths[c]! ? `${s.slice(0, widths[c]! - 1)}…` : s;
        return typeof v === 'number' ? cut.padStart(widths[c]!) : cut.padEnd(widths[c]!);
      })
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
