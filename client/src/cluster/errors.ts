/**
 * Turns whatever the client library throws (ApiException, node-fetch FetchError, watch errors with
 * `statusCode`, exec-plugin errors) into a ClusterProblem the view can show as a welcome page.
 */
import type { ClusterProblem } from './model';
import { scrubSecrets } from '../../../core/src/text/redact';

export interface ErrorContext {
  /** API server URL of the current cluster, named in unreachable/TLS messages. */
  readonly server?: string;
  /** Exec credential plugin command, when the user authenticates through one. */
  readonly execPluginCommand?: string;
  /**
   * What was being asked when a 403 carries no Status message to read it from (the client
   * library's Watch drops the body): better than a guess of "list pods".
   */
  readonly forbiddenRequest?: { readonly verb: string; readonly resource: string; readonly namespace?: string };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
  'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** HTTP status of an ApiException (`code`) or a watch error (`statusCode`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.code === 'number') return e.code;
  return undefined;
}

function systemCodeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; errno?: unknown; cause?: { code?: unknown } } | undefined;
  for (const candidate of [e?.code, e?.errno, e?.cause?.code]) if (typeof candidate === 'string') return candidate;
  return undefined;
}

/** The Kubernetes Status `message` from an ApiException body, when there is one. */
function statusMessageOf(error: unknown): string | undefined {
  const body = (error as { body?: unknown } | undefined)?.body;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line describing an error, for logs and reconnect reasons; never the whole ApiException dump. */
export function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  const statusMessage = statusMessageOf(error);
  if (status !== undefined) return scrubSecrets(statusMessage ? `${status}: ${statusMessage}` : `HTTP ${status}`);
  const message = error instanceof Error ? error.message : String(error);
  // node-fetch: "request to https://… failed, reason: connect ECONNREFUSED 127.0.0.1:16443"
  const reason = /reason: (.*)$/s.exec(message)?.[1] ?? message;
  // node-fetch's words for a response body cut mid-stream (the apiserver stopped or restarted).
  if (/^Premature close$/i.test(reason.trim())) return 'the API server closed the connection (premature close)';
  return scrubSecrets(reason.split('\n')[0]!.trim());
}

/** `pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "kube-system"`. */
export function parseForbidden(message: string): { verb: string; resource: string; namespace?: string } | undefined {
  const match = /cannot (\S+) resource "([^"]+)"(?: in API group "[^"]*")?(?: in the namespace "([^"]+)")?/.exec(message);
  if (!match) return undefined;
  return match[3] ? { verb: match[1]!, resource: match[2]!, namespace: match[3] } : { verb: match[1]!, resource: match[2]! };
}

export function classifyError(error: unknown, context: ErrorContext = {}): ClusterProblem {
  const status = httpStatusOf(error);
  const server = context.server;
  const where = server ? ` ${server}` : '';
  if (status === 401) {
    if (context.execPluginCommand) {
      return {
        kind: 'unauthorized',
        hint: 'exec-plugin-failed',
        message: `The API server${where} rejected the credentials from the exec plugin "${context.execPluginCommand}" (401 Unauthorized). Log in again with the tool that provides it.`,
      };
    }
    return {
      kind: 'unauthorized',
      hint: 'expired-credentials',
      message: `The API server${where} rejected the credentials (401 Unauthorized): the token or client certificate has expired or is not known. Refresh your kubeconfig credentials.`,
    };
  }
  if (status === 403) {
    const statusMessage = statusMessageOf(error) ?? (error instanceof Error ? error.message : '');
    const parsed = parseForbidden(statusMessage) ?? context.forbiddenRequest ?? { verb: 'list', resource: 'pods' };
    const scope = parsed.namespace ? ` in namespace "${parsed.namespace}"` : ' cluster-wide';
    return {
      kind: 'forbidden',
      ...parsed,
      message: scrubSecrets(`Forbidden (403): your user may not ${parsed.verb} ${parsed.resource}${scope}. Ask for RBAC permission to ${parsed.verb} ${parsed.resource}${scope}.`),
    };
  }
  const code = systemCodeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT' && context.execPluginCommand) {
    return execPluginMissing(context.execPluginCommand);
  }
  if ((code && TLS_CODES.has(code)) || /certificate|self[- ]signed|SSL routines|TLS/i.test(text)) {
    return {
      kind: 'tls',
      ...(server ? { server } : {}),
      message: `TLS verification of${where || ' the API server'} failed: ${describeError(error)}. Check certificate-authority(-data) in your kubeconfig.`,
    };
  }
  if ((code && NETWORK_CODES.has(code)) || /timed? ?out|ECONNREFUSED|ENOTFOUND|socket hang up|network/i.test(text) || (error as { name?: string })?.name === 'AbortError') {
    return {
      kind: 'unreachable',
      ...(server ? { server } : {}),
      message: `Cannot reach the API server${where}: ${describeError(error)}.`,
    };
  }
  // client-node rejects with `new Error(<the plugin's stderr>)` when the plugin exits non-zero: a bare
  // Error (no HTTP status, no system code) while a plugin is configured is the plugin's own complaint.
  const bare = error instanceof Error && Object.getPrototypeOf(error) === Error.prototype && status === undefined && code === undefined;
  if (context.execPluginCommand && (bare || /exec|plugin|credential/i.test(text))) {
    return {
      kind: 'unauthorized',
      hint: 'exec-plugin-failed',
      message: scrubSecrets(`The exec credential plugin "${context.execPluginCommand}" failed: ${describeError(error) || 'it exited with an error and printed nothing'}. Run it in a terminal to see why, or log in again with the tool that provides it.`),
    };
  }
  return { kind: 'error', message: describeError(error) };
}

export function execPluginMissing(command: string): ClusterProblem {
  return {
    kind: 'unauthorized',
    hint: 'exec-plugin-missing',
    message: `The kubeconfig user authenticates with an exec credential plugin, but plugin "${command}" not found on PATH. Install it or add its directory to PATH.`,
  };
}

/** Watch ERROR events carry a Status object; 410 (Expired/Gone) means "relist". */
export function isGone(error: unknown): boolean {
  if (httpStatusOf(error) === 410) return true;
  const e = error as { reason?: unknown; message?: unknown } | undefined;
  return e?.reason === 'Expired' || e?.reason === 'Gone' || (typeof e?.message === 'string' && /too old resource version/i.test(e.message));
}
