// Analysis of many input files, in this thread (jobs = 1) or in worker threads (jobs > 1).
//
// Results come back in input order whatever the workers' timing, so `ingest --jobs N` writes the same records in the
// same order as `--jobs 1`. At most `jobs * IN_FLIGHT_PER_JOB` files are being read or analysed at once, and the
// caller consumes results as they come: memory does not grow with the number of inputs.
// The workers run compiled JavaScript: parallel-worker.js next to this file (dist/ingest), or, when this module runs
// from TypeScript sources (vitest), dist/ingest/parallel-worker.js of the same checkout (run `npm run build` first).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyze, type AnalyzeOptions, type InputResult } from '../pipeline.js';
import { InputError } from './errors.js';
import { readFileArticles } from './index.js';
import type { ArticleRecord } from '../types.js';

/** Files handed to each worker ahead of the results the caller has consumed. */
export const IN_FLIGHT_PER_JOB = 4;

/** The default for --jobs: one worker per core. */
export const defaultJobs = (): number => Math.max(1, availableParallelism());

/** What a worker sends back for one file. */
export type WorkerReply =
  | { seq: number; file: string; records: ArticleRecord[] }
  | { seq: number; file: string; inputError: { input: string; reason: string } }
  | { seq: number; file: string; crash: string };

/** The compiled worker script, or undefined when there is none (sources never built). */
export function workerScript(): URL | undefined {
  const beside = new URL('./parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../dist/ingest/parallel-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}

/** Analyse one file in this thread: the same result a worker sends. */
export async function analyzeFile(file: string, opts: AnalyzeOptions = {}): Promise<InputResult> {
  try {
    const articles = await readFileArticles(file);
    return { file, records: articles.map((a) => analyze(a, opts)) };
  } catch (e) {
    if (e instanceof InputError) return { file, records: [], error: e };
    throw e;
  }
}

/**
 * Analyse `files` with `jobs` threads; yield one result per file, in the order of `files`. A worker that crashes
 * (a bug, not a bad input) rejects the whole run with its error, as analysis in the main thread would.
 */
export async function* analyzeFiles(files: readonly string[], opts: AnalyzeOptions & { jobs?: number } = {}): AsyncGenerator<InputResult> {
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, files.length));
  const script = jobs > 1 ? workerScript() : undefined;
  if (!script) {
    for (const file of files) yield await analyzeFile(file, opts);
    return;
  }
  const summarySentences = opts.summarySentences;
  const workers: Worker[] = [];
  const done = new Map<number, InputResult>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let next = 0; // next file to hand out
  const busy = new Map<Worker, number>();
  const send = (w: Worker) => {
    if (next >= files.length) return;
    busy.set(w, (busy.get(w) ?? 0) + 1);
    w.postMessage({ seq: next, file: files[next], summarySentences });
    next++;
  };
  try {
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(script);
      w.on('message', (m: WorkerReply) => {
        busy.set(w, (busy.get(w) ?? 1) - 1);
        if ('crash' in m) failure ??= new Error(`analysis of ${m.file} failed in a worker: ${m.crash}`);
        else if ('inputError' in m) done.set(m.seq, { file: m.file, records: [], error: new InputError(m.inputError.input, m.inputError.reason) });
        else done.set(m.seq, { file: m.file, records: m.records });
        notify();
      });
      w.on('error', (e) => {
        failure ??= e;
        notify();
      });
      w.on('exit', (code) => {
        if (code !== 0) failure ??= new Error(`an analysis worker exited with code ${code}`);
        notify();
      });
      workers.push(w);
    }
    let emitted = 0;
    while (emitted < files.length) {
      // keep every worker fed, but never run more than IN_FLIGHT_PER_JOB files per worker past what was emitted
      for (const w of workers) while ((busy.get(w) ?? 0) < IN_FLIGHT_PER_JOB && next < files.length && next - emitted < jobs * IN_FLIGHT_PER_JOB) send(w);
      if (failure) throw failure;
      const r = done.get(emitted);
      if (r) {
        done.delete(emitted);
        emitted++;
        yield r;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
