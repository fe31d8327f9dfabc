#!/usr/bin/env node
// Entry point of the `colloquy` command. The CLI is written in TypeScript and
// run from source through tsx's loader, so `pnpm colloquy ...` needs no build
// step that a user could forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
