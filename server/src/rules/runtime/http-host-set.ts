import { isAlias, isMap, isSeq, type Pair, type YAMLMap } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import { columnAt } from '../../manifest/lines';
import { insertPair, removePair, yamlString } from '../support/edits';
import type { Edit, Finding, Fix, Rule } from '../types';
import { validatedHandlers } from '../support/handlers';
import { pairSpan, spanOf } from '../support/spans';
import { stringValue } from '../support/values';

const ID = 'http-host-set';
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * Run time: `httpGet.host` makes the kubelet connect to that host instead of the pod IP, from the
 * node's network namespace. For a virtual host the Kubernetes docs advise a `Host` header instead.
 * `localhost` only reaches the container when the pod uses the host network (the node and the pod
 * then share loopback): Calico's typha and calico-node do exactly that on purpose, so loopback on a
 * hostNetwork pod is not reported. Loopback on any other pod probes the node, not the container.
 */
export const httpHostSet: Rule = {
  id: ID,
  category: 'runtime',
  severity: 'warning',
  description: 'An httpGet probe or hook sets host, so the kubelet checks another host instead of the pod.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document)) {
      if (handler.entry.kind !== 'httpGet') continue;
      const pair = findPair(handler.node, 'host');
      const value = pair ? pairValue(pair) : null;
      const host = stringValue(value);
      if (!pair || !value || !host) continue;
      const loopback = LOOPBACK.test(host);
      const podSpec = handler.holder.container.podSpec;
      // A template's `hostNetwork: {{ .Values.hostNetwork }}` may render true: never guess.
      const hostNetwork = podSpec.hostNetwork || isAlias(podSpec.node.get('hostNetwork', true));
      if (loopback && hostNetwork) continue;
      const removeHost: Fix = { title: 'Remove host (probe the pod IP)', edits: [removePair(document.text, handler.node, pair)], preferred: loopback };
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message: loopback
          ? `The kubelet connects from the node, so ${host} is the node itself, not this pod (the pod does not use hostNetwork). Remove host to probe the pod IP.`
          : `The kubelet connects to ${host} instead of this pod, so the check says nothing about this container. To send a virtual host name, remove host and set an httpHeaders entry "Host: ${host}".`,
        span: spanOf(value),
        fixes: loopback ? [removeHost] : [moveToHostHeader(document.text, handler.node, pair, host), removeHost],
      });
    }
    return findings;
  },
};

/** Removes `host` and sends its value as a `Host` header (appended to httpHeaders or a new list). */
function moveToHostHeader(text: string, map: YAMLMap, hostPair: Pair, host: string): Fix {
  const edits: Edit[] = [];
  const headersPair = findPair(map, 'httpHeaders');
  const headers = headersPair ? pairValue(headersPair) : null;
  const hasHost = isSeq(headers) && headers.items.some((i) => isMap(i) && /^host$/i.test(String((i.get('name', true) as { value?: unknown })?.value ?? '')));
  const value = yamlString(host);
  if (!hasHost) {
    if (isSeq(headers) && headers.items.length > 0) {
      const last = headers.items[headers.items.length - 1] as { range: number[] };
      if (headers.flow) {
        edits.push({ start: last.range[1], end: last.range[1], newText: `, {name: Host, value: ${value}}` });
      } else {
        const dash = text.lastIndexOf('-', last.range[0]);
        const indent = ' '.repeat(columnAt(text, dash));
        const end = pairSpan({ key: null, value: last } as unknown as Pair, text).end;
        edits.push({ start: end, end, newText: `\n${indent}- name: Host\n${indent}  value: ${value}` });
      }
    } else if (headersPair) {
      edits.push(removePair(text, map, headersPair));
    }
    if (!isSeq(headers) || headers.items.length === 0) {
      const anchor = map.items.filter((p) => p !== hostPair && p !== headersPair).pop();
      const listText = map.flow ? `[{name: Host, value: ${value}}]` : `\n- name: Host\n  value: ${value}`;
      if (anchor) edits.push(insertPair(text, map, 'httpHeaders', map.flow ? listText : listText.slice(1), anchor));
    }
  }
  edits.push(removePair(text, map, hostPair));
  return { title: `Send it as a Host header instead`, edits, preferred: true };
}
