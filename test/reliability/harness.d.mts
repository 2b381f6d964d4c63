// Types for harness.mjs (plain ESM so bench/stress.mjs can share it with the vitest suite).
import type Database from 'better-sqlite3';
import type { Writable } from 'node:stream';
import type { Article, ArticleRecord } from '../../src/types.js';
import type { Store } from '../../src/store/index.js';

export const HERE: string;
export const ROOT: string;
export const WORKERS: string;

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(arr: readonly T[]): T;
  chance(p: number): boolean;
}
export function prng(seed: number): Rng;
export function randomText(rng: Rng, maxLen?: number): string;

export interface FixtureArticle {
  key: string;
  title: string;
  text: string;
}
export const FINANCE_ARTICLES: FixtureArticle[];
export const FUZZ_ARTICLES: FixtureArticle[];
export function buildRecords(analyze: (a: Article) => ArticleRecord, articles?: FixtureArticle[]): ArticleRecord[];

export interface Figures {
  tried: number;
  crashes: number;
  lost: number;
  worstMs: number;
  failures: Array<Record<string, unknown>>;
}
export function searchFuzz(o: { store: Store; records: ArticleRecord[]; count: number; seed?: number; maxLen?: number }): Figures & { worstInput: string };

export const FORMULA_PAYLOADS: string[];
export const FORMULA_CELL: RegExp;
export function randomRows(rng: Rng, n: number, o?: { bigFields?: boolean }): Array<Record<string, string | number | null>>;
export function csvOf(writeCsv: (rows: Iterable<Record<string, unknown>>, out: Writable) => Promise<number>, rows: Iterable<Record<string, unknown>>): Promise<{ n: number; csv: string }>;
export function csvRoundTrip(o: {
  writeCsv: (rows: Iterable<Record<string, unknown>>, out: Writable) => Promise<number>;
  escapeCell: (v: unknown) => unknown;
  parse: (csv: string, opts: Record<string, unknown>) => unknown;
  count: number;
  seed?: number;
  chunk?: number;
}): Promise<Figures & { formulaCells: number; mismatches: number }>;

export const ADVERSARIAL: Record<string, (n: number) => string>;
export const KB: number;
export const R2_INPUTS: string[];
export const R2_SIZES: number[];
export const R4_LADDERS: Record<string, number[]>;
export const STAGES: string[];
export interface Job {
  input: string;
  size: number;
  stages?: string[];
  skip?: string[];
  reps?: number;
}
export interface Measurement {
  input: string;
  size: number;
  stage: string;
  ms: number | null;
  status: 'ok' | 'timeout' | 'error';
  items?: number | null;
  error?: string;
  /** earlier stages that hung and were skipped: this stage ran without their results */
  skip?: string[];
}
export function runExtractJobs(o: { jobs: Job[]; stageTimeoutMs?: number; isolate?: boolean; onResult?: (r: Measurement) => void }): Promise<Measurement[]>;
export function ladderRatios(results: Measurement[]): Array<{ input: string; stage: string; sizes: number[]; ms: Array<number | string>; ratio: number | null; failed: boolean }>;

export interface NodeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}
export function runNode(script: string, args: string[], o?: { timeoutMs?: number; env?: Record<string, string>; onStdout?: (chunk: string, child: import('node:child_process').ChildProcess) => void }): Promise<NodeRun>;
export function acks(stdout: string): Array<{ proc: number; batch: number; version: number }>;
export const BATCH_RECORDS: number;
export const CHILD_ROWS: Record<string, number>;
export function checkWriterDb(db: Database.Database, acked: Array<{ proc: number; batch: number; version: number }>): { violations: string[]; batches: number; records: number };
export function schemaOf(db: Database.Database): string;

type OpenStore = (path: string) => Store;
export function requireDist(): void;
export function sleep(ms: number): Promise<void>;
export function killLoop(o: { openStore: OpenStore; db: string; kills: number; seed?: number; minMs?: number; maxMs?: number }): Promise<Figures & { acked: number }>;
export function concurrentWriters(o: { openStore: OpenStore; db: string; procs: number; batches: number; holdMs?: number }): Promise<Figures & { busy: number }>;
export function killMidOpen(o: { openStore: OpenStore; dir: string; times: number; seed?: number; reference: string }): Promise<Figures & { midOpen: number }>;

export function badDatabaseFiles(dir: string, real: Buffer, seed?: number): Array<{ name: string; path: string }>;
export const INVISIBLE: RegExp;
export function valueStrings(r: ArticleRecord): Array<[string, string]>;
export function extractedValues(r: ArticleRecord): string;
export function disguise(rng: Rng, text: string, rate?: number): string;
export function unicodeFuzz(o: {
  analyze: (a: Article) => ArticleRecord;
  validateRecord: (r: unknown) => { ok: true } | { ok: false; errors: string[] };
  count: number;
  seed?: number;
}): Figures;
