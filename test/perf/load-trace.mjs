// `node --import ./load-trace.mjs ...`: appends every module URL the process resolves to $LOAD_TRACE, one a line
// (test/perf/startup.test.ts: which modules a command loads). The hooks run on their own thread: they append to a file.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      if (process.env.LOAD_TRACE) appendFileSync(process.env.LOAD_TRACE, r.url + '\\n');
      return r;
    }`)}`,
);
