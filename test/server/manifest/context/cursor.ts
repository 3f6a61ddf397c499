/**
 * Cursor contexts for the tests of `server/src/manifest/context/`: a `|` in the text marks the
 * cursor, and a calico-node DaemonSet to type into.
 */
import assert from 'node:assert/strict';
import { contextAt } from '../../../../server/src/manifest/context/locate';
import type { CursorContext } from '../../../../server/src/manifest/context/types';
import { analyseManifest } from '../../../../server/src/manifest/manifest';

/** The context at the `|` in `src` (the bar is removed from the text). */
export function at(src: string): CursorContext | undefined {
  const offset = src.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  return contextAt(analyseManifest(text), offset);
}

export function must(src: string): CursorContext {
  const ctx = at(src);
  assert.ok(ctx, 'expected a context');
  return ctx;
}

export const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      initContainers:
        - name: install-cni
          image: calico/cni:v3.32.1
      containers:
        - name: calico-node
          image: calico/node:v3.32.1
          ports:
            - {name: health, containerPort: 9099}
          livenessProbe:
            exec:
              command:
                - /bin/calico-node
                - -felix-live
                - -bird-live
            periodSeconds: 10
            initialDelaySeconds: 10
            failureThreshold: 6
            timeoutSeconds: 10
          readinessProbe:
            exec:
              command:
                - /bin/calico-node
                - -felix-ready
`;

export function insertAfter(anchor: string, insertion: string, src = DS): string {
  const i = src.indexOf(anchor);
  assert.ok(i >= 0, anchor);
  return src.slice(0, i + anchor.length) + insertion + src.slice(i + anchor.length);
}
