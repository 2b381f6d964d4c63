// Worker thread for ingest --jobs N (see parallel.ts): reads and analyses one file per message, replies in kind.
import { parentPort } from 'node:worker_threads';
import { analyzeFile, type WorkerReply } from './parallel.js';

const port = parentPort;
if (!port) throw new Error('parallel-worker.js runs as a worker thread (see src/ingest/parallel.ts)');
port.on('message', (m: { seq: number; file: string; summarySentences?: number }) => {
  analyzeFile(m.file, { summarySentences: m.summarySentences }).then(
    (r) => {
      const reply: WorkerReply = r.error ? { seq: m.seq, file: m.file, inputError: { input: r.error.input, reason: r.error.reason } } : { seq: m.seq, file: m.file, records: r.records };
      port.postMessage(reply);
    },
    (e: unknown) => port.postMessage({ seq: m.seq, file: m.file, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
  );
});
