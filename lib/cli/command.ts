/** What a subcommand may use to talk to the user (injectable for tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Color is allowed (stdout is a terminal and NO_COLOR is unset). */
  readonly isTTY: boolean;
  readonly cwd: string;
}

export interface Command {
  /** One line for the usage text. */
  readonly summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Parses `--flag`, `--key value`, `--key=value` and positionals; unknown flags are errors. */
export function parseArgs(args: readonly string[], spec: { flags: readonly string[]; options: readonly string[] }):
  { positionals: string[]; flags: Set<string>; options: Map<string, string>; error?: string } {
  const positionals: string[] = [];
  const flags = new Set<string>();
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') { positionals.push(...args.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^-+/, '');
    if (spec.flags.includes(name) && eq < 0) { flags.add(name); continue; }
    if (spec.options.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return { positionals, flags, options, error: `--${name} needs a value` };
      options.set(name, value);
      continue;
    }
    return { positionals, flags, options, error: `unknown option ${arg}` };
  }
  return { positionals, flags, options };
}
