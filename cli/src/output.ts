/** Where a command writes, and how it lays out a table: one interface for every command. */

export interface Output {
  write(text: string): unknown;
}

/** What a command may use of the process, passed in so tests run commands in-process. */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly readStdin: () => string;
  readonly cwd: string;
}

/** Columns padded to their widest cell, two spaces apart, the last column unpadded (like kubectl). */
export function table(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()).join('\n') + '\n';
}
