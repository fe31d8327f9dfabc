import { describe, expect, it } from 'vitest';
import { failingCaseReplay, replayDifferences } from '../../../src/features/simulate/caseReplay.ts';
import { createTryItSession } from '../../../src/features/simulate/tryItSession.ts';
import { exampleSimulation, readExampleWorkspace } from './support.ts';

const files = readExampleWorkspace();
const report = exampleSimulation();

describe('opening a failing case in Try it', () => {
  it('says the case’s utterances again, follow-ups included, and goes the way the run went', () => {
    // Given a failing case with follow-up turns (the assistant asked something)
    const failing = report.failing.find((f) => f.trace.length > 2) ?? report.failing[0]!;
    const request = failingCaseReplay(failing, report.run.recognizer, 1);
    expect(request.utterances[0]).toBe(failing.utterance);
    expect(request.utterances).toHaveLength(failing.trace.length - 1);
    expect(request).toMatchObject({ seq: 1, title: failing.id, showTurn: 1, recognizer: 'lexical' });
    // When Try it plays it on the same files
    const session = createTryItSession();
    const played = session.play(files, request.utterances);
    if (!played.ok) throw new Error(played.reason);
    // Then every turn recognised and replied as in the run
    expect(played.conversation.turns.map((t) => t.utterance)).toEqual(request.utterances);
    for (const recorded of failing.trace.slice(1)) {
      const turn = played.conversation.turns.find((t) => t.turn === recorded.turn)!;
      expect(turn.messages).toEqual(recorded.messages);
    }
    expect(replayDifferences(played.conversation, request)).toEqual([]);
  });

  it('points out where the replay went otherwise than the run (another recognizer, edited flows)', () => {
    const failing = report.failing.find((f) => f.outcome === 'out-of-scope' && f.trace.length === 2)!;
    const session = createTryItSession();
    const request = { ...failingCaseReplay(failing, 'use', 2), recorded: failing.trace.map((t) => (t.turn === 1 ? { ...t, intent: 'report_lost_card', handoff: 'cards' } : t)) };
    const played = session.play(files, request.utterances);
    if (!played.ok) throw new Error(played.reason);
    expect(replayDifferences(played.conversation, request)).toEqual([
      'Turn 1: the run (use) recognised report_lost_card; Try it recognised nothing.',
      'Turn 1: the run handed over; Try it did not.',
    ]);
  });
});
