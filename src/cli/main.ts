import { createWriteStream } from 'node:fs';
import { relative, resolve } from 'node:path';
import { once } from 'node:events';
import { Command, CommanderError, Option } from 'commander';
import { openStore, EXPORT_KINDS, StoreError, type ExportKind, type PreparedRecord } from '../store/index.js';
import type { ArticleRecord } from '../types.js';
import { EXIT, println, table, type IO } from './io.js';
import { IsoDay, PosInt, UsageError, dbOption, filterOptions, filtersOf, parseWith, withStore } from './common.js';
import { COMMAND_MODULES } from './modules.js';

function recordTable(r: ArticleRecord): string {
  const lines = [`${r.id}  ${r.title}`, `  source ${r.source.uri}${r.publishedAt ? `  published ${r.publishedAt}` : ''}  breadth ${r.breadth}`];
  if (r.tags.length) lines.push(`  tags     ${r.tags.map((t) => `${t.tag} ${t.score.toFixed(2)}`).join(', ')}`);
  if (r.tickers.length) lines.push(`  tickers  ${r.tickers.map((t) => t.symbol).join(' ')}`);
  if (r.indices.length) lines.push(`  indices  ${r.indices.map((i) => i.name).join(', ')}`);
  for (const l of r.levels) lines.push(`  level    ${l.index} ${l.value} (${l.kind})`);
  for (const m of r.moves) lines.push(`  move     ${m.symbol ?? m.subject} ${m.percent > 0 ? '+' : ''}${m.percent}%${m.period ? ` ${m.period}` : ''}${m.realized ? '' : ' (not realized)'}`);
  for (const m of r.money) lines.push(`  money    ${m.currency} ${m.amount.toLocaleString('en-US')}${m.metric ? ` ${m.metric}` : ''}${m.subject ? ` (${m.subject})` : ''}`);
  for (const q of r.quotes) lines.push(`  quote    "${q.text.length > 70 ? `${q.text.slice(0, 69)}…` : q.text}" — ${[q.speaker, q.title, q.organization].filter(Boolean).join(', ') || 'unattributed'}`);
  if (r.summary.length) lines.push(`  summary  ${r.summary.join(' ')}`);
  for (const k of r.keyFigures ?? []) {
    if (k.kind === 'levels') {
      const l = r.levels[k.index]!;
      lines.push(`  key      ${l.index} ${l.value} (${l.kind})`);
    } else {
      const m = r.moves[k.index]!;
      lines.push(`  key      ${m.symbol ?? m.subject} ${m.percent > 0 ? '+' : ''}${m.percent}%${m.period ? ` ${m.period}` : ''}`);
    }
  }
  for (const k of r.keyQuotes ?? []) lines.push(`  key      "${r.quotes[k.index]!.text.slice(0, 60)}${r.quotes[k.index]!.text.length > 60 ? '…' : ''}" — ${k.speaker}`);
  if (r.story) lines.push(`  story    ${r.story.id}: ${r.story.size} article(s), first seen ${r.story.firstSeen}${r.story.id === r.id ? ' (this is the first report)' : ''}`);
  return lines.join('\n');
}

/** Input paths are relative to io.cwd (the process's own directory when run from a shell). */
const inputsFrom = (io: IO, paths: string[]) => paths.map((p) => relative(process.cwd(), resolve(io.cwd, p)) || '.');

/**
 * Run one command. A command's action imports the modules it needs (the analysis, the web server, the HTTP layer,
 * CSV): starting the process, and `--help`, loads only the command definitions.
 */
export async function main(argv: string[], io: IO): Promise<number> {
  let exit: number = EXIT.ok;
  const program = new Command('tapereader')
    .description('Reads market news and turns it into structured, searchable records.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('analyze')
    .description('analyse files, directories and feeds; print records (nothing is stored)')
    .argument('<paths...>', 'files or directories (.txt .md .html .xml/.rss/.atom)')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'json', 'table']).default('jsonl'))
    .option('--sentences <n>', 'summary length in sentences', parseWith(PosInt, '--sentences'), 3)
    .action(async (paths: string[], o: { format: string; sentences: number }) => {
      const { analyzePaths } = await import('../pipeline.js');
      const all: ArticleRecord[] = [];
      let failed = 0;
      let ok = 0;
      for await (const res of analyzePaths(inputsFrom(io, paths), { summarySentences: o.sentences })) {
        if (res.error) {
          println(io.stderr, `tapereader: ${res.error.message}`);
          if (!res.error.reason.startsWith('skipped')) failed++;
          continue;
        }
        ok++;
        for (const r of res.records) {
          if (o.format === 'jsonl') println(io.stdout, JSON.stringify(r));
          else if (o.format === 'table') println(io.stdout, `${recordTable(r)}\n`);
          else all.push(r);
        }
      }
      if (o.format === 'json') println(io.stdout, JSON.stringify(all, null, 2));
      exit = failed ? (ok ? EXIT.partial : EXIT.usage) : EXIT.ok;
    });

  dbOption(
    program
      .command('ingest')
      .description('analyse and store articles; idempotent (the same article twice is one row)')
      .argument('<paths...>', 'files or directories')
      .option('--batch <n>', 'articles per transaction', parseWith(PosInt, '--batch'), 200)
      .option('--jobs <n>', 'analysis threads (default: the number of cores); one writer either way', parseWith(PosInt, '--jobs')),
    io,
  ).action(async (paths: string[], o: { db: string; batch: number; jobs?: number }) => {
    const counts = { new: 0, updated: 0, unchanged: 0 };
    const problems: string[] = [];
    let ok = 0;
    // open (and migrate) before reading any input: a bad --db fails fast, before work is done
    const store = openStore(resolve(io.cwd, o.db));
    try {
      const [{ listInputs }, { analyzeFiles, defaultJobs }, { progress }] = await Promise.all([import('../ingest/inputs.js'), import('../ingest/parallel.js'), import('./progress.js')]);
      // one walk of the inputs: its file list sizes the progress bar and feeds the analysis
      const { files, errors, skipped } = listInputs(inputsFrom(io, paths));
      for (const e of [...errors, ...skipped]) problems.push(e.message);
      const bar = progress(io, files.length, 'ingest');
      let batch: PreparedRecord[] = [];
      const flush = () => {
        if (!batch.length) return;
        for (const outcome of store.upsertPrepared(batch)) counts[outcome]++;
        batch = [];
      };
      // analysis in worker threads, in input order; this thread is the only writer
      for await (const res of analyzeFiles(files, { jobs: o.jobs ?? defaultJobs() })) {
        bar.tick(res.file);
        if (res.error) {
          problems.push(res.error.message);
          continue;
        }
        ok++;
        // from workers, records come with their JSON and fingerprint made: this thread only writes
        for (const p of res.prepared ?? res.records.map((record) => ({ record }))) batch.push(p);
        if (batch.length >= o.batch) flush();
      }
      flush();
      bar.stop();
    } finally {
      store.close();
    }
    const failed = problems.filter((p) => !p.includes(': skipped')).length;
    println(io.stdout, `ingested into ${o.db}: ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${problems.length} skipped`);
    for (const p of problems) println(io.stderr, `  skipped ${p}`);
    exit = failed ? (ok ? EXIT.partial : EXIT.usage) : EXIT.ok;
  });

  dbOption(
    filterOptions(
      program
        .command('search')
        .description(
          'full-text search with filters (any text is safe: S&P 500, AT&T, $AAPL, 10-K). Ranked by relevance (bm25, ' +
            'title 5x) when at most 2,000 articles match; otherwise the 2,000 newest matches, title matches first; ' +
            'without a query, newest first',
        )
        .argument('[query]', 'words or phrases; every word must match (none: filters only)')
        .option('--limit <n>', 'maximum results', parseWith(PosInt, '--limit'), 20)
        .option('--json', 'JSON Lines output'),
    ),
    io,
  ).action((query: string | undefined, o: Record<string, unknown>) => {
    const hits = withStore(io, o['db'] as string, (s) => s.search(query, filtersOf(o), o['limit'] as number));
    if (o['json']) for (const h of hits) println(io.stdout, JSON.stringify(h));
    else if (!hits.length) println(io.stdout, 'no matches');
    else
      for (const h of hits) {
        println(io.stdout, `${h.id}  ${h.publishedAt?.slice(0, 10) ?? '          '}  ${h.title}`);
        println(io.stdout, `    ${[h.breadth !== 'none' ? `breadth:${h.breadth}` : '', h.tags.join(' '), h.tickers.join(' ')].filter(Boolean).join(' | ')}`);
        println(io.stdout, `    ${h.snippet}`);
      }
  });

  dbOption(program.command('show').description('one stored record').argument('<id>', 'article id (or a unique prefix of 6+ characters)').option('--json', 'the record as JSON'), io).action(
    (id: string, o: { db: string; json?: boolean }) => {
      const r = withStore(io, o.db, (s) => s.get(id));
      if (!r) throw new UsageError(`no article with id ${JSON.stringify(id)} in ${o.db}`);
      println(io.stdout, o.json ? JSON.stringify(r, null, 2) : recordTable(r));
    },
  );

  dbOption(
    filterOptions(
      program
        .command('export')
        .description('stream extracted items as CSV or JSON Lines, one row per item')
        .addOption(new Option('--kind <kind>', 'what to export').choices(EXPORT_KINDS).default('articles'))
        .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
        .option('--query <text>', 'only articles matching this full-text query')
        .option('--out <file>', 'write to a file instead of stdout'),
    ),
    io,
  ).action(async (o: Record<string, unknown>) => {
    const store = openStore(resolve(io.cwd, o['db'] as string));
    const out = o['out'] ? createWriteStream(resolve(io.cwd, o['out'] as string)) : io.stdout;
    try {
      const rows = store.exportRows(o['kind'] as ExportKind, filtersOf(o), o['query'] as string | undefined);
      let n = 0;
      if (o['format'] === 'csv') n = await (await import('../store/csv.js')).writeCsv(rows, out);
      else
        for (const row of rows) {
          if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
          n++;
        }
      if (o['out']) {
        out.end();
        await once(out, 'finish');
        println(io.stderr, `wrote ${n} ${o['kind']} row(s) to ${o['out']}`);
      }
    } finally {
      store.close();
    }
  });

  dbOption(program.command('stats').description('counts by tag, breadth, ticker, source and day').option('--json', 'as JSON'), io).action((o: { db: string; json?: boolean }) => {
    const s = withStore(io, o.db, (st) => st.stats());
    if (o.json) return println(io.stdout, JSON.stringify(s, null, 2));
    println(io.stdout, `${s.articles} article(s) in ${o.db}\n`);
    for (const [name, m] of [['tag', s.byTag], ['breadth', s.byBreadth], ['ticker', s.byTicker], ['source', s.bySource], ['day', s.byDay]] as const) {
      if (!Object.keys(m).length) continue;
      println(io.stdout, table(Object.entries(m).map(([k, n]) => [k, n]), [name, 'articles']));
      println(io.stdout);
    }
  });

  const lexicon = program.command('lexicon').description('work with lexicon files (subcommands: check, and those added by command modules)');
  lexicon
    .command('check')
    .description('validate lexicon files (tickers/indices .tsv, narratives .yml); errors as file:line')
    .argument('<files...>', 'lexicon files')
    .action(async (files: string[]) => {
      const { checkLexicon } = await import('./lexicon-check.js');
      let bad = 0;
      for (const f of files) {
        const errors = checkLexicon(resolve(io.cwd, f));
        if (!errors.length) println(io.stdout, `${f}: ok`);
        for (const e of errors) println(io.stderr, e);
        if (errors.length) bad++;
      }
      exit = bad ? EXIT.usage : EXIT.ok;
    });

  for (const register of COMMAND_MODULES) register({ program, io, setExit: (code) => (exit = code) });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError || e instanceof StoreError) {
      println(io.stderr, `tapereader: ${e.message}`);
      return EXIT.usage;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return exit;
    // the database failed under us (disk full, read-only file, I/O error): the failed transaction was rolled back
    // whole, and batches committed before it are kept
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      const why = code === 'SQLITE_FULL' ? 'the disk (or database size limit) is full' : code.startsWith('SQLITE_READONLY') ? 'the database is read-only' : (e as Error).message;
      println(io.stderr, `tapereader: database error (${code}): ${why}; the failed batch was not stored, earlier batches are kept`);
      return EXIT.partial;
    }
    throw e;
  }
}
