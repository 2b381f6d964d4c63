// `tapereader lexicon import nasdaqlisted.txt otherlisted.txt [--out FILE] [--lexicon FILE] [--dry-run] [--json]`:
// refresh the ticker lexicon from the exchanges' symbol-directory files (see src/extract/lexicon-import.ts).
import { resolve } from 'node:path';
import { ImportError, importListings, writeLexiconAtomically } from '../extract/lexicon-import.js';
import { LEXICON_DIR } from '../extract/lexicon.js';
import type { CommandContext } from './common.js';
import { EXIT, println } from './io.js';

const SHOWN = 12; // symbols listed per line of the report

const few = (xs: string[]) => (xs.length ? `: ${xs.slice(0, SHOWN).join(' ')}${xs.length > SHOWN ? ` ... (+${xs.length - SHOWN})` : ''}` : '');

export function register(ctx: CommandContext): void {
  const { io } = ctx;
  const lexicon = ctx.program.commands.find((c) => c.name() === 'lexicon');
  if (!lexicon) throw new Error('lexicon-import: the "lexicon" command group is missing');
  const current = `${io.env['TAPEREADER_LEXICON_DIR'] ?? LEXICON_DIR.replace(/\/$/, '')}/tickers.tsv`;
  lexicon
    .command('import')
    .description('merge Nasdaq Trader symbol directories (nasdaqlisted.txt, otherlisted.txt) into the ticker lexicon: new symbols are added symbol-only, curated rows keep their aliases')
    .argument('<files...>', 'symbol-directory files (pipe-delimited, as published by Nasdaq Trader)')
    .option('--lexicon <file>', 'the ticker lexicon to start from', current)
    .option('--out <file>', 'where to write the merged lexicon (default: the --lexicon file)')
    .option('--dry-run', 'report what would change; write nothing')
    .option('--json', 'report as JSON')
    .action((files: string[], o: { lexicon: string; out?: string; dryRun?: boolean; json?: boolean }) => {
      const base = resolve(io.cwd, o.lexicon);
      const out = resolve(io.cwd, o.out ?? o.lexicon);
      let result;
      try {
        result = importListings(
          files.map((f) => resolve(io.cwd, f)),
          base,
        );
        if (!o.dryRun) writeLexiconAtomically(out, result.text);
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
        for (const line of e.errors) println(io.stderr, line);
        println(io.stderr, `tapereader: lexicon import failed (${e.errors.length} error${e.errors.length === 1 ? '' : 's'}); nothing written`);
        ctx.setExit(EXIT.usage);
        return;
      }
      const { reads, report } = result;
      if (o.json) {
        println(io.stdout, JSON.stringify({ files: reads.map(({ listed, ...r }) => ({ ...r, listed: listed.length })), ...report, written: o.dryRun ? null : out }, null, 2));
        return;
      }
      for (const r of reads) {
        println(io.stdout, `${r.file}: ${r.rows} rows${r.created ? ` (created ${r.created})` : ''}; ${r.listed.length} shares and funds, ${r.testIssues} test issues skipped, ${r.otherSecurities} warrants/units/preferreds/notes skipped`);
      }
      println(io.stdout, `added ${report.added.length}${few(report.added)}`);
      println(io.stdout, `renamed ${report.renamed.length}${few(report.renamed.map(([a, b]) => `${a}->${b}`))}`);
      println(io.stdout, `delisted ${report.delisted.length} (imported rows dropped)${few(report.delisted)}`);
      println(io.stdout, `curated rows no longer listed ${report.curatedUnlisted.length} (kept)${few(report.curatedUnlisted)}`);
      println(io.stdout, `updated ${report.updated.length} (kind, exchange or imported name)${few(report.updated)}`);
      println(io.stdout, o.dryRun ? `dry run: ${report.total} rows; nothing written` : `wrote ${out} (${report.total} rows)`);
    });
}
