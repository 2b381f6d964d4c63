// Types for feeds-fuzz.mjs (plain ESM: bench/stress.mjs runs it as a child process).
import type { Rng } from './harness.mjs';

export const SEEDS: Record<'rss2' | 'rss1' | 'atom' | 'json' | 'big', string>;
export const MUTATIONS: Record<string, (bytes: Buffer, rng: Rng) => Buffer>;
export const GOAL_MS_PER_MB: number;
export function seedFeeds(): Array<{ name: string; bytes: Buffer }>;
export function fuzzFeeds(lib: unknown, opts: { count: number; seed?: number; onCase?: (c: unknown) => void; only?: Set<number> | null }): Record<string, unknown>;
