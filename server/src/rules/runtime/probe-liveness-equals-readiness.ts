import { isMap, type Node } from 'yaml';
import { reachedThrough } from '../../manifest/aliases';
import type { Probe } from '../../manifest/types';
import { setPair } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { containersOf } from '../support/walk';
import { firstHandler } from '../support/handlers';
import { timingOf } from '../support/probe-fields';
import { keySpan } from '../support/spans';
import { missingIsMissing } from '../support/partial';

const ID = 'probe-liveness-equals-readiness';

/**
 * Run time: a liveness probe that is the very same check as the readiness probe, with the same
 * timings, fails at the same moment. Whatever makes the pod unready (often a dependency such as a
 * database being down) then also restarts the container, which does not help and can cascade.
 * Compared after defaulting; successThreshold is ignored (it must be 1 on liveness anyway).
 */
export const probeLivenessEqualsReadiness: Rule = {
  id: ID,
  category: 'runtime',
  severity: 'warning',
  description: 'The liveness probe is the same check, with the same timings, as the readiness probe.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      if (container.kind === 'init' || container.kind === 'ephemeral') continue;
      const liveness = container.probes.find((p) => p.kind === 'livenessProbe');
      const readiness = container.probes.find((p) => p.kind === 'readinessProbe');
      // Half-read probes may differ (or match) only in what the parser lost.
      if (!liveness || !readiness || !missingIsMissing(liveness, facts) || !missingIsMissing(readiness, facts)) continue;
      if (!liveness?.node || !readiness?.node || !sameCheck(liveness, readiness)) continue;
      const failure = timingOf(liveness).failureThreshold;
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message:
          'The liveness probe is the same check with the same timings as the readiness probe, so both fail together: ' +
          'whatever takes the pod out of service (say, a database it depends on being down) also restarts the container, which does not fix it. ' +
          'Let liveness check only that the process itself works, or give it a larger failureThreshold.',
        span: keySpan(liveness.pair),
        fixes: [largerFailureThreshold(document.text, liveness, failure * 2)],
      });
    }
    return findings;
  },
};

/**
 * `failureThreshold: n` on the liveness probe. When the probe is written as an alias of another
 * (`livenessProbe: *readiness`), setting it in the anchor would change both probes alike: the alias
 * becomes a merge of the anchor with its own failureThreshold instead.
 */
function largerFailureThreshold(text: string, liveness: Probe, threshold: number): Fix {
  const use = reachedThrough(liveness.node);
  const keyEnd = (liveness.pair.key as Node | null)?.range?.[1];
  // The alias is the pair's own value (`livenessProbe: *readiness`), not one further out.
  if (use && keyEnd !== undefined && /^[ \t]*:[ \t]*$/.test(text.slice(keyEnd, use.span.start))) {
    return {
      title: `Give liveness its own larger failureThreshold (${threshold}), merging *${use.name}`,
      edits: [{ start: use.span.start, end: use.span.end, newText: `{<<: *${use.name}, failureThreshold: ${threshold}}` }],
    };
  }
  return { title: `Give liveness a larger failureThreshold (${threshold})`, edits: [setPair(text, liveness.node!, 'failureThreshold', String(threshold))] };
}

/** Same handler, same settings, same timings. The handlers' values are compared last: the timings and kinds differ on most containers. */
function sameCheck(a: Probe, b: Probe): boolean {
  const [handlerA, handlerB] = [firstHandler(a), firstHandler(b)];
  if (!handlerA || !handlerB || handlerA.kind !== handlerB.kind || !isMap(handlerA.value) || !isMap(handlerB.value)) return false;
  const [timingA, timingB] = [timingOf(a), timingOf(b)];
  if (TIMINGS.some((field) => canonical(timingA[field]) !== canonical(timingB[field]))) return false;
  return canonical(handlerA.value.toJSON()) === canonical(handlerB.value.toJSON());
}

/** What makes two probes with the same handler behave the same in time (successThreshold is 1 for liveness). */
const TIMINGS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;

/** JSON with map keys sorted, so `{path, port}` equals `{port, path}` whatever the style. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
