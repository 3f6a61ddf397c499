/**
 * The list worker: parses list pages (JSON.parse of megabytes, then slimming) off the thread the
 * cluster core runs on, which in VS Code is the extension host that every extension shares. Started
 * by page-parser.ts; receives `{ id, bytes, slim }` with the bytes transferred, answers `{ id, page }`
 * or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { parsePage, type SlimKind } from './list-page';

interface Request {
  readonly id: number;
  readonly bytes: ArrayBuffer;
  readonly slim: SlimKind;
}

parentPort?.on('message', ({ id, bytes, slim }: Request) => {
  try {
    parentPort!.postMessage({ id, page: parsePage(new Uint8Array(bytes), slim) });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({ id, error: { name: e.name, message: e.message } });
  }
});
