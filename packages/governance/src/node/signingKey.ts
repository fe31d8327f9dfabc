/**
 * The audit log's Ed25519 signing key on disk: 32 random bytes in hex, in a
 * file only its owner can read (0600), created once and never rewritten. It
 * belongs outside the log's folder (whoever can rewrite the log must not also
 * be able to sign for it): the default is `.colloquy/keys/`, and a deployment
 * points `--audit-key` at a place the workspace's other users cannot read.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { syncFolder } from '@colloquy/core/node';
import { dirname, join } from 'node:path';
import { ed25519Signer, newSecretKey, type CheckpointSigner } from '../audit/checkpoint.ts';
import { fromHex, toHex } from '../hex.ts';

/** Where a workspace keeps the key by default, relative to the workspace folder (`--audit-key` overrides). */
export const DEFAULT_SIGNING_KEY = join('.colloquy', 'keys', 'audit-ed25519.key');

export async function loadOrCreateSigningKey(path: string): Promise<CheckpointSigner> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return signerFrom(existing, path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const secret = toHex(newSecretKey());
  try {
    // `wx`: if two processes race, one creates the key and the other reads it.
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${secret}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncFolder(dirname(path));
    return signerFrom(secret, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return signerFrom(await readFile(path, 'utf8'), path);
    throw error;
  }
}

/**
 * The key at `path`, never a new one: for commands that sign on behalf of an
 * existing log (`colloquy audit export`), where a fresh key would sign
 * checkpoints that no longer match the log's. Undefined when there is no file.
 */
export async function loadSigningKey(path: string): Promise<CheckpointSigner | undefined> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? undefined : signerFrom(text, path);
}

function signerFrom(text: string, path: string): CheckpointSigner {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not an audit signing key (64 hex digits expected)`);
  return ed25519Signer(fromHex(hex));
}
