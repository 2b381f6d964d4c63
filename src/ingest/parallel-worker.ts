// Worker thread for ingest --jobs N (see parallel.ts): reads and analyses a chunk of files per message, in order, and
// replies once per chunk with each record's JSON and fingerprint (what the writer would otherwise compute).
import { parentPort } from 'node:worker_threads';
import { prepareRecord } from '../store/prepared.js';
import { analyzeFile, type WorkerFileReply, type WorkerReply, type WorkerRequest } from './parallel.js';

const port = parentPort;
if (!port) throw new Error('parallel-worker.js runs as a worker thread (see src/ingest/parallel.ts)');

async function chunk(m: WorkerRequest): Promise<WorkerReply> {
  const results: WorkerFileReply[] = [];
  for (const file of m.files) {
    try {
      const r = await analyzeFile(file, { summarySentences: m.summarySentences });
      if (r.error) results.push({ file, inputError: { input: r.error.input, reason: r.error.reason } });
      else {
        const prepared = r.records.map(prepareRecord);
        results.push({ file, json: prepared.map((p) => p.json), fingerprints: prepared.map((p) => p.fingerprint) });
      }
    } catch (e) {
      return { seq: m.seq, file, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
  }
  return { seq: m.seq, results };
}

port.on('message', (m: WorkerRequest) => {
  void chunk(m).then((reply) => port.postMessage(reply));
});
