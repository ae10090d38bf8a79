import { parseArgs as parseNodeArgs } from 'util';

/** What a subcommand may use to talk to the user (injectable for tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Writes a piece of stdout as is (no line break added), for reports written piece by piece
   * (`validate --output json`). Without it such a report goes whole to `stdout`.
   */
  stdoutPiece?(text: string): void;
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

/**
 * Parses `--flag`, `--key value`, `--key=value` and positionals with Node's `util.parseArgs`
 * (strict: unknown options are errors). One-letter names (`h`, `o`) are the short forms `-h`, `-o`.
 */
export function parseArgs(args: readonly string[], spec: { flags: readonly string[]; options: readonly string[] }):
  { positionals: string[]; flags: Set<string>; options: Map<string, string>; error?: string } {
  const config: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const name of spec.flags) config[name] = { type: 'boolean', ...(name.length === 1 ? { short: name } : {}) };
  for (const name of spec.options) config[name] = { type: 'string', ...(name.length === 1 ? { short: name } : {}) };
  const flags = new Set<string>();
  const options = new Map<string, string>();
  try {
    const { values, positionals } = parseNodeArgs({ args: [...args], options: config, strict: true, allowPositionals: true });
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string') options.set(name, value);
      else if (value === true) flags.add(name);
    }
    return { positionals, flags, options };
  } catch (err) {
    return { positionals: [], flags, options, error: usageError(err as Error & { code?: string }) };
  }
}

/** util.parseArgs's messages are long and generic; the user needs the option and what is wrong. */
function usageError(err: Error & { code?: string }): string {
  const option = (/'(-[^' ,]+)/.exec(err.message)?.[1] ?? '');
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(err.message) ? `${option} takes no value` : `${option} needs a value`;
    default: return err.message;
  }
}
