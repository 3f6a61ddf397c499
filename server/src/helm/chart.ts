/**
 * Knowing a Helm chart from its files, the way `helm` does (helm/helm v3 `pkg/chart/loader`,
 * `pkg/engine`): a folder with a `Chart.yaml` is a chart; the files under its `templates/` are
 * rendered (any name that does not start with `_`; helm skips `NOTES.txt` as output), `_*.tpl` and
 * other `_` files hold named templates (helpers); `values.yaml` holds the defaults, and files like
 * `values-prod.yaml` beside it are values files a user passes with `-f`. A chart under another's
 * `charts/` folder is a chart of its own (the nearest `Chart.yaml` wins).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ChartFileRole = 'template' | 'helper' | 'values';

export interface ChartFile {
  /** Absolute path. */
  readonly path: string;
  /** Path inside the chart with `/` separators: `templates/deployment.yaml`, `values.yaml`. */
  readonly name: string;
  readonly text: string;
}

export interface Chart {
  /** The folder holding `Chart.yaml` (absolute). */
  readonly root: string;
  readonly templates: readonly ChartFile[];
  readonly values: readonly ChartFile[];
}

/** Templates render only these as YAML (helm renders every file, but only YAML ones hold manifests). */
const TEMPLATE_FILE = /\.(ya?ml|tpl)$/;
const VALUES_FILE = /^values(?:[-.][^/]*)?\.ya?ml$/;
/** Files over this are not read as templates or values: no chart writes one, and reading it would stall the server. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Charts with more templates than this are read up to it (argo-cd has about 200). */
const MAX_TEMPLATES = 2000;

/** Folder → the chart root above it (or null: none), so a path is walked once. */
const roots = new Map<string, string | null>();

/** The chart a file belongs to: the nearest folder above it holding `Chart.yaml`. */
export function chartRootOf(path: string): string | undefined {
  const visited: string[] = [];
  let dir = dirname(path);
  let found: string | null = null;
  for (;;) {
    const known = roots.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(dir);
    if (isFile(join(dir, 'Chart.yaml'))) {
      found = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const v of visited) roots.set(v, found);
  return found ?? undefined;
}

/** A new or deleted `Chart.yaml` changes which folders are charts. */
export function forgetChartRoots(): void {
  roots.clear();
}

/** What a file is to its chart, from its path alone; undefined for other files (Chart.yaml, README…). */
export function chartFileRole(root: string, path: string): ChartFileRole | undefined {
  const name = relative(root, path).split(sep).join('/');
  if (name.startsWith('templates/')) {
    if (!TEMPLATE_FILE.test(name)) return undefined;
    return basename(name).startsWith('_') ? 'helper' : 'template';
  }
  if (!name.includes('/') && VALUES_FILE.test(name)) return 'values';
  return undefined;
}

/**
 * How the model reads a file of a chart: a template masked; a values file as the YAML helm reads
 * it, even where `{{` in a comment or a string looks like template syntax (argo-cd's values.yaml
 * has some: read masked, it cost a mask and a second parse on every keystroke).
 */
export function chartFileOptions(uri: string): { template: boolean; plain: boolean } {
  const path = pathOfUri(uri);
  const root = path ? chartRootOf(path) : undefined;
  const role = root !== undefined ? chartFileRole(root, path!) : undefined;
  return { template: role === 'template', plain: role === 'values' };
}

/** The file path of a `file:` URI; undefined for other schemes (untitled buffers). */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Reads a chart's templates and values files. `read` gives the text of a file the editor has open
 * (its unsaved text wins over the disk's); files it does not know are read from disk.
 */
export function loadChart(root: string, read: (path: string) => string | undefined = () => undefined): Chart {
  const templates: ChartFile[] = [];
  const values: ChartFile[] = [];
  const add = (path: string): void => {
    const role = chartFileRole(root, path);
    if (role === 'helper' || role === undefined) return;
    if (role === 'template' && templates.length >= MAX_TEMPLATES) return;
    const text = read(path) ?? readSmallFile(path);
    if (text === undefined) return;
    const file = { path, name: relative(root, path).split(sep).join('/'), text };
    (role === 'template' ? templates : values).push(file);
  };
  for (const entry of safeReaddir(root)) add(join(root, entry));
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    for (const entry of safeReaddir(dir)) {
      const path = join(dir, entry);
      if (isDirectory(path)) walk(path, depth + 1);
      else add(path);
    }
  };
  walk(join(root, 'templates'), 0);
  return { root, templates, values };
}

function readSmallFile(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
