/**
 * Intent topics are declared in agent.yaml (CQ218), so that policies, which
 * name topics, and intents, which carry them, agree on the spelling. A flow's
 * results are kept while it and the agent file are unchanged
 * (flowAgainstAgent.ts).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { quote, report, suggestion } from '../report.ts';
import { flowAgainstAgent } from '../flowAgainstAgent.ts';

export const createIntentTopicsCheck = flowAgainstAgent((flow, agent) => {
  const topics = agent.data.topics ?? {};
  const diagnostics: Diagnostic[] = [];
  for (const [intent, definition] of Object.entries(flow.data.intents ?? {})) {
    (definition.topics ?? []).forEach((topic, i) => {
      if (Object.hasOwn(topics, topic)) return;
      const names = Object.keys(topics);
      const where = names.length > 0 ? `which is not declared under \`topics\` in agent.yaml${suggestion(topic, names)}` : 'but agent.yaml declares no `topics`';
      const message = `intent ${quote(intent)} is tagged with topic ${quote(topic)}, ${where}`;
      diagnostics.push(report('CQ218', flow.path, flow.source.rangeOf(['intents', intent, 'topics', i]), message));
    });
  }
  return diagnostics;
});
