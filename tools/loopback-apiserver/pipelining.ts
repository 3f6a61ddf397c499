/**
 * Pipelined requests over TLS answered as kube-apiserver answers them: every one, in turn.
 *
 * Node's HTTP server stops reading a connection while its unsent answers exceed the socket's
 * write high-water mark (16 KB: two pods), and resumes once they drain. On a TLS socket, requests a
 * client pipelined in bursts while reading slowly can then reach the parser while it is still paused:
 * Node reports `HPE_PAUSED` as a client error and the connection is reset with its requests
 * unanswered (Node 20; `fidelity.test.ts` reproduces it: every round of 300 GETs in bursts of 40 lost
 * its connection; plain HTTP sockets take another path and are not affected). kube-apiserver (Go's
 * net/http) reads the next request once it has answered the last and resets none, which the same test
 * checks on the real one. The pods overview pipelines its GETs (client/src/cluster/pipelined-gets.ts):
 * the cluster bench's sessions lost their four connections mid-way and sent the rest again on new
 * ones in 3 of about 70 sessions on 2026-12-07, a reset no real cluster would have caused.
 *
 * So the answers wait in the socket's buffer instead of pausing the reads: no more than the client
 * asked for, which is what a client that pipelines expects a server to hold.
 */
import type { TLSSocket } from 'node:tls';

/** Room for the answers to a deep pipeline of GETs (hundreds of 9 KB pods) before reads would pause. */
const PIPELINED_ANSWERS_BYTES = 64 * 1024 * 1024;

/**
 * Raises the mark Node's HTTP server compares a connection's unsent answers with. The server reads
 * it from the socket's writable state; neither `https.createServer` nor the TLS server passes a
 * `highWaterMark` to the sockets it accepts (Node 20), so it is set on each one as it is secured.
 */
export function answerPipelinedRequestsInTurn(socket: TLSSocket): void {
  const state = (socket as unknown as { _writableState?: { highWaterMark: number } })._writableState;
  if (state && state.highWaterMark < PIPELINED_ANSWERS_BYTES) state.highWaterMark = PIPELINED_ANSWERS_BYTES;
}
