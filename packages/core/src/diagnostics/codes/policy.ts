import { defineCodes } from './codeInfo.ts';

/**
 * CQ5xx: policy results. Their severity comes from the policy file, so the
 * severity here is only the default used when a policy does not set one.
 */
export const policyCodes = defineCodes({
  CQ500: { title: 'Sensitive topic can end without a person', severity: 'error', help: 'Conversations on this topic must reach a `handoff` and never an automated `end`. Route every path of the flow to a handoff.' },
  CQ501: { title: 'Personal data asked before consent', severity: 'error', help: 'A slot marked `pii: true` may be asked only after the customer said yes to a consent question (an ask node with `consent: true`) on every path: reach the question only from that node\'s `true` route.' },
  CQ502: { title: 'No person within reach', severity: 'error', help: 'After a failed recognition the customer must reach a person within the policy\'s number of turns. Lower `retries` (or agent.yaml `fallback.max_failures`), or route `on_fail` to a handoff.' },
  CQ503: { title: 'Policy misconfigured', severity: 'error', help: 'The policy names something that does not exist (for example a topic no intent uses), so it checks nothing.' },
});
