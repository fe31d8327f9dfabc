/**
 * The flow graph feature: a live, laid-out drawing of one flow file.
 *
 * Provides: `FlowGraphView` (the SolidJS view, see README.md), `nodeAtLine`
 * (editor cursor -> node), and the DOM-free pieces it is built from, for other
 * surfaces (a read-only review page, the CLI) and for tests.
 * Needs: `@colloquy/core` (parsing, flow graph helpers, diagnostics); the layout is our own (no library).
 */
export { FlowGraphView, type FlowGraphViewProps } from './FlowGraphView.tsx';
export * from './headless.ts';
