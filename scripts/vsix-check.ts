/**
 * What a packaged .vsix must hold, for VS Code's Marketplace and for Open VSX alike (one file for
 * both): every file the extension loads at run time, nothing of the repository besides (sources,
 * tests, source maps, node_modules), and the manifest fields both registries read.
 *
 * Open VSX's checks are its server's ExtensionValidator (eclipse-openvsx/openvsx,
 * server/src/main/java/org/eclipse/openvsx/ExtensionValidator.java: validateExtensionName,
 * validateNamespace, validateMetadata): name and publisher of `[\w\-+$~]+`, a semantic version,
 * displayName and license up to 255 characters, description up to 2048, absolute URLs for
 * repository/homepage/bugs, galleryBanner.theme dark or light. The Marketplace wants a PNG icon
 * (vsce refuses an SVG one) and vsce a LICENSE file.
 *
 * `node --import tsx scripts/vsix-check.ts FILE.vsix` prints the problems and exits 1 if any
 * (`npm run package` runs it on what it built); test/package/vsix.test.ts runs it too.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** A .vsix read into memory: entry name → content. */
export type VsixEntries = ReadonlyMap<string, Buffer>;

/** Where vsce puts the extension's own files inside the archive. */
const ROOT = 'extension/';

/** Bundles loaded by `require` or as a worker at run time, which package.json does not name. */
const RUNTIME_BUNDLES = ['dist/server.js', 'dist/cluster.js', 'dist/list-worker.js', 'dist/cli.js'];

/** Repository paths that never ship: sources, tests, tools, build output that only maps or caches. */
const NEVER_SHIPPED: readonly [RegExp, string][] = [
  [/^(client|server|core|cli)\/src\//, 'TypeScript sources (the bundles in dist/ hold them)'],
  [/^(test|scripts|tools|docs|\.ci|\.test-artifacts|node_modules)\//, 'repository-only folder'],
  [/(?<!\.d)\.ts$/, 'TypeScript source'],
  [/\.map$/, 'source map'],
  [/\.vsix$/, 'an older package'],
  [/(^|\/)\.git(\/|$)|(^|\/)tsconfig[^/]*\.json$/, 'repository file'],
];

const NAME = /^[\w\-+$~]+$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Reads a zip archive's entries (stored or deflated, as vsce writes them; no zip64: a .vsix stays
 * far below 4 GiB). Throws with a clear message on anything else.
 */
export function readVsix(file: string): VsixEntries {
  const zip = readFileSync(file);
  // End of central directory: 22 bytes plus a comment of up to 64 KiB, at the very end.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip archive (no end of central directory)`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory at byte ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressed);
    if (method !== 0 && method !== 8) throw new Error(`${file}: ${name} uses compression method ${method}`);
    if (!name.endsWith('/')) entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

interface Manifest {
  name?: string;
  publisher?: string;
  version?: string;
  displayName?: string;
  description?: string;
  license?: string;
  main?: string;
  icon?: string;
  engines?: { vscode?: string };
  repository?: string | { url?: string };
  homepage?: string;
  bugs?: string | { url?: string };
  galleryBanner?: { theme?: string; color?: string };
  contributes?: { grammars?: { path?: string }[]; viewsContainers?: Record<string, { icon?: string }[]> };
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value.replace(/^git\+/, ''));
    return !/^https?:$/.test(url.protocol) || url.host !== '';
  } catch {
    return false;
  }
}

const urlOf = (field: string | { url?: string } | undefined) => (typeof field === 'string' ? field : field?.url);

/** Files the manifest itself points at, relative to the extension's root. */
function referencedFiles(m: Manifest): string[] {
  const files = [m.main, m.icon, ...(m.contributes?.grammars ?? []).map((g) => g.path)];
  for (const containers of Object.values(m.contributes?.viewsContainers ?? {})) files.push(...containers.map((c) => c.icon));
  return files.filter((f): f is string => typeof f === 'string' && !f.startsWith('$(')).map((f) => f.replace(/^\.\//, ''));
}

function manifestProblems(m: Manifest, has: (path: string) => boolean): string[] {
  const problems: string[] = [];
  const text = (field: keyof Manifest, limit: number) => {
    const value = m[field];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`package.json has no ${field}`);
    else if (value.length > limit) problems.push(`package.json ${field} is longer than ${limit} characters (Open VSX's limit)`);
  };
  if (!m.name || !NAME.test(m.name)) problems.push(`package.json name ${JSON.stringify(m.name)} is not a valid extension name`);
  if (!m.publisher || !NAME.test(m.publisher)) problems.push(`package.json publisher ${JSON.stringify(m.publisher)} is not a valid namespace (Open VSX) / publisher (Marketplace)`);
  if (!m.version || !SEMVER.test(m.version)) problems.push(`package.json version ${JSON.stringify(m.version)} is not a semantic version`);
  text('displayName', 255);
  text('description', 2048);
  text('license', 255);
  if (!m.engines?.vscode) problems.push('package.json has no engines.vscode');
  const repository = urlOf(m.repository);
  if (!repository) problems.push('package.json has no repository (Open VSX links the source from it)');
  for (const [field, value] of [['repository', repository], ['homepage', m.homepage], ['bugs', urlOf(m.bugs)]] as const) {
    if (value && !isAbsoluteUrl(value)) problems.push(`package.json ${field} is not an absolute URL: ${value}`);
  }
  if (m.galleryBanner?.theme && !['dark', 'light'].includes(m.galleryBanner.theme)) problems.push(`galleryBanner.theme must be dark or light, not ${m.galleryBanner.theme}`);
  if (m.galleryBanner?.color && m.galleryBanner.color.length > 16) problems.push('galleryBanner.color is longer than 16 characters');
  if (!m.icon) problems.push('package.json has no icon');
  else if (!/\.png$/i.test(m.icon)) problems.push(`the icon must be a PNG for the Marketplace, not ${m.icon}`);
  if (!['LICENSE', 'LICENSE.md', 'LICENSE.txt'].some(has)) problems.push('no LICENSE file in the package');
  return problems;
}

/** Everything wrong with a packaged extension; empty when it is fit for both registries. */
export function vsixProblems(entries: VsixEntries): string[] {
  const problems: string[] = [];
  const has = (path: string) => entries.has(ROOT + path);
  if (!entries.has('extension.vsixmanifest')) problems.push('no extension.vsixmanifest (not a VS Code extension package)');
  const raw = entries.get(`${ROOT}package.json`);
  if (!raw) return [...problems, 'no extension/package.json'];
  let manifest: Manifest;
  try {
    manifest = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    return [...problems, `extension/package.json is not JSON: ${(e as Error).message}`];
  }
  problems.push(...manifestProblems(manifest, has));
  for (const file of [...new Set([...referencedFiles(manifest), ...RUNTIME_BUNDLES])]) {
    if (!has(file)) problems.push(`missing ${file}, which the extension loads`);
  }
  const vsixManifest = entries.get('extension.vsixmanifest')?.toString('utf8') ?? '';
  const identity = /<Identity\b[^>]*>/.exec(vsixManifest)?.[0] ?? '';
  for (const [attribute, value] of [['Id', manifest.name], ['Version', manifest.version], ['Publisher', manifest.publisher]] as const) {
    if (vsixManifest && !identity.includes(`${attribute}="${value}"`)) problems.push(`extension.vsixmanifest's Identity ${attribute} is not ${value}`);
  }
  for (const name of entries.keys()) {
    if (!name.startsWith(ROOT)) continue;
    const path = name.slice(ROOT.length);
    const why = NEVER_SHIPPED.find(([pattern]) => pattern.test(path));
    if (why) problems.push(`${path} must not ship (${why[1]}; see .vscodeignore)`);
  }
  return problems;
}

if (process.argv[1]?.endsWith('vsix-check.ts')) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node --import tsx scripts/vsix-check.ts FILE.vsix');
    process.exit(2);
  }
  const problems = vsixProblems(readVsix(file));
  for (const p of problems) console.error(`${file}: ${p}`);
  process.exit(problems.length ? 1 : 0);
}
