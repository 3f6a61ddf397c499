import { isMap, isSeq } from 'yaml';
import { healthEndpointOf, parseFelixBool } from '../../knowledge/calico-components';
import { envEntry, envFromMaySet } from '../../manifest/container-env';
import { replaceNode } from '../support/edits';
import type { Edit, Finding, Rule } from '../types';
import { calicoProbes, type CalicoProbe } from '../support/calico-probes';
import { usesHealthServer } from '../support/http-health';
import { sourceSpanOf, spanOf } from '../support/spans';
import { lineStartAt } from '../../manifest/lines';

const ID = 'calico-health-disabled';

/**
 * Felix and Typha start their health server only when FELIX_HEALTHENABLED / TYPHA_HEALTHENABLED
 * is true; the default is false (projectcalico/calico `felix/config/config_params.go`,
 * `typha/pkg/config/config_params.go`). Every probe that asks the server — httpGet, or
 * calico-node's -felix-live/-felix-ready — then fails with "connection refused". Set to false it
 * certainly fails (error); unset it fails unless a FelixConfiguration enables it (warning).
 */
export const calicoHealthDisabled: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'A Felix or Typha health probe while FELIX_HEALTHENABLED / TYPHA_HEALTHENABLED is not "true".',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    const seen = new Set<unknown>();
    for (const cp of calicoProbes(document)) {
      if (seen.has(cp.container) || !usesHealthServer(cp)) continue;
      const endpoint = healthEndpointOf(cp.component);
      if (!endpoint) continue;
      seen.add(cp.container);
      const entry = envEntry(cp.container, endpoint.enabledEnv);
      // valueFrom, or unset with an envFrom source that may set it: the value is somewhere we do not read.
      if ((entry && entry.value === undefined) || (!entry && envFromMaySet(cp.container, endpoint.enabledEnv, facts.configMaps))) continue;
      const on = entry?.value !== undefined ? parseFelixBool(entry.value) : false;
      if (on) continue;
      const daemon = endpoint.component === 'calico-node' ? 'Felix' : 'Typha';
      if (entry?.valueNode) {
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${endpoint.enabledEnv} is "${entry.value}": ${daemon} does not start its health server, so this container's health probes fail every time.`,
          span: spanOf(entry.valueNode),
          fixes: [{ title: `Set ${endpoint.enabledEnv} to "true"`, edits: [replaceNode(entry.valueNode, '"true"')], preferred: true, safe: true }],
        });
        continue;
      }
      const add = appendEnv(document.text, cp, endpoint.enabledEnv);
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message:
          `${endpoint.enabledEnv} is not set and defaults to false: ${daemon} serves no health endpoint unless its configuration resource enables it, ` +
          `and then this probe fails every time. Calico's manifests set it to "true".`,
        span: spanOf(cp.probe.keyNode),
        fixes: add ? [{ title: `Add ${endpoint.enabledEnv}: "true"`, edits: [add], preferred: true }] : [],
      });
    }
    return findings;
  },
};

/** `- name: X / value: "true"` after the last env entry, when env is a block list of block maps. */
function appendEnv(text: string, cp: CalicoProbe, name: string): Edit | undefined {
  const env = cp.container.node.get('env', true);
  if (!isSeq(env) || env.flow) return undefined;
  const last = env.items[env.items.length - 1];
  if (!isMap(last) || last.flow || last.items.length === 0) return undefined;
  const start = sourceSpanOf(last).start;
  const lineStart = lineStartAt(text, start);
  const dash = text.slice(lineStart, start);
  if (!/^[ \t]*-[ \t]+$/.test(dash)) return undefined;
  const lastPair = last.items[last.items.length - 1]!;
  let end = sourceSpanOf((lastPair.value ?? lastPair.key) as never).end;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  const indent = ' '.repeat(dash.length);
  return { start: lineEnd, end: lineEnd, newText: `\n${dash}name: ${name}\n${indent}value: "true"` };
}
