/**
 * The edits `pnpm bench` times on one large flow in a loaded workspace. Each
 * run makes a new version of the file (so nothing can be served from the
 * cache), and both kinds are real edits a designer makes.
 */

/** Rewords one message: nothing another file can see changes. */
export function messageEdit(flow: string, run: number): string {
  return replaceOnce(flow, 'Step 1 of', `Step 1 (edit ${run}) of`);
}

/**
 * Renames a node and the route to it, and renames the flow's intent, so the
 * indexes of intents and training examples change. Every other run also makes
 * two cross-file mistakes, which the next run takes back: the intent becomes
 * one that `otherIntent`'s flow already starts (CQ213, reported in that other
 * file) and a decision names a rules table that does not exist (CQ202).
 */
export function referenceEdit(flow: string, run: number, otherIntent: string): string {
  const id = /^id: (\S+)$/m.exec(flow)![1]!;
  const broken = run % 2 === 1;
  let text = replaceOnce(flow, '  b0_act:\n', `  b0_act_${run}:\n`);
  text = replaceOnce(text, '      self_serve: b0_act\n', `      self_serve: b0_act_${run}\n`);
  text = replaceOnce(text, `  ${id}_intent:\n`, broken ? `  ${otherIntent}:\n` : `  ${id}_intent_${run}:\n`);
  if (broken) text = replaceOnce(text, '    decide: bench_route\n', `    decide: bench_route_${run}\n`);
  return text;
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1) throw new Error(`bench edit: ${JSON.stringify(from)} is not in the flow`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
