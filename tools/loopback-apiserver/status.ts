/**
 * metav1.Status bodies with the exact field order, reasons and messages kube-apiserver v1.20 sends
 * (captured from the real server in ../shared/tools/kube-apiserver). Clients such as
 * @kubernetes/client-node surface `message` and `reason` to users, so wording matters.
 */

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field?: string }[]; retryAfterSeconds?: number };
  code: number;
}

export class ApiError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message);
  }
}

function body(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  // Key order as the apiserver's encoder writes it: details sits between reason and code.
  return details
    ? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code }
    : { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export const unauthorized = (): StatusBody => body(401, 'Unauthorized', 'Unauthorized');

/**
 * RBAC denial. `resource` may carry a subresource ("pods/exec"); the message names the base
 * resource (and the object, when there is one) the way the real authorizer does.
 */
export function forbidden(user: string, verb: string, resource: string, namespace?: string, name?: string, group = ''): StatusBody {
  const base = resource.split('/')[0]!;
  const qualified = group ? `${base}.${group}` : base;
  const subject = name ? `${qualified} "${name}"` : qualified;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  // Field order of StatusDetails: name, group, kind.
  const details = { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: base };
  return body(403, 'Forbidden', `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`, details);
}

/** Denial of a non-resource URL such as /api for an anonymous caller. */
export const forbiddenPath = (user: string, verb: string, path: string): StatusBody =>
  body(403, 'Forbidden', `forbidden: User "${user}" cannot ${verb} path "${path}"`, {});

export const notFound = (resource: string, name: string, group = ''): StatusBody =>
  body(404, 'NotFound', `${group ? `${resource}.${group}` : resource} "${name}" not found`, group ? { name, group, kind: resource } : { name, kind: resource });

export const resourceNotFound = (): StatusBody => body(404, 'NotFound', 'the server could not find the requested resource', {});

export const badRequest = (message: string): StatusBody => body(400, 'BadRequest', message);

export const alreadyExists = (resource: string, name: string): StatusBody =>
  body(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource });

export const methodNotSupported = (resource: string, verb: string): StatusBody =>
  body(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${resource}"`, { kind: resource });

/** What a watch (or a list at an exact resourceVersion) gets once history before `rv` is compacted. */
export const tooOldResourceVersion = (requested: number, oldest: number): StatusBody =>
  body(410, 'Expired', `too old resource version: ${requested} (${oldest})`);

export const continueExpired = (): StatusBody =>
  body(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A fault-injected failure: the reason the apiserver would attach to that code. */
export function generic(code: number, message?: string): StatusBody {
  const reason = REASONS[code] ?? 'Unknown';
  if (code === 500) {
    const text = message ?? 'an error on the server ("") has prevented the request from succeeding';
    return body(500, reason, text, { causes: [{ reason: 'UnexpectedServerResponse', message: text }] });
  }
  if (code === 429) return body(429, reason, message ?? 'Too many requests, please try again later.', { retryAfterSeconds: 1 });
  return body(code, reason, message ?? reason);
}
