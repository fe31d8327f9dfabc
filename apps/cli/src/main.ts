import { readFileSync } from 'node:fs';
import { auditCommand } from './commands/audit.ts';
import { chatCommand } from './commands/chat.ts';
import { serveCommand } from './commands/serve.ts';
import { simulateCommand } from './commands/simulate.ts';
import { testCommand } from './commands/test.ts';
import { usersCommand } from './commands/users.ts';
import { validateCommand } from './commands/validate.ts';
import { parseCommandArgs, type Command } from './command.ts';
import { EXIT, UsageError, type CliIo, type ExitCode } from './io.ts';

const COMMANDS: readonly Command[] = [validateCommand, testCommand, simulateCommand, chatCommand, serveCommand, usersCommand, auditCommand];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Colloquy: design, test and govern customer-service assistants.

Usage: colloquy <command> [options]

Commands:
${list}

Run \`colloquy <command> --help\` for a command's options.
Options: -h, --help (this help), -v, --version (the version).`;
}

/**
 * Runs the `colloquy` command line and returns the exit code. Never throws:
 * usage and I/O problems print one line on stderr and return 2.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(`${topic ? topic.help : generalHelp()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`colloquy: unknown command \`${name}\`; run \`colloquy --help\` for the list\n`);
    return EXIT.usage;
  }
  try {
    const parsed = parseCommandArgs(command, rest);
    if (parsed.values['help'] === true) {
      io.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`colloquy ${error.message}\n`);
      return EXIT.usage;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`colloquy ${name}: internal error (please report it): ${detail}\n`);
    return EXIT.usage;
  }
}
