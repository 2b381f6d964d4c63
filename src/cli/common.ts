// Shared by every command module: option parsers, the --db and filter options, and store access.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { openStore, DEFAULT_DB, type Filters, type Store } from '../store/index.js';
import type { IO } from './io.js';

/** A command-line mistake: printed as `tapereader: <message>`, exit 2. */
export class UsageError extends Error {}

// Boundary validation of option values commander hands over as strings.
export const IsoDay = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'expected a date like 2024-01-31');
export const PosInt = z.coerce.number().int().positive().max(100000);
export const BREADTHS = ['narrow', 'broadening', 'mixed', 'none'] as const;

export function parseWith<T>(schema: z.ZodType<T>, name: string) {
  return (v: string): T => {
    const r = schema.safeParse(v);
    if (!r.success) throw new UsageError(`${name}: ${r.error.issues[0]!.message} (got ${JSON.stringify(v)})`);
    return r.data;
  };
}

export const filterOptions = (cmd: Command) =>
  cmd
    .option('--tag <tag>', 'only articles with this narrative tag')
    .option('--ticker <symbol>', 'only articles mentioning this ticker ($ optional)')
    .addOption(new Option('--breadth <label>', 'only articles with this breadth label').choices(BREADTHS))
    .option('--since <date>', 'published on or after (YYYY-MM-DD)', parseWith(IsoDay, '--since'))
    .option('--until <date>', 'published on or before (YYYY-MM-DD)', parseWith(IsoDay, '--until'));

export const dbOption = (cmd: Command, io: IO) => cmd.option('--db <path>', `database file (default: $TAPEREADER_DB or ./${DEFAULT_DB})`, io.env['TAPEREADER_DB'] ?? DEFAULT_DB);

export function filtersOf(o: Record<string, unknown>): Filters {
  return { tag: o['tag'] as string | undefined, ticker: o['ticker'] as string | undefined, breadth: o['breadth'] as Filters['breadth'], since: o['since'] as string | undefined, until: o['until'] as string | undefined };
}

export function withStore<T>(io: IO, path: string, fn: (s: Store) => T): T {
  const store = openStore(resolve(io.cwd, path));
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** What a command module gets: the program to add commands to, the IO, and a way to set the exit code. */
export interface CommandContext {
  program: Command;
  io: IO;
  setExit(code: number): void;
}
