import { findPair, pairValue } from '../../manifest/nodes';
import { replaceNode } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { declaredPortNames, firstHandler } from '../support/handlers';
import { nearest, portNameProblems } from '../support/names';
import { spanOf } from '../support/spans';
import { stringValue } from '../support/values';
import { validatedProbes } from '../support/walk';
import { isPatch } from '../support/partial';
import { isMap } from 'yaml';
import { knativeOwnsProbePort } from '../support/knative';
import { type ProbeField } from '../../../../core/src/probe/kinds';

const ID = 'probe-port-name-undeclared';

/** What an unresolvable port does to each probe kind: its checks error, and errors are discarded. */
const CONSEQUENCE: Record<ProbeField, string> = {
  readinessProbe: 'the pod never becomes Ready',
  livenessProbe: 'the container is never restarted, however unhealthy it gets',
  startupProbe: 'the startup probe never succeeds, so liveness and readiness probes never start and the pod never becomes Ready',
};

/**
 * Run time (kubernetes `pkg/probe/util.go` `ResolveContainerPort`, `pkg/kubelet/prober/worker.go`
 * `doProbe`): the kubelet resolves a named probe port in the container's own `ports`;
 * when the name is not there the check *errors*, and an errored check is thrown away instead of
 * counting as a failure, forever. The apiserver does not cross-check the name, so this is a
 * warning. Numeric ports are never flagged: containers need not declare the ports they listen on.
 */
export const probePortNameUndeclared: Rule = {
  id: ID,
  category: 'runtime',
  severity: 'warning',
  description: "A probe uses a named port that the container does not declare, so every check errors.",
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    // A patch's container gets its ports from the base too: a name may be declared there.
    if (isPatch(facts)) return findings;
    for (const probe of validatedProbes(document)) {
      const handler = firstHandler(probe);
      if (!handler || (handler.kind !== 'httpGet' && handler.kind !== 'tcpSocket') || !isMap(handler.value)) continue;
      if (knativeOwnsProbePort(probe, handler.kind)) continue; // Knative checks the name and probes the serving port
      const pair = findPair(handler.value, 'port');
      const value = pair ? pairValue(pair) : null;
      const name = stringValue(value);
      if (!value || name === undefined || portNameProblems(name).length > 0) continue;
      const declared = declaredPortNames(probe.container);
      if (declared.has(name)) continue;
      const usable = [...declared.keys()].filter((n) => portNameProblems(n).length === 0);
      const suggestion = nearest(name, usable);
      const fixes: Fix[] = suggestion
        ? [{ title: `Use the declared port "${suggestion}"`, edits: [replaceNode(value, suggestion)], preferred: true }]
        : usable.map((n) => ({ title: `Use the declared port "${n}"`, edits: [replaceNode(value, n)] }));
      const known = usable.length ? `It declares: ${usable.join(', ')}.` : 'It declares no named ports.';
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message:
          `Port "${name}" is not a port name of container ${probe.container.name ?? `#${probe.container.index}`}. ${known} ` +
          `The kubelet cannot resolve it, so every check errors and is discarded (not counted as a failure): ${CONSEQUENCE[probe.kind]}.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ''),
        span: spanOf(value),
        fixes,
      });
    }
    return findings;
  },
};
