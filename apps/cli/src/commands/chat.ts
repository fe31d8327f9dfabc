import { createInterface } from 'node:readline';
import { ConversationEngine, describeTraceEvent, type ContextValue, type TurnResult } from '@colloquy/engine';
import { lexicalNlu } from '@colloquy/nlu';
import { contextDeclarations, parseContextValue } from '@colloquy/simulator';
import type { Command } from '../command.ts';
import { formatDiagnosticLines } from '../diagnosticOutput.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { loadWorkspace } from '../loadWorkspace.ts';

const CHAT_HELP_LINE = 'Type a message and press Enter. /trace toggles the trace, /slots shows slot values, /reset starts over, /quit leaves.';

export const chatCommand: Command = {
  name: 'chat',
  summary: 'Talk to the assistant in the terminal, optionally showing the trace of each turn',
  help: `Usage: colloquy chat [dir] [--trace] [--context NAME=VALUE ...] [--action NAME=OUTCOME ...] [--today YYYY-MM-DD]

Starts a conversation with the assistant defined by the workspace in [dir]
(default: the current folder), using the built-in lexical recognizer. Reads one
customer message per line from standard input, so it also works with piped
input.

In the conversation:
  /trace   show or hide the trace (nodes, transitions, rule rows, slots)
  /slots   show the current slot values
  /reset   start a new conversation
  /quit    leave (or press Ctrl+D)

Options:
  --trace                  Show the trace of each turn from the start
  --context NAME=VALUE     Set a context variable (repeatable), e.g. --context tier=gold; read as
                           agent.yaml declares it (true/false, a number, one of its values)
  --action NAME=OUTCOME    Make an action report an outcome (repeatable), e.g. --action cards.freeze=failed
  --today YYYY-MM-DD       The conversation's date (default: today)
  -h, --help               Show this help

Exit codes: 0 after a normal end, 1 the workspace has errors, 2 usage or I/O error.`,
  options: {
    trace: { type: 'boolean' },
    context: { type: 'string', multiple: true },
    action: { type: 'string', multiple: true },
    today: { type: 'string' },
  },
  maxPositionals: 1,
  async run({ values, positionals }, io) {
    const contextPairs = parsePairs(values['context'], '--context');
    const actions = parsePairs(values['action'], '--action');
    const today = (values['today'] as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError('chat: --today must look like 2026-01-31');
    const loaded = await loadWorkspace(positionals[0], io.cwd, 'chat');
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      io.stderr.write(`${formatDiagnosticLines(errors, loaded.root, io.cwd)}\nchat: fix the errors above first\n`);
      return EXIT.findings;
    }
    const context = typedContext(contextPairs, contextDeclarations(loaded.workspace.agent?.data.context));
    const engine = new ConversationEngine(loaded.workspace, lexicalNlu(loaded.workspace));
    let showTrace = values['trace'] === true;
    const start = () => engine.startSession({ context, actions, today });
    let session = start();
    io.stdout.write(`${CHAT_HELP_LINE}\n`);
    let last = session.open();
    printTurn(io, last, showTrace);
    const lines = createInterface({ input: io.stdin, terminal: false });
    for await (const line of lines) {
      const command = line.trim();
      if (command === '/quit' || command === '/exit') break;
      if (command === '/trace') {
        showTrace = !showTrace;
        io.stdout.write(`(trace ${showTrace ? 'on' : 'off'})\n`);
        continue;
      }
      if (command === '/reset') {
        session = start();
        io.stdout.write('(new conversation)\n');
        last = session.open();
        printTurn(io, last, showTrace);
        continue;
      }
      if (command === '/slots') {
        const where = last.flow ? `flow ${last.flow}` : 'no flow';
        io.stdout.write(`(${where}) ${JSON.stringify(last.slots)}\n`);
        continue;
      }
      io.stdout.write(`you> ${line}\n`);
      last = session.turn(line);
      printTurn(io, last, showTrace);
      if (session.status === 'handed_off') io.stdout.write('(a person takes over from here; /reset starts a new conversation)\n');
    }
    lines.close();
    return EXIT.ok;
  },
};

function printTurn(io: CliIo, result: TurnResult, showTrace: boolean): void {
  if (showTrace) for (const event of result.events) io.stdout.write(`  · ${describeTraceEvent(event)}\n`);
  for (const message of result.messages) io.stdout.write(`bot> ${message}\n`);
}

function parsePairs(raw: unknown, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`chat: ${flag} expects NAME=VALUE, got \`${pair}\``);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** `--context` values as agent.yaml declares them (as Try-it reads its settings); undeclared names are guessed. */
function typedContext(pairs: Record<string, string>, declared: ReturnType<typeof contextDeclarations>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [name, raw] of Object.entries(pairs)) {
    const parsed = parseContextValue(raw, declared.get(name));
    if (!parsed.ok) throw new UsageError(`chat: --context ${name}=${raw}: ${parsed.reason}`);
    if (parsed.value !== undefined) out[name] = parsed.value;
  }
  return out;
}
