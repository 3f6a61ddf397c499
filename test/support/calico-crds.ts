/**
 * Calico's CRDs (crd.projectcalico.org: CalicoNodeStatus, BGPPeer, BGPConfiguration, IPPool, …) and
 * the tigera operator's (operator.tigera.io: Installation, TigeraStatus, …) installed into a real
 * kube-apiserver, taken from the shared corpus' released `calico/v3.26.5/tigera-operator.yaml`
 * (projectcalico/calico v3.26.5 `manifests/tigera-operator.yaml`, Apache-2.0; it embeds both sets).
 *
 * Idempotent: several test files call it against the same shared instance, so AlreadyExists is fine.
 * The Installation CRD is far bigger than the 256 KiB last-applied annotation of client-side apply,
 * so the documents go in with `kubectl create` (no annotation), then each is waited for until its
 * `Established` condition is True.
 *
 * KDD-mode Calico has no `nodes.crd.projectcalico.org`: its Node lives in Kubernetes Node annotations
 * (`projectcalico.org/IPv4Address`…) and `projectcalico.org/v3` Node is served only by Calico's own
 * API server, which these tests do not run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { RunningApiServer } from './apiserver';
import { CORPUS } from './paths';
import { realTools } from './real-tools';

const run = promisify(execFile);

const CALICO_CRDS_SOURCE = resolve(CORPUS, 'calico/v3.26.5/tigera-operator.yaml');

interface CrdDocument {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

let crdDocuments: CrdDocument[] | undefined;

/** The CustomResourceDefinition documents of the released manifest, parsed once per process. */
function calicoCrdDocuments(): CrdDocument[] {
  crdDocuments ??= parseAllDocuments(readFileSync(CALICO_CRDS_SOURCE, 'utf8'))
    .map((document) => document.toJS({ maxAliasCount: -1 }) as CrdDocument | null)
    .filter((value): value is CrdDocument => value?.kind === 'CustomResourceDefinition' && typeof value.metadata?.name === 'string');
  return crdDocuments;
}

/** The names of the installed CRDs, e.g. `caliconodestatuses.crd.projectcalico.org`. */
function calicoCrdNames(): string[] {
  return calicoCrdDocuments().map((crd) => crd.metadata?.name as string);
}

function kubectlArgs(server: RunningApiServer, ...args: string[]): string[] {
  return ['--kubeconfig', server.kubeconfigPath, '--context', 'admin', ...args];
}

/** True when every error line kubectl printed says the object already exists. */
function onlyAlreadyExists(stderr: string): boolean {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every((line) => /AlreadyExists|already exists/.test(line));
}

async function install(server: RunningApiServer): Promise<void> {
  const { kubectl } = realTools();
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-calico-crds-'));
  try {
    const names = calicoCrdNames();
    const present = await run(kubectl, kubectlArgs(server, 'get', 'crd', '-o', 'name'), { timeout: 60_000 });
    const missing = names.filter((name) => !present.stdout.includes(`/${name}\n`));
    if (missing.length > 0) {
      const file = join(dir, 'crds.json');
      const items = calicoCrdDocuments().filter((crd) => missing.includes(crd.metadata?.name as string));
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      try {
        await run(kubectl, kubectlArgs(server, 'create', '-f', file), { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        // Another test process may have created some of them in between.
        const stderr = String((error as { stderr?: string }).stderr ?? '');
        if (!onlyAlreadyExists(stderr)) throw new Error(`installing Calico's CRDs failed: ${stderr || String(error)}`);
      }
    }
    await run(kubectl, kubectlArgs(server, 'wait', '--for=condition=Established', '--timeout=90s', ...names.map((name) => `crd/${name}`)), { timeout: 120_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const installed = new Map<string, Promise<void>>();

/**
 * Installs Calico's and the operator's CRDs into `server` (once per server and process) and resolves
 * when every one of them is Established.
 */
export function installCalicoCrds(server: RunningApiServer): Promise<void> {
  let pending = installed.get(server.kubeconfigPath);
  if (!pending) {
    pending = install(server);
    installed.set(server.kubeconfigPath, pending);
    pending.catch(() => installed.delete(server.kubeconfigPath));
  }
  return pending;
}
