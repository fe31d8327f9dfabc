/**
 * Atomic file replacement moved to `@colloquy/core/node` (packages/core/src/node/atomicWrite.ts),
 * where the server and @colloquy/governance (accounts, change requests) share it. Import it from
 * there; this re-export only keeps modules written against the old path compiling, and goes once
 * none is left.
 */
export { isTempFile, NODE_FS, syncFolder, tempPathFor, writeFileAtomic, type AtomicWriteFs, type WritableHandle } from '@colloquy/core/node';
