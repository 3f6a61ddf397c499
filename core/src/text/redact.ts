/**
 * Defence in depth against leaking credentials: every text that reaches a person (log lines,
 * problem messages, reconnect reasons, probe errors, the output channel, dialogs, the terminal)
 * passes through `scrubSecrets`. Nothing builds a message from a token or key on purpose; this
 * catches what a library error might echo back (a request, a kubeconfig fragment).
 */

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
/** `Authorization: Bearer …` keeps its header name; a bare `Bearer …` / `Basic …` anywhere too. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** `token: …`, `"token":"…"`, `client-key-data=…`, `password …` and the like. */
const SECRET_FIELD =
  /\b(token|id-token|refresh-token|access-token|client-key-data|client-certificate-data|certificate-authority-data|client-key|client-secret|password|secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;
/** JSON Web Tokens (service-account and OIDC tokens): a base64url JSON header always starts `eyJ`. */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** Long unbroken base64/base64url runs (certificate or key data, JWTs). */
const LONG_BLOB = /[A-Za-z0-9+/_-]{40,}={0,2}(?:\.[A-Za-z0-9_-]{10,}){0,2}/g;

/** Paths and names are long too; encoded data mixes upper case, lower case and digits. */
function looksEncoded(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

/**
 * An absolute path of short segments, such as `/Users/Ann/k8s/Prod2/kubeconfig` or a mkdtemp
 * directory: it mixes cases and digits too, but names the user's own file and must stay readable.
 */
function looksLikePath(run: string): boolean {
  const segments = run.split('/');
  return run.startsWith('/') && segments.length > 2 && segments.every((segment) => segment.length < 40);
}

export function scrubSecrets(text: string): string {
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(AUTH_SCHEME, '$1 [redacted]')
    .replace(SECRET_FIELD, '$1$2[redacted]')
    .replace(JWT, '[redacted JWT]')
    .replace(LONG_BLOB, (run) => (looksEncoded(run) && !looksLikePath(run) ? '[redacted]' : run));
}

/** Scrubs known credentials exactly (the loaded kubeconfig's), then everything `scrubSecrets` finds. */
export function scrubKnown(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return scrubSecrets(out);
}
