// Commands that live in their own files register here: one import and one array entry per module.
// Each module exports `register(ctx: CommandContext): void` and adds its commands to ctx.program
// (a module adding a subcommand to an existing group finds it with ctx.program.commands.find(...)).
import type { CommandContext } from './common.js';
import { register as digest } from './digest.js';
import { register as explain } from './explain.js';
import { register as feed } from './feed.js';
import { register as lexiconImport } from './lexicon-import.js';
import { register as serve } from './serve.js';

export const COMMAND_MODULES: Array<(ctx: CommandContext) => void> = [digest, explain, feed, lexiconImport, serve];
