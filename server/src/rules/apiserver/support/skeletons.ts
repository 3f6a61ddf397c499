/**
 * Handler skeletons inserted by "add a handler" fixes, in block and flow form. Values are
 * placeholders the user is expected to edit; they are valid, so the fixed text has no error.
 */
import type { HandlerKind } from '../../../manifest/types';

const BLOCK: Record<HandlerKind, string> = {
  exec: 'command:\n- /bin/sh\n- -c\n- "true"',
  httpGet: 'path: /healthz\nport: 8080',
  tcpSocket: 'port: 8080',
  grpc: 'port: 9090',
  sleep: 'seconds: 5',
};

const FLOW: Record<HandlerKind, string> = {
  exec: '{command: [/bin/sh, -c, "true"]}',
  httpGet: '{path: /healthz, port: 8080}',
  tcpSocket: '{port: 8080}',
  grpc: '{port: 9090}',
  sleep: '{seconds: 5}',
};

/** The skeleton's text for a block map (several lines, unindented) or a flow map (one line). */
export function handlerSkeleton(kind: HandlerKind, flow: boolean, port?: number | string): string {
  const text = flow ? FLOW[kind] : BLOCK[kind];
  if (port === undefined) return text;
  return text.replace(/port: \d+/, `port: ${port}`);
}
