import { isMap } from 'yaml';
import { LIFECYCLE_HANDLERS, PROBE_HANDLERS, type HandlerEntry, type HandlerHolder, type HandlerKind } from '../../manifest/types';
import { columnAt } from '../../manifest/lines';
import { insertPair, replacePairValue } from '../support/edits';
import type { Edit, Finding, Fix, Rule } from '../types';
import { validatedHandlerHolders } from '../support/walk';
import { required } from '../support/field-errors';
import { firstHandler } from '../support/handlers';
import { keySpan } from '../support/spans';
import { supportAt } from '../support/target';
import { knativeDefaultsReadinessHandler } from '../support/knative';
import { missingIsMissing, patchHint } from '../support/partial';

const ID = 'probe-no-handler';
/** Handlers offered as skeletons on lifecycle hooks: tcpSocket is deprecated there. */
const HOOK_SKELETONS: readonly HandlerKind[] = ['exec', 'httpGet', 'sleep'];

/**
 * validateHandler: a probe or lifecycle hook with none of its handlers present is Required at its
 * own path. A YAML-null handler (`exec:` with nothing) is absent for the apiserver; a null probe
 * (`livenessProbe:` with nothing) is no probe at all and is not reported.
 */
export const probeNoHandler: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe or lifecycle hook has no handler (exec, httpGet, tcpSocket, grpc, sleep).',
  fixable: true,
  check({ document, facts, target }) {
    const findings: Finding[] = [];
    for (const holder of validatedHandlerHolders(document, target)) {
      if (!isMap(holder.value)) continue;
      const isProbe = holder.kind.endsWith('Probe');
      const allowed = (isProbe ? PROBE_HANDLERS : LIFECYCLE_HANDLERS).filter((kind) => supportAt(isProbe ? 'probe' : 'hook', kind, target) === 'accepted');
      // No handler in a holder the parser could not read whole may only be a handler unread.
      if (firstHandler(holder, target) || !missingIsMissing(holder, facts)) continue;
      // A hook whose only handler is a sleep the target drops (gate off) is dropped whole (dropPodLifecycleSleepAction).
      if (!isProbe && holder.handlers.some((h) => h.present && h.kind === 'sleep') && supportAt('hook', 'sleep', target) === 'dropped') continue;
      if (knativeDefaultsReadinessHandler(holder)) continue; // Knative adds a tcpSocket handler
      const names = allowed.join(', ').replace(/, (\w+)$/, ' or $1');
      findings.push({
        ruleId: ID,
        severity: 'error',
        message: `${required(holder.fieldPath, 'must specify a handler type')}. Add exactly one of ${names}.${patchHint(holder.container, facts)}`,
        span: keySpan(holder.pair),
        fixes: (isProbe ? PROBE_HANDLERS : HOOK_SKELETONS).filter((kind) => allowed.includes(kind)).map((kind) => addHandlerFix(document.text, holder, kind)),
      });
    }
    return findings;
  },
};

function addHandlerFix(text: string, holder: HandlerHolder, kind: HandlerKind): Fix {
  const map = holder.node!;
  const port = firstDeclaredPort(holder);
  const skeleton = handlerSkeleton(kind, map.flow === true, port);
  const placeholder = holder.handlers.find((h) => h.kind === kind);
  let edit: Edit;
  if (placeholder) {
    edit = fillPlaceholder(text, placeholder, skeleton, map.flow === true);
  } else {
    // An empty map can only be a flow `{}`, which insertPair fills; block maps have a last pair.
    edit = insertPair(text, map, kind, skeleton);
  }
  return { title: `Add ${article(kind)} ${kind} handler`, edits: [edit] };
}

/** `exec:` with no value: write the skeleton as its value, under the key in block style. */
function fillPlaceholder(text: string, entry: HandlerEntry, skeleton: string, flow: boolean): Edit {
  if (flow) return replacePairValue(text, entry.pair, skeleton);
  const keyStart = entry.keyNode.range![0];
  const indent = ' '.repeat(columnAt(text, keyStart));
  const valueEnd = (entry.pair.value as { range?: number[] } | null)?.range?.[1] ?? 0;
  const colon = text.indexOf(':', entry.keyNode.range![1]);
  const end = Math.max(colon + 1, valueEnd);
  const body = skeleton
    .split('\n')
    .map((line) => `\n${indent}  ${line}`)
    .join('');
  return { start: keyStart, end, newText: `${entry.kind}:${body}` };
}

function firstDeclaredPort(holder: HandlerHolder): number | undefined {
  return holder.container.ports.find((p) => p.containerPort !== undefined)?.containerPort;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/**
 * Handler skeletons the fixes insert, in block and flow form. Values are placeholders the user is
 * expected to edit; they are valid, so the fixed text has no error.
 */
const BLOCK: Record<HandlerKind, string> = {
  exec: 'command:\n- /bin/sh\n- -c\n- "true"',
  httpGet: 'path: /healthz\nport: 8080',
  tcpSocket: 'port: 8080',
  grpc: 'port: 9090',
  sleep: 'seconds: 5',
};

const FLOW: Record<HandlerKind, string> = {
  exec: '{command: [/bin/sh, -c, "true"]}',
  httpGet: '{path: /healthz, port: 8080}',
  tcpSocket: '{port: 8080}',
  grpc: '{port: 9090}',
  sleep: '{seconds: 5}',
};

/** The skeleton's text for a block map (several lines, unindented) or a flow map (one line). */
function handlerSkeleton(kind: HandlerKind, flow: boolean, port?: number | string): string {
  const text = flow ? FLOW[kind] : BLOCK[kind];
  if (port === undefined) return text;
  return text.replace(/port: \d+/, `port: ${port}`);
}
