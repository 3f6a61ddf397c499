/**
 * A throw-away PKI made with the `openssl` command at start: a CA, a server certificate for
 * 127.0.0.1/localhost signed by it, and a second, unrelated CA so tests can point a kubeconfig at the
 * wrong CA and see a real TLS verification error. EC P-256 keys keep generation fast.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** A CA that did not sign the server certificate. */
  readonly wrongCaCert: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, prefix: string, cn: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${prefix}.key`, '-out', `${prefix}.crt`, '-days', '30', '-subj', `/CN=${cn}`]);
}

export function generatePki(dir: string): Pki {
  makeCa(dir, 'ca', 'loopback-apiserver-ca');
  makeCa(dir, 'wrong-ca', 'some-other-ca');
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver']);
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '30', '-extfile', 'server.ext']);
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return { caCert: read('ca.crt'), serverCert: read('server.crt'), serverKey: read('server.key'), wrongCaCert: read('wrong-ca.crt') };
}
