// Analysis of many input files, in this thread (jobs = 1) or in worker threads (jobs > 1).
//
// Results come back in input order whatever the workers' timing, so `ingest --jobs N` writes the same records in the
// same order as `--jobs 1`. At most `jobs * IN_FLIGHT_PER_JOB` files are being read, analysed or waiting to be
// consumed at once, and the caller consumes results as they come: memory does not grow with the number of inputs.
//
// Workers get files in chunks of CHUNK_FILES (one message each way per chunk) and send each record back as its JSON
// with its text fingerprint (src/store/prepared.ts): a string crosses threads at memcpy cost, where the structured
// clone of a record object costs more than parsing its JSON, and the writer then neither serialises nor fingerprints.
// The window is wide enough for the workers to keep analysing while the caller writes a batch.
// The workers run compiled JavaScript: parallel-worker.js next to this file (dist/ingest), or, when this module runs
// from TypeScript sources (vitest), dist/ingest/parallel-worker.js of the same checkout (run `npm run build` first).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions, InputResult } from '../pipeline.js';
import type { PreparedRecord } from '../store/prepared.js';
import type { ArticleRecord } from '../types.js';
import { InputError } from './errors.js';

/** Files handed to each worker ahead of the results the caller has consumed. */
export const IN_FLIGHT_PER_JOB = 32;
/** Files per message to a worker (and per reply). */
export const CHUNK_FILES = 4;

/** The default for --jobs: one worker per core. */
export const defaultJobs = (): number => Math.max(1, availableParallelism());

/** One file's result as a worker sends it: records as JSON, each with its fingerprint; or the input's error. */
export type WorkerFileReply = { file: string; json: string[]; fingerprints: Array<string | null> } | { file: string; inputError: { input: string; reason: string } };

/** A worker's reply to one chunk (seq: the index of its first file): a result per file, or the crash that stopped it. */
export type WorkerReply = { seq: number; results: WorkerFileReply[] } | { seq: number; file: string; crash: string };

/** A chunk of files for a worker. */
export interface WorkerRequest {
  seq: number;
  files: string[];
  summarySentences?: number | undefined;
}

/** A file's result; from a worker, with each record's JSON and fingerprint (`prepared`, parallel to `records`). */
export type FileResult = InputResult & { prepared?: PreparedRecord[] };

/** The compiled worker script, or undefined when there is none (sources never built). */
export function workerScript(): URL | undefined {
  const beside = new URL('./parallel-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../dist/ingest/parallel-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}

/**
 * Analyse one file in this thread: the same result a worker sends. The analysis modules load on first use, so a
 * main thread that only hands files to workers never loads them.
 */
export async function analyzeFile(file: string, opts: AnalyzeOptions = {}): Promise<InputResult> {
  const [{ analyze }, { readFileArticles }] = await Promise.all([import('../pipeline.js'), import('./index.js')]);
  try {
    const articles = await readFileArticles(file);
    return { file, records: articles.map((a) => analyze(a, opts)) };
  } catch (e) {
    if (e instanceof InputError) return { file, records: [], error: e };
    throw e;
  }
}

/** A worker's file reply as a result in this thread. */
function fromReply(m: WorkerFileReply): FileResult {
  if ('inputError' in m) return { file: m.file, records: [], error: new InputError(m.inputError.input, m.inputError.reason) };
  const records = m.json.map((j) => JSON.parse(j) as ArticleRecord);
  return { file: m.file, records, prepared: records.map((record, i) => ({ record, json: m.json[i]!, fingerprint: m.fingerprints[i]! })) };
}

/**
 * Analyse `files` with `jobs` threads; yield one result per file, in the order of `files`. A worker that crashes
 * (a bug, not a bad input) rejects the whole run with its error, as analysis in the main thread would.
 */
export async function* analyzeFiles(files: readonly string[], opts: AnalyzeOptions & { jobs?: number } = {}): AsyncGenerator<FileResult> {
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, files.length));
  const script = jobs > 1 ? workerScript() : undefined;
  if (!script) {
    for (const file of files) yield await analyzeFile(file, opts);
    return;
  }
  const summarySentences = opts.summarySentences;
  const workers: Worker[] = [];
  const done = new Map<number, FileResult>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let next = 0; // next file to hand out
  const window = jobs * IN_FLIGHT_PER_JOB;
  const busy = new Map<Worker, number>(); // files handed to a worker and not answered yet
  const send = (w: Worker, emitted: number) => {
    const n = Math.min(CHUNK_FILES, files.length - next, emitted + window - next);
    busy.set(w, (busy.get(w) ?? 0) + n);
    w.postMessage({ seq: next, files: files.slice(next, next + n), summarySentences } satisfies WorkerRequest);
    next += n;
  };
  try {
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(script);
      w.on('message', (m: WorkerReply) => {
        if ('crash' in m) failure ??= new Error(`analysis of ${m.file} failed in a worker: ${m.crash}`);
        else {
          busy.set(w, (busy.get(w) ?? 0) - m.results.length);
          m.results.forEach((r, k) => done.set(m.seq + k, fromReply(r)));
        }
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
      // keep every worker fed, a chunk at a time, but never more than `window` files past what was emitted
      for (const w of workers) while ((busy.get(w) ?? 0) < IN_FLIGHT_PER_JOB && next < files.length && next - emitted < window) send(w, emitted);
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
