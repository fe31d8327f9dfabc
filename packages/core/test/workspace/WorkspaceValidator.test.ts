/**
 * What the incremental validator reuses, observed without timing: a result or
 * a diagnostic that was not recomputed is the very same object as before,
 * while recomputing always builds new ones.
 */
import { describe, expect, it } from 'vitest';
import { WorkspaceValidator, validateWorkspace, type Diagnostic, type ValidationResult } from '../../src/index.ts';
import { AGENT, BASE_WORKSPACE, CARD_FLOW, CARD_RULES, CARD_TEST, edit } from '../checks/workspaceBuilder.ts';

function validatorWith(files: Readonly<Record<string, string>>): WorkspaceValidator {
  const validator = new WorkspaceValidator();
  for (const [path, content] of Object.entries(files)) validator.set(path, content);
  return validator;
}

/** The same result as validating these files from scratch. */
function expectFromScratch(result: ValidationResult, files: Readonly<Record<string, string>>): void {
  const fresh = validateWorkspace(Object.entries(files).map(([path, content]) => ({ path, content })));
  expect(result.diagnostics).toEqual(fresh.diagnostics);
}

const find = (result: ValidationResult, file: string, code: string): Diagnostic => {
  const found = result.diagnostics.find((d) => d.file === file && d.code === code);
  if (!found) throw new Error(`no ${code} in ${file}: ${result.diagnostics.map((d) => `${d.file} ${d.code}`).join(', ')}`);
  return found;
};

/** A second flow that runs an action the catalogue lacks (CQ209) and shares an example with card_lost (CQ214). */
const OTHER_FLOW = edit(
  edit(edit(CARD_FLOW, 'id: card_lost', 'id: card_other'), 'report_lost_card:', 'report_other_card:'),
  'action: cards.freeze',
  'action: cards.unknown',
);
const UNKNOWN_ACTION_FLOW = edit(CARD_FLOW, 'action: cards.freeze', 'action: cards.unknown');

describe('WorkspaceValidator', () => {
  describe('when nothing changed since the last validation', () => {
    it('returns the same result object', () => {
      const validator = validatorWith(BASE_WORKSPACE);
      const first = validator.validate();
      expect(validator.validate()).toBe(first);
    });

    it('treats setting the same text, or the same bytes, as no change', () => {
      const validator = validatorWith(BASE_WORKSPACE);
      validator.set('flows/bytes.flow.yaml', new TextEncoder().encode(OTHER_FLOW));
      const first = validator.validate();
      validator.set('flows/card_lost.flow.yaml', CARD_FLOW);
      validator.set('flows/bytes.flow.yaml', new TextEncoder().encode(OTHER_FLOW));
      expect(validator.validate()).toBe(first);
    });

    it('treats deleting a file it does not hold as no change', () => {
      const validator = validatorWith(BASE_WORKSPACE);
      const first = validator.validate();
      validator.delete('flows/never_added.flow.yaml');
      expect(validator.validate()).toBe(first);
    });
  });

  describe('after a change', () => {
    it('builds a new result, equal to validating from scratch', () => {
      const validator = validatorWith(BASE_WORKSPACE);
      const first = validator.validate();
      const changed = { ...BASE_WORKSPACE, 'flows/card_lost.flow.yaml': UNKNOWN_ACTION_FLOW };
      validator.set('flows/card_lost.flow.yaml', UNKNOWN_ACTION_FLOW);
      const second = validator.validate();
      expect(second).not.toBe(first);
      expectFromScratch(second, changed);
      expect(find(second, 'flows/card_lost.flow.yaml', 'CQ209')).toBeDefined();
    });

    it('does not depend on the order files were set in', () => {
      const forwards = validatorWith({ ...BASE_WORKSPACE, 'flows/other.flow.yaml': OTHER_FLOW }).validate();
      const backwards = validatorWith(Object.fromEntries(Object.entries({ ...BASE_WORKSPACE, 'flows/other.flow.yaml': OTHER_FLOW }).reverse())).validate();
      expect(backwards.diagnostics).toEqual(forwards.diagnostics);
      expect(backwards.workspace.broken).toEqual(forwards.workspace.broken);
    });
  });

  describe('cross-file results after an edit to one flow', () => {
    it('keeps what other flows reported against the agent file, and recomputes the edited flow', () => {
      // Given two flows that both run an action missing from the catalogue
      const files = { ...BASE_WORKSPACE, 'flows/card_lost.flow.yaml': UNKNOWN_ACTION_FLOW, 'flows/other.flow.yaml': OTHER_FLOW };
      const validator = validatorWith(files);
      const before = validator.validate();

      // When a message of one of them is reworded
      const reworded = edit(UNKNOWN_ACTION_FLOW, 'say: "Done."', 'say: "All done."');
      validator.set('flows/card_lost.flow.yaml', reworded);
      const after = validator.validate();

      // Then the other flow's result is the same object, the edited flow's a new one
      expect(find(after, 'flows/other.flow.yaml', 'CQ209')).toBe(find(before, 'flows/other.flow.yaml', 'CQ209'));
      expect(find(after, 'flows/card_lost.flow.yaml', 'CQ209')).not.toBe(find(before, 'flows/card_lost.flow.yaml', 'CQ209'));
      expectFromScratch(after, { ...files, 'flows/card_lost.flow.yaml': reworded });
    });

    it('recomputes every flow when the agent file changes', () => {
      const files = { ...BASE_WORKSPACE, 'flows/card_lost.flow.yaml': UNKNOWN_ACTION_FLOW, 'flows/other.flow.yaml': OTHER_FLOW };
      const validator = validatorWith(files);
      const before = validator.validate();
      const agent = edit(AGENT, 'name: Bank assistant', 'name: The bank assistant');
      validator.set('agent.yaml', agent);
      const after = validator.validate();
      expect(find(after, 'flows/other.flow.yaml', 'CQ209')).not.toBe(find(before, 'flows/other.flow.yaml', 'CQ209'));
      expectFromScratch(after, { ...files, 'agent.yaml': agent });
    });

    it('keeps a duplicate-example result between two flows while a third flow is edited', () => {
      // Given card_lost and other share their examples under different intents
      const files = { ...BASE_WORKSPACE, 'flows/other.flow.yaml': OTHER_FLOW, 'flows/third.flow.yaml': edit(edit(CARD_FLOW, 'id: card_lost', 'id: third'), '"I lost my card", "my card was stolen"', '"third"').replace('report_lost_card', 'third_intent') };
      const validator = validatorWith(files);
      const before = validator.validate();
      const duplicate = find(before, 'flows/other.flow.yaml', 'CQ214');

      // When the third flow is edited
      validator.set('flows/third.flow.yaml', files['flows/third.flow.yaml'].replace('say: "Done."', 'say: "Finished."'));
      const after = validator.validate();

      // Then the duplicate is reported by the same object, and disappears once the examples are reworded
      expect(find(after, 'flows/other.flow.yaml', 'CQ214')).toBe(duplicate);
      validator.set('flows/other.flow.yaml', edit(OTHER_FLOW, '"I lost my card", "my card was stolen"', '"I misplaced a card"'));
      expect(validator.validate().diagnostics.filter((d) => d.code === 'CQ214')).toEqual([]);
    });

    it('keeps a test suite result while a flow changes only its messages, and re-checks it when a node is renamed', () => {
      const files = { ...BASE_WORKSPACE, 'tests/card_lost.test.yaml': edit(CARD_TEST, 'node: confirm', 'node: confirmed') };
      const validator = validatorWith(files);
      const before = validator.validate();
      const unknownNode = find(before, 'tests/card_lost.test.yaml', 'CQ207');

      validator.set('flows/card_lost.flow.yaml', edit(CARD_FLOW, 'say: "Done."', 'say: "All done."'));
      expect(find(validator.validate(), 'tests/card_lost.test.yaml', 'CQ207')).toBe(unknownNode);

      // (only the node: the slot `confirmed` keeps its name)
      const renamed = CARD_FLOW.replace(/\bconfirm\b/g, 'confirmed');
      validator.set('flows/card_lost.flow.yaml', renamed);
      const after = validator.validate();
      expect(after.diagnostics.filter((d) => d.file === 'tests/card_lost.test.yaml')).toEqual([]);
      expectFromScratch(after, { ...files, 'flows/card_lost.flow.yaml': renamed });
    });

    it('re-checks only the flows that decide with an edited rules table', () => {
      // Given a second flow that decides with another table, and both flows route on a value their table lacks
      const otherRules = edit(CARD_RULES, 'id: card_freeze', 'id: other_freeze');
      const flow = edit(CARD_FLOW, 'escalate: to_agent', 'escalate: to_agent, unheard: to_agent');
      const otherFlow = edit(edit(OTHER_FLOW, 'decide: card_freeze', 'decide: other_freeze'), 'escalate: to_agent', 'escalate: to_agent, unheard: to_agent');
      const files = { ...BASE_WORKSPACE, 'rules/other_freeze.rules.yaml': otherRules, 'flows/card_lost.flow.yaml': flow, 'flows/other.flow.yaml': otherFlow };
      const validator = validatorWith(files);
      const before = validator.validate();

      // When the table card_lost decides with is edited
      const rules = edit(CARD_RULES, 'hit_policy: first', 'hit_policy: unique');
      validator.set('rules/card_freeze.rules.yaml', rules);
      const after = validator.validate();

      // Then the other flow's result stands, and card_lost's was recomputed
      expect(find(after, 'flows/other.flow.yaml', 'CQ203')).toBe(find(before, 'flows/other.flow.yaml', 'CQ203'));
      expect(find(after, 'flows/card_lost.flow.yaml', 'CQ203')).not.toBe(find(before, 'flows/card_lost.flow.yaml', 'CQ203'));
      expectFromScratch(after, { ...files, 'rules/card_freeze.rules.yaml': rules });
    });
  });

  it('forgets a deleted file everywhere', () => {
    const files = { ...BASE_WORKSPACE, 'flows/other.flow.yaml': OTHER_FLOW };
    const validator = validatorWith(files);
    expect(find(validator.validate(), 'flows/other.flow.yaml', 'CQ214')).toBeDefined();
    validator.delete('flows/other.flow.yaml');
    const after = validator.validate();
    expect(after.diagnostics).toEqual([]);
    expect(after.workspace.flows.map((f) => f.path)).toEqual(['flows/card_lost.flow.yaml']);
    expect(validator.paths()).toEqual(Object.keys(BASE_WORKSPACE).sort());
  });
});
