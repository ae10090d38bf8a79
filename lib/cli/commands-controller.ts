// The controller's subcommands, for the dispatcher's COMMANDS table (lib/cli/index.ts):
//   export const COMMANDS = { validate: ..., ...CONTROLLER_COMMANDS };
// Each command's module is loaded when it runs, so `validate` starts without the controller.
/* eslint-disable @typescript-eslint/no-require-imports */
import { Command } from './command';

const apply = () => require('./apply') as typeof import('./apply');
const diff = () => require('./diff') as typeof import('./diff');
const controller = () => require('./controller') as typeof import('./controller');

export const CONTROLLER_COMMANDS: Record<string, Command> = {
  apply: { summary: 'server-side apply a folder in dependency order; --wait, --prune (disks kept), --dry-run', run: (args, io) => apply().runApply(args, io) },
  diff: { summary: 'unified diff of what apply would change (server-side dry-run); exit 1 on changes', run: (args, io) => diff().runDiff(args, io) },
  controller: { summary: 'enforce a folder: drift correction, resync, leader election, /metrics', run: (args, io) => controller().runController(args, io) },
};
