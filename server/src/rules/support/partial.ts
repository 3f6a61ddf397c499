/**
 * When a field missing from a probe or hook is really missing from the object the apiserver gets.
 * Not when the parser may have lost it near a syntax error (`readWhole`), and not in a kustomize
 * strategic-merge patch: a patch is partial on purpose, the base supplies what it leaves out
 * (kustomize merges it in; server/src/kustomize/roles.ts decides which files are patches).
 */
import type { Container, HandlerHolder } from '../../manifest/types';
import type { FileFacts } from '../types';

/** A missing field of this holder is missing for the apiserver: the rules that report one may. */
export function missingIsMissing(holder: HandlerHolder, facts: FileFacts): boolean {
  return holder.readWhole && facts.kustomizeRole !== 'patch';
}

/** The file is a kustomize patch: what it does not set comes from the base. */
export function isPatch(facts: FileFacts): boolean {
  return facts.kustomizeRole === 'patch';
}

/**
 * For a finding about a missing field in a file no kustomization names: when the container looks
 * like a patch's (no `image`, which every whole container has), say that as a patch it would be
 * fine and how to make it one.
 */
export function patchHint(container: Container, facts: FileFacts): string {
  if (facts.kustomizeRole !== undefined || container.image !== undefined) return '';
  return ' If this file is a kustomize patch (its container has no image), name it in a kustomization.yaml (`patches:` then `- path: <this file>`): the base then supplies what it leaves out.';
}
