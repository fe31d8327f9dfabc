/** Node-only entry of @colloquy/core: reading a workspace from disk. */
export { readWorkspace, type ReadWorkspaceOptions } from './readWorkspace.ts';
