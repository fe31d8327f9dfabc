/**
 * The flow graph of one flow buffer, beside the editor: follows the buffer as
 * you type, highlights the node under the cursor, reveals a node's YAML when it
 * is clicked, and shows what the last test run (Test & Simulate) reached in
 * this flow. Loaded lazily, so opening the studio does not wait for the graph code.
 */
import { createMemo, createSignal, type JSX } from 'solid-js';
import { FlowGraphView, nodeAtLine, type FlowGraphModel } from './index.ts';
import type { WorkbenchStore } from '../../state/WorkbenchStore.ts';
import { useStore } from '../../state/useStore.ts';

export default function GraphPane(props: { store: WorkbenchStore; path: string }): JSX.Element {
  const state = useStore(props.store);
  const [model, setModel] = createSignal<FlowGraphModel | undefined>();
  const text = createMemo(() => state().files.get(props.path)?.text ?? '');
  const diagnostics = createMemo(() => state().diagnostics);
  const coverage = createMemo(() => state().coverage?.get(props.path));
  const highlighted = createMemo(() => {
    const m = model();
    return m && state().tabs.active === props.path ? nodeAtLine(m, state().cursor.line)?.id : undefined;
  });
  return (
    <FlowGraphView
      text={text()}
      path={props.path}
      diagnostics={diagnostics()}
      highlightedNode={highlighted()}
      coverage={coverage()}
      onReveal={(_node, range) => props.store.reveal(props.path, range)}
      onModelChange={setModel}
    />
  );
}
