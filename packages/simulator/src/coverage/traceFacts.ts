/**
 * What a set of traces reached, collected in one pass over every event so
 * that each coverage category is a lookup. Keys join ids with a character no
 * identifier can contain.
 */
import type { TraceEvent } from '@colloquy/engine';

export interface TraceFacts {
  readonly recognisedIntents: ReadonlySet<string>;
  readonly enteredFlows: ReadonlySet<string>;
  /** `nodeKey(flow, node)`. */
  readonly enteredNodes: ReadonlySet<string>;
  /** `transitionKey(...)`. */
  readonly takenTransitions: ReadonlySet<string>;
  /** `rowKey(table, row)`. */
  readonly firedRows: ReadonlySet<string>;
  /** Some utterance was not understood: a fallback while idle, or an answer a question rejected. */
  readonly misunderstood: boolean;
}

const SEP = '\u0000';

export const nodeKey = (flow: string, node: string): string => `${flow}${SEP}${node}`;
export const transitionKey = (flow: string, from: string, via: string, key: string | undefined): string =>
  `${flow}${SEP}${from}${SEP}${via}${SEP}${key ?? ''}`;
export const rowKey = (table: string, row: number): string => `${table}${SEP}${row}`;

/**
 * Accumulates facts trace by trace, so a long run can drop each conversation's
 * trace as soon as it is counted instead of holding them all.
 */
export class TraceFactsCollector {
  private readonly recognisedIntents = new Set<string>();
  private readonly enteredFlows = new Set<string>();
  private readonly enteredNodes = new Set<string>();
  private readonly takenTransitions = new Set<string>();
  private readonly firedRows = new Set<string>();
  private misunderstood = false;

  add(trace: readonly TraceEvent[]): void {
    for (const event of trace) {
      switch (event.type) {
        case 'recognized':
          if (event.intent !== null) this.recognisedIntents.add(event.intent);
          break;
        case 'flow_entered':
          this.enteredFlows.add(event.flow);
          break;
        case 'node_entered':
          this.enteredNodes.add(nodeKey(event.flow, event.node));
          break;
        case 'transition':
          this.takenTransitions.add(transitionKey(event.flow, event.from, event.via, event.via === 'route' ? event.key : undefined));
          break;
        case 'rule_fired':
          this.firedRows.add(rowKey(event.table, event.row));
          break;
        case 'fallback':
        case 'slot_rejected':
          this.misunderstood = true;
          break;
        case 'turn_started':
        case 'message':
        case 'slot_filled':
        case 'rule_no_match':
        case 'action':
        case 'handoff':
        case 'end':
        case 'digression':
        case 'resumed':
        case 'error':
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`unknown trace event ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  facts(): TraceFacts {
    return {
      recognisedIntents: new Set(this.recognisedIntents),
      enteredFlows: new Set(this.enteredFlows),
      enteredNodes: new Set(this.enteredNodes),
      takenTransitions: new Set(this.takenTransitions),
      firedRows: new Set(this.firedRows),
      misunderstood: this.misunderstood,
    };
  }
}

export function collectTraceFacts(traces: Iterable<readonly TraceEvent[]>): TraceFacts {
  const collector = new TraceFactsCollector();
  for (const trace of traces) collector.add(trace);
  return collector.facts();
}
