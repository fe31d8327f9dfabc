import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type CliIo, type ExitCode } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The full help text shown by `colloquy <name> --help`. */
  readonly help: string;
  readonly options: Options;
  /** At most this many positional arguments. */
  readonly maxPositionals: number;
  run(parsed: ParsedCommand, io: CliIo): Promise<ExitCode>;
}

export interface ParsedCommand {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses a command's arguments strictly: an unknown flag or a missing value is a usage error. */
export function parseCommandArgs(command: Command, args: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${command.name}: ${simplifyParseError(error)}`);
  }
  if (parsed.positionals.length > command.maxPositionals) {
    throw new UsageError(`${command.name}: unexpected argument \`${parsed.positionals[command.maxPositionals]}\``);
  }
  return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
}

function simplifyParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option \`${unknown[1]}\` (see --help)`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `option \`${missing[1]!.split(',').pop()!.trim()}\` needs a value`;
  return message.split('\n')[0]!.replace(/\.$/, '');
}

/** Reads `--format` against the formats a command supports. */
export function formatOption<F extends string>(value: unknown, allowed: readonly F[], command: string): F {
  const format = (value ?? allowed[0]) as string;
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`${command}: unknown format \`${format}\`; use one of ${allowed.join(', ')}`);
  }
  return format as F;
}
