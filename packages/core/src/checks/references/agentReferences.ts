/**
 * Names inside agent.yaml that must resolve within it: the fallback handoff's
 * queue (CQ208), each action's `default` outcome (CQ212), approval rule topics
 * (CQ218), and placeholders in the greeting and fallback messages, which can
 * only use context variables because no flow is running (CQ210).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { agentMessages } from '../messages.ts';
import { findPlaceholders, placeholderRange } from '../placeholders.ts';
import { quote, quoteList, report, suggestion } from '../report.ts';
import { didYouMean } from '../../schema/closestName.ts';

export function checkAgentReferences(file: LoadedFile<'agent'>): Diagnostic[] {
  const agent = file.data;
  const diagnostics: Diagnostic[] = [];
  const queues = Object.keys(agent.queues);
  const fallbackQueue = agent.fallback.handoff.queue;
  if (!Object.hasOwn(agent.queues, fallbackQueue)) {
    const message = `the fallback hands over to queue ${quote(fallbackQueue)}, which is not declared under \`queues\`${suggestion(fallbackQueue, queues)}`;
    diagnostics.push(report('CQ208', file.path, file.source.rangeOf(['fallback', 'handoff', 'queue']), message));
  }
  for (const [name, action] of Object.entries(agent.actions ?? {})) {
    if (action.outcomes.includes(action.default)) continue;
    const message = `the default outcome of action ${quote(name)} is ${quote(action.default)}, which is not one of its outcomes (${quoteList(action.outcomes)})${didYouMean(action.default, action.outcomes)}`;
    diagnostics.push(report('CQ212', file.path, file.source.rangeOf(['actions', name, 'default']), message));
  }
  const topics = Object.keys(agent.topics ?? {});
  (agent.approval?.rules ?? []).forEach((rule, i) => {
    (rule.when?.topics ?? []).forEach((topic, j) => {
      if (Object.hasOwn(agent.topics ?? {}, topic)) return;
      const where = topics.length > 0 ? `which is not declared under \`topics\`${suggestion(topic, topics)}` : 'but no `topics` are declared';
      diagnostics.push(report('CQ218', file.path, file.source.rangeOf(['approval', 'rules', i, 'when', 'topics', j]), `approval rule ${i + 1} applies to topic ${quote(topic)}, ${where}`));
    });
  });
  const contextNames = Object.keys(agent.context ?? {});
  for (const message of agentMessages(agent)) {
    for (const placeholder of findPlaceholders(message.text)) {
      if (Object.hasOwn(agent.context ?? {}, placeholder.name)) continue;
      const where = message.path.join('.');
      const text = `the placeholder \`{${placeholder.name}}\` in \`${where}\` is not a context variable, and messages in agent.yaml can use nothing else, since no flow is running${suggestion(placeholder.name, contextNames)}`;
      diagnostics.push(report('CQ210', file.path, placeholderRange(file.source, message.path, placeholder, message.text), text));
    }
  }
  return diagnostics;
}
