/**
 * The simulate feature: "Try it" (chat with the assistant on the current
 * text, with the trace of each turn, and save the conversation as a test) and
 * "Test & Simulate" (run the scripted tests with progress, results and
 * coverage per flow), and "Simulate" (a simulation run on the server with
 * progress, cancel and its report: charts, confusions, policies, failing
 * cases that open in Try it, coverage, metadata).
 *
 * Provides: `TryItPanel`, `TestView`, `SimulationPanel` (SolidJS views, see README.md), and the
 * DOM-free pieces they are built from (`headless.ts`).
 * Needs: the editor's buffers (`files`), a way to reveal a range in a file
 * (`onReveal`) and to write a file (`onWriteFile`); for Simulate the saved
 * files and the server's simulations API (`SimulationsApi`); `@colloquy/core`, `engine`,
 * `nlu`, `simulator`. It uses no other studio feature: coverage goes to the
 * graph through the shell (`onCoverage` → `toGraphCoverage`).
 */
export { TryItPanel, type TryItPanelProps } from './TryItPanel.tsx';
export { TestView, type TestViewProps } from './TestView.tsx';
export { SimulationPanel, type SimulationPanelProps } from './SimulationPanel.tsx';
export { TurnTrace } from './TurnTrace.tsx';
export { RefusalNotice } from './RefusalNotice.tsx';
export { SaveTestDialog, type SaveTestDialogProps, type SavedTest } from './SaveTestDialog.tsx';
export * from './headless.ts';
