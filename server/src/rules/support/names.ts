/** Name checks the apiserver applies (apimachinery `IsValidPortName`, `IsHTTPHeaderName`) and
 *  the "did you mean" search used by several fixes. */

/**
 * IANA_SVC_NAME rules, one message per failing rule, in apimachinery's order (a name can fail
 * several, and the apiserver lists each).
 */
export function portNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 15) problems.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) problems.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) problems.push('must contain at least one letter (a-z)');
  if (name.includes('--')) problems.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) problems.push('must not begin or end with a hyphen');
  return problems;
}

export const PORT_RANGE_MESSAGE = 'must be between 1 and 65535, inclusive';

export function isValidPortNumber(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

export const HEADER_NAME_MESSAGE =
  "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

export function isValidHeaderName(name: string): boolean {
  return /^[-A-Za-z0-9]+$/.test(name);
}

/** Edit distance with adjacent transpositions counted as one edit (`prot` → `port`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate `word` most likely meant: an exact case-insensitive match first (`gRPC` → `grpc`),
 * else the unique closest one within a distance that grows with the length (1 for short words,
 * up to 3), so unrelated words get no suggestion.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...new Set(candidates)].filter((c) => c !== word);
  const folded = list.filter((c) => c.toLowerCase() === word.toLowerCase());
  if (folded.length === 1) return folded[0];
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of list) {
    // The distance is at least the difference in length: skipping those keeps a 200,000-character
    // key (a pasted line) from costing a 200,000 × 30 table per candidate.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}
