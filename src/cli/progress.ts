import cliProgress from 'cli-progress';
import type { IO } from './io.js';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

/** A progress bar on a terminal (cli-progress); silent when output is piped or in CI. */
export function progress(io: IO, total: number, what: string): Progress {
  if (!io.isTTY || total < 2) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: io.stderr as unknown as NodeJS.WritableStream, format: `${what} [{bar}] {value}/{total} {label}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick(label = '') {
      bar.increment(1, { label: label.length > 40 ? `…${label.slice(-39)}` : label });
    },
    stop() {
      bar.stop();
    },
  };
}
