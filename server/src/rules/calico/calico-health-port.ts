import { isScalar, type Node } from 'yaml';
import { envEntry, envFromMaySet } from '../../manifest/container-env';
import { insertPair, replaceNode } from '../support/edits';
import type { Finding, Rule } from '../types';
import { calicoProbes } from '../support/calico-probes';
import { httpHealthProbe, listeningPort, probePort } from '../support/http-health';
import { spanOf } from '../support/spans';
import { missingIsMissing } from '../support/partial';

const ID = 'calico-health-port';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Felix and Typha serve `/liveness` and `/readiness` on FELIX_HEALTHPORT (9099) / TYPHA_HEALTHPORT
 * (9098), bound to FELIX_HEALTHHOST / TYPHA_HEALTHHOST, `localhost` by default (projectcalico/calico
 * `felix/config/config_params.go`, `typha/pkg/config/config_params.go`).
 * An httpGet probe on another port or path is refused or answered 404 on every run; one without
 * `host:` goes to the pod IP — the node's IP with hostNetwork — where nothing listens.
 */
export const calicoHealthPort: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'An httpGet probe on Felix or Typha uses a port, path or host their health server does not listen on.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const cp of calicoProbes(document)) {
      const http = httpHealthProbe(cp);
      if (!http) continue;
      const { endpoint, httpGet } = http;
      const daemon = endpoint.component === 'calico-node' ? 'Felix' : 'Typha';

      const listening = listeningPort(cp.container, endpoint, facts.configMaps);
      const asked = probePort(cp.container, httpGet);
      if (listening.port !== undefined && asked.port !== undefined && asked.port !== listening.port && asked.node) {
        const why = listening.entry ? `${endpoint.portEnv} is ${listening.port}` : `${endpoint.portEnv} is unset, so the default ${listening.port}`;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${daemon}'s health server listens on port ${listening.port} (${why}); this probe asks port ${asked.port} and fails every time.`,
          span: spanOf(asked.node),
          fixes: [{ title: `Use port ${listening.port}`, edits: [replaceNode(asked.node, String(listening.port))], preferred: true, safe: true }],
        });
      }

      const pathNode = httpGet.get('path', true) as Node | undefined;
      const path = isScalar(pathNode) && pathNode.value != null ? String(pathNode.value) : undefined;
      const paths = [endpoint.livenessPath, endpoint.readinessPath] as string[];
      if (pathNode && path !== undefined && !paths.includes(path)) {
        const want = cp.probe.kind === 'livenessProbe' ? endpoint.livenessPath : endpoint.readinessPath;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${daemon}'s health server answers only ${paths.join(' and ')}; ${path} gets 404 and the probe fails every time.`,
          span: spanOf(pathNode),
          fixes: [{ title: `Use path ${want}`, edits: [replaceNode(pathNode, want)], preferred: true }],
        });
      }

      const hostNode = httpGet.get('host', true) as Node | undefined;
      const bind = envEntry(cp.container, endpoint.hostEnv);
      const bindsLoopback = bind ? bind.value !== undefined && LOOPBACK.has(bind.value.trim()) : !envFromMaySet(cp.container, endpoint.hostEnv, facts.configMaps);
      if (!hostNode && bindsLoopback && httpGet.items.length > 0 && missingIsMissing(cp.probe, facts)) {
        findings.push({
          ruleId: ID,
          severity: 'warning',
          message:
            `${daemon}'s health server listens on localhost (${endpoint.hostEnv} ${bind ? `is "${bind.value}"` : 'unset'}), ` +
            `but without host: the kubelet probes the pod IP (the node IP with hostNetwork), where nothing answers. Add host: localhost.`,
          span: spanOf(cp.probe.handlers.find((h) => h.kind === 'httpGet')!.keyNode),
          fixes: [{ title: 'Add host: localhost', edits: [insertPair(document.text, httpGet, 'host', 'localhost')], preferred: true, safe: true }],
        });
      }
    }
    return findings;
  },
};
