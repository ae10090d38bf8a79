// The controller's subcommands, for the dispatcher's COMMANDS table (lib/cli/index.ts):
//   export const COMMANDS = { validate: ..., ...CONTROLLER_COMMANDS };
import { runApply } from './apply';
import { Command } from './command';
import { runController } from './controller';
import { runDiff } from './diff';

export const CONTROLLER_COMMANDS: Record<string, Command> = {
  apply: { summary: 'server-side apply a folder in dependency order; --wait, --prune (disks kept), --dry-run', run: (args, io) => runApply(args, io) },
  diff: { summary: 'unified diff of what apply would change (server-side dry-run); exit 1 on changes', run: (args, io) => runDiff(args, io) },
  controller: { summary: 'enforce a folder: drift correction, resync, leader election, /metrics', run: (args, io) => runController(args, io) },
};
