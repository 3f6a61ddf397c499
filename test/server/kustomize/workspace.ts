/**
 * A workspace on disk as a new user has it: a base Deployment and two overlays, each patch correct
 * as a patch (the cases: a patch that only slows the probes, `$patch: replace` in a probe),
 * plus a stray patch-like file no kustomization names.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - name: http
          containerPort: 8080
        livenessProbe:
          exec:
            command: [cat, /tmp/healthy]
          periodSeconds: 10
        readinessProbe:
          httpGet: {path: /ready, port: http}
`;

export const SLOW_PROBES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        livenessProbe:
          timeoutSeconds: 5
        readinessProbe:
          timeoutSeconds: 5
`;

export const REPLACE_PROBE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        livenessProbe:
          $patch: replace
          httpGet:
            path: /healthz
            port: http
        readinessProbe:
          timeoutSeconds: 3
`;

/** The third case: a patch adding httpGet to a base probe that uses exec; the result has both. */
export const ADD_HTTP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
`;

export const FILES: Readonly<Record<string, string>> = {
  'base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  'base/deployment.yaml': BASE_DEPLOYMENT,
  'overlays/slow/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: slow-probes.yaml\n',
  'overlays/slow/slow-probes.yaml': SLOW_PROBES,
  'overlays/http/kustomization.yaml': 'resources:\n- ../../base\npatchesStrategicMerge:\n- replace-probe.yaml\n',
  'overlays/http/replace-probe.yaml': REPLACE_PROBE,
  'overlays/broken/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: add-http.yaml\n',
  'overlays/broken/add-http.yaml': ADD_HTTP,
  'scratch/loose-patch.yaml': SLOW_PROBES,
};

/** Writes the files under a new temporary directory; returns its path. */
export function writeWorkspace(files: Readonly<Record<string, string>> = FILES): string {
  const root = mkdtempSync(join(tmpdir(), 'probe-scope-kustomize-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
