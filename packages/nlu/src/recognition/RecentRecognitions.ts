import type { Recognition } from '../recognizer.ts';

/**
 * A small least-recently-used memo of recognitions by utterance. Simulations
 * and test suites send the same utterances over and over (every test starts
 * with the same few openers), and a recognition is a pure function of the
 * text, so remembering the last few hundred saves most of the work. Long
 * utterances are not remembered: they rarely repeat and would hold memory.
 */
export class RecentRecognitions {
  private readonly entries = new Map<string, Recognition>();

  constructor(
    private readonly capacity = 512,
    private readonly longestText = 200,
  ) {}

  get(text: string): Recognition | undefined {
    const found = this.entries.get(text);
    if (found !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recent.
      this.entries.delete(text);
      this.entries.set(text, found);
    }
    return found;
  }

  remember(text: string, recognition: Recognition): void {
    if (text.length > this.longestText || this.capacity <= 0) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(text, recognition);
  }
}
