#!/usr/bin/env node
// Entry point of the `colloquy` command. The CLI is written in TypeScript and
// run from source through tsx's loader, so `pnpm colloquy ...` needs no build
// step that a user could forget.
import { register } from 'tsx/esm/api';

register();
// `colloquy simulate | head`: the reader went away. Stop quietly, as Unix tools do, instead of
// dying with an unhandled EPIPE error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
