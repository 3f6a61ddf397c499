/**
 * What a container in the manifest says about Calico: which component it is, the networking
 * backend its calico-node runs with, and whether IPv6 is off. The names, images and values these
 * are recognised by are plain data in `knowledge/calico-components.ts`.
 */
import { calicoComponentOfImage, calicoComponentOfName, parseFelixBool } from '../knowledge/calico-components';
import { healthCommandForm } from '../knowledge/calico-command';
import type { CalicoComponent } from '../knowledge/calico-flags';
import { envEntry, envFromMaySet, type DeclaredConfigMap, type EnvEntry } from './container-env';
import { execCommandOf } from './exec-command';
import type { Container } from './types';

/**
 * Which Calico component a container is: by the health command of one of its exec probes (the
 * strongest sign), else by image, else by container name.
 */
export function calicoComponentOf(container: Container): CalicoComponent | undefined {
  for (const probe of container.probes) {
    const exec = execCommandOf(probe);
    const form = exec && healthCommandForm(exec.argv);
    if (form) return form.form === 'calico-node' || form.form === 'calico-component-node' ? 'calico-node' : 'calico-kube-controllers';
  }
  return calicoComponentOfImage(container.image) ?? calicoComponentOfName(container.name);
}

export interface BackendInfo {
  /** `bird`, `vxlan`, `none` …; undefined when it cannot be known from this file (valueFrom
   *  a ConfigMap elsewhere, or unset with `envFrom`). */
  readonly backend: string | undefined;
  /** `env`: a literal CALICO_NETWORKING_BACKEND; `configmap`: from calico-config's calico_backend;
   *  `default`: not set, calico-node's default `bird`; `unresolved`: from a ConfigMap not in this file. */
  readonly source: 'env' | 'configmap' | 'default' | 'unresolved';
  readonly entry?: EnvEntry;
}

/**
 * The networking backend a calico-node container runs with, as the image's start-up script sees
 * it (projectcalico/calico `node/filesystem/etc/rc.local`, master): a non-empty legacy
 * `CALICO_NETWORKING` wins (`false` → none, anything else → bird); the script compares exactly, so
 * `VXLAN` still starts BIRD. `configMap.calicoBackend`: the calico-config ConfigMap's
 * `calico_backend`, from this file or the workspace (the rules' file facts).
 */
export function networkingBackend(
  container: Container,
  configMap: { readonly calicoBackend: string | undefined; readonly configMaps?: readonly DeclaredConfigMap[] },
): BackendInfo {
  const legacy = envEntry(container, 'CALICO_NETWORKING');
  if (legacy?.value) return { backend: legacy.value === 'false' ? 'none' : 'bird', source: 'env', entry: legacy };
  const entry = envEntry(container, 'CALICO_NETWORKING_BACKEND');
  if (!entry) {
    const hidden = envFromMaySet(container, 'CALICO_NETWORKING_BACKEND', configMap.configMaps);
    return hidden ? { backend: undefined, source: 'unresolved' } : { backend: 'bird', source: 'default' };
  }
  if (entry.value !== undefined) return { backend: entry.value, source: 'env', entry };
  if (entry.configMapKeyRef?.key === 'calico_backend' && configMap.calicoBackend !== undefined) {
    return { backend: configMap.calicoBackend, source: 'configmap', entry };
  }
  return { backend: undefined, source: 'unresolved', entry };
}

/**
 * The env entry that turns IPv6 off for this calico-node (`IP6: none` or `FELIX_IPV6SUPPORT`
 * false), or undefined when IPv6 may be on. BIRD6 still runs then (rc.local starts it with any
 * BGP backend) but has no IPv6 peers, so the `-bird6-*` checks look at nothing.
 */
export function ipv6Off(container: Container): EnvEntry | undefined {
  const ip6 = envEntry(container, 'IP6');
  if (ip6?.value !== undefined && ip6.value.trim().toLowerCase() === 'none') return ip6;
  const support = envEntry(container, 'FELIX_IPV6SUPPORT');
  if (support?.value !== undefined && parseFelixBool(support.value) === false) return support;
  return undefined;
}
