/**
 * Signed checkpoints: the log's size, its Merkle root and the server's time,
 * signed with Ed25519 by a key kept outside the log (as a Certificate
 * Transparency log signs its tree heads). A checkpoint someone saved earlier
 * pins both the key and a prefix of the log: a log rewritten or cut short
 * since no longer matches it, even if whoever did it could write every file
 * in the log's folder.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromHex, toHex } from '../hex.ts';

export interface Checkpoint {
  /** Names the log (`colloquy-audit/<log id>`), so a checkpoint of one log is never taken for another's. */
  readonly origin: string;
  readonly size: number;
  /** Hex SHA-256 Merkle root of the first `size` records. */
  readonly root: string;
  /** Server time, ISO 8601 UTC. */
  readonly time: string;
  /** Hex Ed25519 public key that signed it. */
  readonly key: string;
  /** Hex Ed25519 signature of `checkpointMessage`. */
  readonly signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'key' | 'signature'>;

/** Signs checkpoints; the secret key never leaves it. */
export interface CheckpointSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

const HEADER = 'colloquy audit checkpoint v1';

/** The exact bytes signed: one field per line, so no field can run into the next. */
export function checkpointMessage(checkpoint: UnsignedCheckpoint): Uint8Array {
  return new TextEncoder().encode(`${HEADER}\n${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.root}\n${checkpoint.time}\n`);
}

export function signCheckpoint(signer: CheckpointSigner, fields: UnsignedCheckpoint): Checkpoint {
  return { ...fields, key: toHex(signer.publicKey), signature: toHex(signer.sign(checkpointMessage(fields))) };
}

/** Whether the signature is the key's over these fields (false for malformed keys or signatures, never a throw). */
export function checkpointSignatureValid(checkpoint: Checkpoint): boolean {
  try {
    return ed25519.verify(fromHex(checkpoint.signature), checkpointMessage(checkpoint), fromHex(checkpoint.key));
  } catch {
    return false;
  }
}

/** A signer from a 32-byte Ed25519 secret key (pure TypeScript, the same in Node and the browser). */
export function ed25519Signer(secretKey: Uint8Array): CheckpointSigner {
  if (secretKey.length !== 32) throw new RangeError(`an Ed25519 secret key has 32 bytes, got ${secretKey.length}`);
  const publicKey = ed25519.getPublicKey(secretKey);
  return { publicKey, sign: (message) => ed25519.sign(message, secretKey) };
}

export function newSecretKey(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

/** A checkpoint from parsed JSON, with a message naming the first field that is wrong. */
export function parseCheckpoint(value: unknown, where = 'checkpoint'): Checkpoint {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError(`${where}: not a JSON object`);
  const v = value as Record<string, unknown>;
  const text = (name: string, pattern: RegExp, what: string): string => {
    const field = v[name];
    if (typeof field !== 'string' || !pattern.test(field)) throw new SyntaxError(`${where}: \`${name}\` must be ${what}`);
    return field;
  };
  const size = v['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new SyntaxError(`${where}: \`size\` must be a whole number from 0`);
  return {
    origin: text('origin', /^[^\n]{1,200}$/, 'one line of text'),
    size,
    root: text('root', /^[0-9a-f]{64}$/, '64 lower-case hex digits'),
    time: text('time', /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, 'an ISO 8601 UTC time'),
    key: text('key', /^[0-9a-f]{64}$/, 'an Ed25519 public key in hex (64 digits)'),
    signature: text('signature', /^[0-9a-f]{128}$/, 'an Ed25519 signature in hex (128 digits)'),
  };
}
