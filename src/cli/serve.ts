// `tapereader serve`: the local web page over a database (src/serve/). Runs until Ctrl-C (SIGINT) or SIGTERM.
// The web server (fastify) is imported by the action, when it serves: other commands and `--help` start without it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { openStore } from '../store/index.js';
import type { Running } from '../serve/app.js';
import { println } from './io.js';
import { UsageError, dbOption, parseWith, type CommandContext } from './common.js';

/** The default port: src/serve/app.ts's DEFAULT_PORT, restated here so that `--help` need not load the server (test/serve/app.test.ts checks they agree). */
export const SERVE_DEFAULT_PORT = 8787;

const Port = z.coerce.number().int().min(0, 'expected a port from 0 to 65535').max(65535, 'expected a port from 0 to 65535');

/** Servers this process started and has not stopped yet (tests stop them with stopAll). */
const running = new Set<Running & { stopped: () => void }>();

export async function stopAll(): Promise<void> {
  for (const r of [...running]) {
    await r.close();
    r.stopped();
  }
}

export function register({ program, io }: CommandContext): void {
  dbOption(
    program
      .command('serve')
      .description('the local web page: search, articles with their evidence, narrative charts (127.0.0.1 only)')
      .option('--port <n>', `port on 127.0.0.1 (0 picks a free one)`, parseWith(Port, '--port'), SERVE_DEFAULT_PORT),
    io,
  ).action(async (o: { db: string; port: number }) => {
    const path = resolve(io.cwd, o.db);
    if (!existsSync(path)) throw new UsageError(`${o.db}: no such database; store articles first with: tapereader ingest corpus/ --db ${o.db}`);
    const { startServer } = await import('../serve/app.js');
    const store = openStore(path);
    let server: Running;
    try {
      server = await startServer(store, o.port);
    } catch (e) {
      store.close();
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`--port ${o.port}: the port is in use on 127.0.0.1; pick another with --port`);
      if (code === 'EACCES') throw new UsageError(`--port ${o.port}: not allowed to listen on this port; pick one above 1023`);
      throw e;
    }
    println(io.stdout, `tapereader: serving ${o.db} at ${server.url}`);
    println(io.stdout, `  open ${server.url} in a browser (search), ${server.url}narrative (charts); Ctrl-C stops`);
    await new Promise<void>((done) => {
      const entry = Object.assign(server, {
        stopped: () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          running.delete(entry);
          store.close();
          done();
        },
      });
      const onSignal = () => {
        void server.close().then(entry.stopped, entry.stopped);
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      running.add(entry);
    });
    println(io.stdout, 'tapereader: stopped');
  });
}
