import { describe, expect, it } from 'vitest';
import { flowYaml, policyResults, policyYaml, resultLines } from './policyWorkspace.ts';

const POLICY_PATH = 'policies/consent.policy.yaml';
const FLOW_PATH = 'flows/address.flow.yaml';

const policy = (severity: 'error' | 'warning' | 'info' = 'error') => policyYaml('consent_before_pii', severity, '{ type: pii_consent }');
const addressFlow = (nodes: string, start = 'intro') => flowYaml({ id: 'address', start, nodes });
const results = (nodes: string, start?: string) => policyResults({ [FLOW_PATH]: addressFlow(nodes, start), [POLICY_PATH]: policy() });

/** The personal-data question and where it leads; `ask_address` fills the `pii: true` slot `address`. */
const ASK_ADDRESS = `
ask_address:
  ask: "What is your new address?"
  fill: address
  next: done
done:
  end: resolved
to_agent:
  handoff: { queue: general }
`;

const CONSENT = (routes: string) => `
ask_consent:
  ask: "May I ask for your address?"
  fill: agree
  consent: true
  on_fail: to_agent
${routes}
`;

describe('pii_consent policy', () => {
  it('reports a personal-data question asked without consent, with the path', () => {
    const nodes = `intro:\n  say: "Let's update your address."\n  next: ask_address\n${ASK_ADDRESS}`;
    expect(resultLines({ [FLOW_PATH]: addressFlow(nodes), [POLICY_PATH]: policy() })).toEqual([
      `${FLOW_PATH}:20:3 error CQ501 \`ask_address\` asks for personal data (slot \`address\`) before the customer consented: start → intro → ask_address [policy consent_before_pii]`,
    ]);
  });

  it('accepts a question reached only by the consent question\'s `true` route', () => {
    const nodes = `${CONSENT('  routes: { "true": ask_address, "false": to_agent }')}${ASK_ADDRESS}`;
    expect(results(nodes, 'ask_consent')).toEqual([]);
  });

  it('accepts a question after a consent question without routes', () => {
    const nodes = `${CONSENT('  next: ask_address')}${ASK_ADDRESS}`;
    expect(results(nodes, 'ask_consent')).toEqual([]);
  });

  it('accepts a `next` that only a yes takes, when `false` has its own route', () => {
    const nodes = `${CONSENT('  routes: { "false": to_agent }\n  next: ask_address')}${ASK_ADDRESS}`;
    expect(results(nodes, 'ask_consent')).toEqual([]);
  });

  it('reports a question that a "no" also reaches', () => {
    const nodes = `${CONSENT('  routes: { "true": ask_address, "false": ask_address }')}${ASK_ADDRESS}`;
    expect(results(nodes, 'ask_consent').map((d) => d.message)).toEqual([
      '`ask_address` asks for personal data (slot `address`) before the customer consented: start → ask_consent (route false) → ask_address',
    ]);
  });

  it('does not count a consent question whose retries ran out', () => {
    const nodes = `${CONSENT('  routes: { "true": ask_address, "false": to_agent }').replace('on_fail: to_agent', 'on_fail: ask_address')}${ASK_ADDRESS}`;
    expect(results(nodes, 'ask_consent').map((d) => d.message)).toEqual([
      '`ask_address` asks for personal data (slot `address`) before the customer consented: start → ask_consent (on_fail) → ask_address',
    ]);
  });

  it('reports the path that bypasses consent when another path has it', () => {
    const nodes = `
intro:
  ask: "Are you an existing customer?"
  fill: callback
  routes: { "true": ask_consent, "false": ask_card }
${CONSENT('  routes: { "true": ask_card, "false": to_agent }')}
ask_card:
  ask: "What are the last four digits of your card?"
  fill: card_last4
  next: ask_address
${ASK_ADDRESS}`;
    // Both questions are reachable through `intro`'s false route; ask_address only through ask_card.
    expect(results(nodes).map((d) => d.message)).toEqual([
      '`ask_card` asks for personal data (slot `card_last4`) before the customer consented: start → intro (route false) → ask_card',
      '`ask_address` asks for personal data (slot `address`) before the customer consented: start → intro (route false) → ask_card → ask_address',
    ]);
  });

  it('reports personal data asked before the consent question', () => {
    const nodes = `intro:\n  ask: "Your card digits?"\n  fill: card_last4\n  next: ask_consent\n${CONSENT('  routes: { "true": done, "false": to_agent }')}${ASK_ADDRESS}`;
    expect(results(nodes).map((d) => d.message)).toEqual([
      '`intro` asks for personal data (slot `card_last4`) before the customer consented: start → intro',
    ]);
  });

  it('ignores questions for slots that are not personal data, and unreachable ones', () => {
    const nodes = `intro:\n  ask: "Why are you moving?"\n  fill: reason\n  next: done\n${ASK_ADDRESS}`;
    expect(results(nodes)).toEqual([]);
  });

  it('takes the severity from the policy file and sets the policy id', () => {
    const nodes = `intro:\n  say: "Hi."\n  next: ask_address\n${ASK_ADDRESS}`;
    const found = policyResults({ [FLOW_PATH]: addressFlow(nodes), [POLICY_PATH]: policy('info') });
    expect(found).toMatchObject([{ code: 'CQ501', severity: 'info', policy: 'consent_before_pii' }]);
    expect(found[0]?.related?.map((r) => r.message)).toEqual(['slot `address` is marked `pii: true`', 'policy `consent_before_pii`: consent before pii']);
  });
});
