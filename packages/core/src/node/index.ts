/** Node-only entry of @colloquy/core: reading a workspace from disk. */
export { readWorkspace, type ReadWorkspaceOptions } from './readWorkspace.ts';
export { isTempFile, NODE_FS, syncFolder, tempPathFor, writeFileAtomic, type AtomicWriteFs, type WritableHandle } from './atomicWrite.ts';
