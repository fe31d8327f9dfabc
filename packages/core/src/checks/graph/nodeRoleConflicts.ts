/**
 * A node does one thing (CQ303): it asks, decides or acts and then routes on,
 * or it finishes the conversation with `end` or `handoff` (the runtime does
 * exactly one of these per node, so an action that should be followed by an
 * end needs a node of its own for the end). Fields that belong
 * to one role (`fill`, `retries`, `routes`, `consent`...) on a node without
 * that role are never used by the runtime, which is almost always a mistake
 * the designer wants to hear about. A question must also say which slot its
 * answer fills (CQ306).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { FlowNode } from '../../kinds/index.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { quote, report } from '../report.ts';

const DOING = { ask: 'asks a question', decide: 'decides with a rules table', action: 'runs an action' } as const;
const TO_DO = { ask: 'ask a question', decide: 'decide with a rules table', action: 'run an action' } as const;
const FINISHING = { handoff: 'hands the conversation over', end: 'ends the conversation' } as const;
const QUESTION_FIELDS = ['fill', 'retries', 'on_fail', 'reprompt'] as const;

type DoingField = keyof typeof DOING;
type FinishingField = keyof typeof FINISHING;

export function checkNodeRoleConflicts(file: LoadedFile<'flow'>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [id, node] of Object.entries(file.data.nodes)) {
    const at = (field: keyof FlowNode) => file.source.keyRangeOf(['nodes', id, field]);
    const conflict = (field: keyof FlowNode, message: string) => diagnostics.push(report('CQ303', file.path, at(field), message));
    const doing = (Object.keys(DOING) as DoingField[]).filter((field) => node[field] !== undefined);
    const finishing = (Object.keys(FINISHING) as FinishingField[]).filter((field) => node[field] !== undefined);

    for (const extra of doing.slice(1)) {
      conflict(extra, `node ${quote(id)} both ${DOING[doing[0]!]} (\`${doing[0]!}\`) and ${DOING[extra]} (\`${extra}\`); a node does one thing: split it into two nodes joined by \`next\``);
    }
    if (finishing.length === 2) {
      conflict('end', `node ${quote(id)} has both \`handoff\` and \`end\`; a conversation either goes to a person or ends: keep one`);
    }
    const finisher = finishing[0];
    if (finisher) {
      for (const field of ['ask', 'decide', 'action', 'next', 'routes'] as const) {
        if (node[field] === undefined) continue;
        const consequence = field === 'next' || field === 'routes' ? `its \`${field}\` is never followed` : `it cannot also ${TO_DO[field]} (\`${field}\`)`;
        conflict(field, `node ${quote(id)} ${FINISHING[finisher]} (\`${finisher}\`), so ${consequence}; move it to a node of its own or remove it`);
      }
    }
    if (node.ask === undefined) {
      for (const field of QUESTION_FIELDS) {
        if (node[field] === undefined) continue;
        conflict(field, `node ${quote(id)} has \`${field}\` but asks no question (\`ask\`); \`${field}\` only applies to a question`);
      }
      if (node.consent === true) {
        conflict('consent', `node ${quote(id)} is marked \`consent: true\` but asks no question; mark the question that asks for consent`);
      }
    }
    if (node.routes !== undefined && doing.length === 0 && !finisher) {
      conflict('routes', `node ${quote(id)} has \`routes\` but nothing to route on: only a question (\`ask\`), a decision (\`decide\`) or an action (\`action\`) gives a value; use \`next\``);
    }
    if (node.ask !== undefined && node.fill === undefined) {
      diagnostics.push(
        report('CQ306', file.path, at('ask'), `node ${quote(id)} asks a question but has no \`fill\`, so the answer is not kept; name the slot it fills`),
      );
    }
  }
  return diagnostics;
}
