/**
 * What to do when the language server dies: restart it, tell the user once, and stop trying after
 * a crash loop. Shaped like vscode-languageclient's `ErrorHandler` (the `errorHandler` client
 * option) but free of `vscode`: the client's enum values and the notification functions are passed
 * in, so the policy is unit-tested (test/client/server-restarts.test.ts).
 */

/** The client library's action values (`CloseAction.Restart` and so on), injected. */
export interface RestartActions<Close, Err> {
  readonly restart: Close;
  readonly doNotRestart: Close;
  readonly continue: Err;
}

/** Shows a notification; the result is not awaited. */
export interface RestartNotifier {
  warn(text: string): void;
  error(text: string): void;
}

export interface RestartPolicyOptions {
  /** Crashes within `windowMs` that are still restarted; one more and the server stays down. */
  readonly maxCrashes?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** Same fields as the client library's `CloseHandlerResult` / `ErrorHandlerResult`. */
export interface HandlerResult<Action> {
  readonly action: Action;
  /** Written to the "Probe Scope" output by the client library. */
  readonly message: string;
  /** Always true: any notification was shown here, so the library only logs `message`. */
  readonly handled: true;
}

export interface ServerErrorHandler<Close, Err> {
  error(error: Error, message: unknown, count: number | undefined): HandlerResult<Err>;
  closed(): HandlerResult<Close>;
}

export const RESTARTED_NOTICE = 'Probe Scope: the language server stopped unexpectedly and was restarted. See the "Probe Scope" output for details.';

export function gaveUpNotice(crashes: number, windowMs: number): string {
  return `Probe Scope: the language server stopped ${crashes} times in ${Math.round(windowMs / 60_000)} minutes; it will not be restarted again. See the "Probe Scope" output, and reload the window to start it again.`;
}

export function serverErrorHandler<Close, Err>(
  actions: RestartActions<Close, Err>,
  notify: RestartNotifier,
  options: RestartPolicyOptions = {},
): ServerErrorHandler<Close, Err> {
  const maxCrashes = options.maxCrashes ?? 5;
  const windowMs = options.windowMs ?? 3 * 60_000;
  const now = options.now ?? Date.now;
  const crashes: number[] = [];
  let told = false;
  let gaveUp = false;
  return {
    // A read or write error on the connection comes with (or before) the close when the server
    // dies; the close decides. Without `handled` the library would pop up every one of them.
    error: (error, _message, count) => ({
      action: actions.continue,
      message: `Probe Scope: the connection to the language server failed${count ? ` (${count})` : ''}: ${error.message}`,
      handled: true,
    }),
    closed: () => {
      if (gaveUp) return { action: actions.doNotRestart, message: 'Probe Scope: the language server stopped; it is not restarted.', handled: true };
      const at = now();
      crashes.push(at);
      while (crashes.length > 0 && at - crashes[0]! > windowMs) crashes.shift();
      if (crashes.length > maxCrashes) {
        gaveUp = true;
        const text = gaveUpNotice(crashes.length, windowMs);
        notify.error(text);
        return { action: actions.doNotRestart, message: text, handled: true };
      }
      // Once per session: a server that crashes now and then should not nag, and one that crashes
      // in a loop gets the give-up notice above instead of a pop-up per restart.
      if (!told) {
        told = true;
        notify.warn(RESTARTED_NOTICE);
      }
      const minutes = Math.round(windowMs / 60_000);
      return {
        action: actions.restart,
        message: `Probe Scope: the language server stopped unexpectedly; restarting it (${crashes.length} in the last ${minutes} minutes; at ${maxCrashes + 1} it stays stopped).`,
        handled: true,
      };
    },
  };
}
