/**
 * Reading a password for `colloquy users`: from the terminal without echo
 * (asked twice, so a typo does not lock anyone out), or, for scripts, the
 * whole of standard input with `--password-stdin` (like `docker login`: a
 * password on the command line would be in the shell's history and in `ps`).
 */
import type { Readable, Writable } from 'node:stream';
import { UsageError } from './io.ts';

/** A terminal's standard input: Node's `tty.ReadStream` has these. */
export interface TerminalInput extends Readable {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = ['\u007f', '\b'];

/** Reads one line from a terminal in raw mode, echoing nothing; Ctrl+C or Ctrl+D cancels. */
export function readHiddenLine(input: TerminalInput, output: Writable, prompt: string): Promise<string> {
  if (!input.isTTY || !input.setRawMode) return Promise.reject(new UsageError('no terminal to ask for the password on'));
  // Raw mode before the prompt: what is typed as soon as the prompt shows must not be echoed.
  input.setRawMode(true);
  input.resume();
  output.write(prompt);
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return finish(() => resolve(line));
        if (char === CTRL_C || char === CTRL_D) return finish(() => reject(new UsageError('cancelled')));
        if (BACKSPACE.includes(char)) line = [...line].slice(0, -1).join('');
        else if (char >= ' ') line += char;
      }
    };
    input.on('data', onData);
  });
}

/** Asks for a new password twice on the terminal; a mismatch is a usage error. */
export async function promptNewPassword(input: TerminalInput, output: Writable, account: string): Promise<string> {
  const first = await readHiddenLine(input, output, `New password for ${account}: `);
  const second = await readHiddenLine(input, output, 'Type it again: ');
  if (first !== second) throw new UsageError('the two passwords differ; nothing was changed');
  return first;
}

/** The password piped to standard input: all of it, less one line ending at the end. */
export async function readPasswordFromStdin(input: Readable): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.length > 64 * 1024) throw new UsageError('standard input holds more than a password (over 64 KiB)');
  }
  return text.replace(/\r?\n$/, '');
}

/** The password for `account`: `--password-stdin`, else the terminal, else a usage error saying what to do. */
export async function newPassword(options: { readonly fromStdin: boolean; readonly stdin: TerminalInput; readonly prompt: Writable; readonly account: string }): Promise<string> {
  if (options.fromStdin) return readPasswordFromStdin(options.stdin);
  if (!options.stdin.isTTY) throw new UsageError('no terminal to ask for the password on: pipe it in with --password-stdin');
  return promptNewPassword(options.stdin, options.prompt, options.account);
}
