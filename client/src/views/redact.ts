/**
 * Last line of defence before anything reaches the "Probe Scope" output channel: the core promises
 * not to log credentials, but an error message can quote a request or a kubeconfig fragment. Pure.
 */

const RULES: readonly [RegExp, string][] = [
  // PEM blocks (client keys, certificates).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g, '[redacted PEM]'],
  // Authorization headers and bearer tokens.
  [/\b(authorization\s*[:=]\s*)(bearer|basic)\s+[^\s"',;]+/gi, '$1$2 [redacted]'],
  [/\bbearer\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, 'Bearer [redacted]'],
  // kubeconfig / JSON keys that carry secrets.
  [/\b(token|id-token|refresh-token|access-token|password|client-key-data|client-certificate-data|certificate-authority-data|client-secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]'],
  // Service-account and OIDC JWTs anywhere.
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, '[redacted JWT]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
