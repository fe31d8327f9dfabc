import type { TraceEvent } from './trace.ts';

/**
 * One readable line per trace event, for terminals (`colloquy chat --trace`),
 * test reports and the studio's Trace panel.
 */
export function describeTraceEvent(event: TraceEvent): string {
  const at = 'at' in event && event.at ? ` (${event.at.file}:${event.at.line})` : '';
  switch (event.type) {
    case 'turn_started':
      return `turn ${event.turn}: "${event.utterance}"`;
    case 'recognized': {
      const ranking = event.ranking.slice(0, 3).map((r) => `${r.intent} ${r.score.toFixed(2)}`).join(', ');
      return event.intent
        ? `recognised ${event.intent} (${event.confidence.toFixed(2)}; ${ranking})`
        : `not recognised (best ${event.confidence.toFixed(2)}${ranking ? `; ${ranking}` : ''})`;
    }
    case 'fallback':
      return `fallback: ${event.reason.replace('_', ' ')} (${event.consecutive} in a row)${at}`;
    case 'flow_entered':
      return `${event.digression ? 'digression into' : 'entered'} flow ${event.flow}${event.intent ? ` for ${event.intent}` : ''}${at}`;
    case 'node_entered':
      return `node ${event.flow}.${event.node}${at}`;
    case 'message':
      return `says "${event.text}"`;
    case 'slot_filled':
      return `slot ${event.slot} = ${JSON.stringify(event.value)} (${event.source})${at}`;
    case 'slot_rejected':
      return `slot ${event.slot} rejected "${event.text}" (attempt ${event.attempt})${at}`;
    case 'transition':
      return `${event.from} → ${event.to} via ${event.via === 'route' ? `route ${event.key ?? ''}` : event.via}${at}`;
    case 'rule_fired':
      return `rules ${event.table} row ${event.row + 1}${event.rowId ? ` (${event.rowId})` : ''} → ${JSON.stringify(event.outputs)}${at}`;
    case 'rule_no_match':
      return `rules ${event.table}: no row matches ${JSON.stringify(event.inputs)}${at}`;
    case 'action':
      return `action ${event.action} → ${event.outcome}${at}`;
    case 'handoff':
      return `handoff to ${event.queue}${event.reason ? ` (${event.reason})` : ''}${at}`;
    case 'end':
      return `end: ${event.outcome}${at}`;
    case 'digression':
      return `paused ${event.from} for ${event.to} (${event.intent})`;
    case 'resumed':
      return `resumed ${event.flow} at ${event.node}`;
    case 'error':
      return `error ${event.code}: ${event.message}${at}`;
    default: {
      const unreachable: never = event;
      return String(unreachable);
    }
  }
}
