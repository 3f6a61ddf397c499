/**
 * The kubeconfig the loopback server writes: contexts `admin` (valid token, current), `lowpriv` (valid
 * token, 403 on every resource), `badtoken` (401), and with TLS `wrong-ca` (admin's token, a CA that
 * did not sign the server's certificate).
 */
import { writeFileSync } from 'node:fs';
import type { Tokens } from './auth';

export interface KubeconfigInput {
  readonly url: string;
  readonly tokens: Tokens;
  readonly namespace: string;
  readonly caCert?: string;
  readonly wrongCaCert?: string;
  readonly clusterName?: string;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function kubeconfigYaml(input: KubeconfigInput): string {
  const cluster = input.clusterName ?? 'loopback';
  const clusters = [`- name: ${cluster}\n  cluster:\n    server: ${input.url}${input.caCert ? `\n    certificate-authority-data: ${b64(input.caCert)}` : ''}`];
  if (input.wrongCaCert) clusters.push(`- name: ${cluster}-wrong-ca\n  cluster:\n    server: ${input.url}\n    certificate-authority-data: ${b64(input.wrongCaCert)}`);
  const contexts = [
    `- name: admin\n  context: {cluster: ${cluster}, user: admin, namespace: ${input.namespace}}`,
    `- name: lowpriv\n  context: {cluster: ${cluster}, user: lowpriv, namespace: ${input.namespace}}`,
    `- name: badtoken\n  context: {cluster: ${cluster}, user: badtoken, namespace: ${input.namespace}}`,
  ];
  if (input.wrongCaCert) contexts.push(`- name: wrong-ca\n  context: {cluster: ${cluster}-wrong-ca, user: admin, namespace: ${input.namespace}}`);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...clusters,
    'users:',
    `- name: admin\n  user:\n    token: ${input.tokens.admin}`,
    `- name: lowpriv\n  user:\n    token: ${input.tokens.lowpriv}`,
    `- name: badtoken\n  user:\n    token: ${input.tokens.badtoken}`,
    'contexts:',
    ...contexts,
    'current-context: admin',
    '',
  ].join('\n');
}

export function writeKubeconfig(path: string, input: KubeconfigInput): void {
  writeFileSync(path, kubeconfigYaml(input), { mode: 0o600 });
}
