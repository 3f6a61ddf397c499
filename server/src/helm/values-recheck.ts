/**
 * When the values files a template keystroke changes are checked again (issue 15): after the
 * template's own validation, not before it. Scheduled together, the values file went first (the
 * server named it first, and the template's validation yields once after its model update), so the
 * file the user types in showed its diagnostics only after the other file's check (~2 ms on
 * seeded-app, ~4 ms on ingress-nginx with the values file open).
 */
export class ValuesRecheck {
  /** Template URI → the values files waiting for its next validation. */
  private readonly waiting = new Map<string, Set<string>>();

  constructor(private readonly schedule: (uri: string) => void) {}

  /** A keystroke in `template` changes what these values files show: they wait for its validation. */
  after(template: string, values: readonly string[]): void {
    if (values.length === 0) return;
    const known = this.waiting.get(template);
    if (known) for (const uri of values) known.add(uri);
    else this.waiting.set(template, new Set(values));
  }

  /** Runs a file's validation, then schedules the values files that waited for it (also when it throws). */
  validating<T>(uri: string, validate: () => T): T {
    try {
      return validate();
    } finally {
      this.release(uri);
    }
  }

  /** The template was validated or closed: the values files that waited for it are scheduled. */
  release(template: string): void {
    const values = this.waiting.get(template);
    if (!values) return;
    this.waiting.delete(template);
    for (const uri of values) this.schedule(uri);
  }
}
