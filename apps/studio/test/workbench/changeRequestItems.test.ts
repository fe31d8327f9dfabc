import { describe, expect, it } from 'vitest';
import { MAX_TITLE, openChangeItems, startChangeItems } from '../../src/workbench/changeRequestItems.ts';
import type { ChangeInfo } from '../../src/state/editAccess.ts';

describe('Start a Change Request', () => {
  it('says what to type while nothing is, and the hint cannot be picked', () => {
    const [hint, ...rest] = startChangeItems('   ');
    expect(rest).toEqual([]);
    expect(hint).toMatchObject({ id: '', inert: true });
    expect(hint!.label).toMatch(/^Type a title/);
  });

  it('turns the typed title, trimmed, into the one item to pick', () => {
    expect(startChangeItems('  Offer a replacement sooner ')).toEqual([
      expect.objectContaining({ id: 'Offer a replacement sooner', label: 'Start change request “Offer a replacement sooner”' }),
    ]);
  });

  it('refuses a title longer than the server takes, saying by how much', () => {
    const [item] = startChangeItems('x'.repeat(MAX_TITLE + 1));
    expect(item).toMatchObject({ id: '', inert: true, label: `A title has at most ${MAX_TITLE} characters (this one has ${MAX_TITLE + 1}).` });
    expect(startChangeItems('x'.repeat(MAX_TITLE))[0]).toMatchObject({ id: 'x'.repeat(MAX_TITLE) });
  });
});

describe('Open a Change Request', () => {
  const changes: ChangeInfo[] = [
    { id: 'CR-1', title: 'Lost card wording', author: 'dana', state: 'draft' },
    { id: 'CR-2', title: 'Complaints reach a person', author: 'dora', state: 'in_review' },
    { id: 'CR-3', title: 'Lost card limits', author: 'dora', state: 'changes_requested' },
  ];

  it('lists only the changes that take edits, marking the one open here', () => {
    const items = openChangeItems(changes, '', 'CR-3');
    expect(items.map((i) => i.id)).toEqual(['CR-1', 'CR-3']);
    expect(items.find((i) => i.id === 'CR-3')!.description).toBe('open here');
    expect(items.find((i) => i.id === 'CR-1')!.description).toBe('a draft');
  });

  it('filters by id and title', () => {
    expect(openChangeItems(changes, 'limits', undefined).map((i) => i.id)).toEqual(['CR-3']);
  });
});
