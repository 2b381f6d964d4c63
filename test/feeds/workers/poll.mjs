// D6 worker: poll every subscribed feed of --db with the BUILT library (dist/), announcing each phase on stdout
// with a synchronous write ("<phase> <feed id>") so the parent can SIGKILL it at a known point.
//   node poll.mjs --db F                 poll, then print "done"
//   node poll.mjs --db F --pause parsed  stop (sleep) when a feed reaches that phase: the parent kills us there
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../reliability/harness.mjs';

const { values: o } = parseArgs({ options: { db: { type: 'string' }, pause: { type: 'string' } } });
const { openStore } = await import(join(ROOT, 'dist', 'store', 'index.js'));
const { pollFeeds } = await import(join(ROOT, 'dist', 'feeds', 'poll.js'));
const { fetchResource, HostScheduler } = await import(join(ROOT, 'dist', 'net', 'index.js'));
const say = (s) => writeSync(1, `${s}\n`);

const store = openStore(o.db);
const results = await pollFeeds(store, store.listFeeds(), { fetch: fetchResource, scheduler: new HostScheduler() }, {
  allowPrivate: true,
  onPhase: (feed, phase) => {
    say(`${phase} ${feed.id}`);
    if (phase === o.pause) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});
store.close();
say(`done ${JSON.stringify(results.map((r) => [r.status, r.new]))}`);
