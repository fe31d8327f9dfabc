import { parseYaml } from '@colloquy/core';
import type { WorkspaceInfo } from '../events.ts';
import type { FileStore } from './fileStore.ts';

const AGENT_FILE = /^agent\.ya?ml$/i;

/**
 * The workspace's display name and size: the agent's `name` from the root
 * agent.yaml when it has one (that is what designers call the workspace),
 * otherwise the folder's name.
 */
export async function workspaceInfo(store: FileStore, folderName: string): Promise<WorkspaceInfo> {
  const files = await store.list();
  const agent = files.find((file) => AGENT_FILE.test(file.path));
  let name = folderName;
  if (agent) {
    const file = await store.read(agent.path).catch(() => undefined);
    const data = file ? parseYaml(file.path, file.content).data : undefined;
    const agentName = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['name'] : undefined;
    if (typeof agentName === 'string' && agentName.trim() !== '') name = agentName.trim();
  }
  return { name, fileCount: files.length };
}
