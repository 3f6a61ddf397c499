/** Markdown for tooltips, with text from the cluster escaped so it cannot inject markup. */

/** Escapes text that comes from the cluster (Event messages, pod names) before it goes into markdown. */
export function mdEscape(text: string): string {
  // Only what can start markup mid-line: links, code, emphasis, html, tables.
  return text.replace(/[\\`*_[\]()#|<>~]/g, (c) => `\\${c}`);
}

export function mdCode(text: string): string {
  // A fence longer than any run of backticks inside keeps the code span intact.
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}
