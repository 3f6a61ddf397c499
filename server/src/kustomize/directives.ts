/**
 * The strategic-merge-patch directives: what each means, and what kustomize does with it. One
 * table for the unknown-field rule, completion and hover.
 *
 * Sources: kubernetes/apimachinery `pkg/util/strategicpatch/patch.go` (directiveMarker `$patch`
 * with replace/delete/merge, `$retainKeys`, `$deleteFromPrimitiveList/<field>`,
 * `$setElementOrder/<field>`; handleDirectiveInMergeMap, applyRetainKeysDirective) as `kubectl
 * patch` and `kubectl apply` use them; kubernetes-sigs/kustomize `kyaml/yaml/merge2/smpdirective.go`
 * (determineMappingNodePatchStrategy: kustomize v5's own merge knows only `$patch`, with
 * replace, delete and merge, and fails on any other value with "unknown patch strategy").
 * Checked with kubectl 1.35 (kustomize v5.7.1): `$retainKeys`, `$deleteFromPrimitiveList/…` and
 * `$setElementOrder/…` in a patch come out of `kubectl kustomize` unchanged, as fields of the
 * result, where the apiserver's strict field validation rejects them.
 */

export interface Directive {
  /** The key, or its prefix before `/<field>`. */
  readonly key: string;
  /** Written `key/<field>`. */
  readonly perField: boolean;
  /** What it asks for, in apimachinery's terms. */
  readonly doc: string;
  /** Whether kustomize's merge applies it (else it passes through into the result). */
  readonly kustomizeApplies: boolean;
}

export const PATCH_DIRECTIVE = '$patch';

/** `$patch` values, as kyaml merge2 reads them in a map (smpdirective.go). */
export const PATCH_VALUES: Readonly<Record<string, string>> = {
  replace: 'Replace this map with the patch\'s map: fields of the base that the patch does not repeat are dropped (the way to swap a probe\'s handler: `exec` in the base, `httpGet` here).',
  delete: 'Delete this map from the result (the patch\'s other fields here are ignored).',
  merge: 'Merge this map into the base field by field (what a patch does anyway).',
};

export const DIRECTIVES: readonly Directive[] = [
  {
    key: PATCH_DIRECTIVE,
    perField: false,
    doc: 'How this map of the patch combines with the base: `replace`, `delete` or `merge` (the default).',
    kustomizeApplies: true,
  },
  {
    key: '$retainKeys',
    perField: false,
    doc: 'The fields of this map to keep: every other field of the base is cleared (used by `kubectl apply` for fields with a retainKeys strategy, such as a volume\'s source).',
    kustomizeApplies: false,
  },
  {
    key: '$deleteFromPrimitiveList',
    perField: true,
    doc: 'Values to remove from the list of scalars `<field>` (for example from `command`).',
    kustomizeApplies: false,
  },
  {
    key: '$setElementOrder',
    perField: true,
    doc: 'The order of the list `<field>` after the merge, by merge key.',
    kustomizeApplies: false,
  },
];

/** The directive a key is, if it is one (`$setElementOrder/httpHeaders` → `$setElementOrder`). */
export function directiveOf(key: string): Directive | undefined {
  if (!key.startsWith('$')) return undefined;
  const slash = key.indexOf('/');
  const head = slash < 0 ? key : key.slice(0, slash);
  const directive = DIRECTIVES.find((d) => d.key === head);
  if (!directive || directive.perField !== slash > 0) return undefined;
  return directive;
}

const KUSTOMIZE_PASSES_THROUGH =
  'kustomize (v5, its own kyaml merge) does not apply it: `kubectl kustomize` copies it into the result as a field, and the apiserver rejects it as unknown.';

/** Markdown for a directive key (and its `$patch` value when known). */
export function directiveHover(key: string, inPatch: boolean): string | undefined {
  const directive = directiveOf(key);
  if (!directive) return undefined;
  const source = 'Strategic merge patch directive (kubernetes/apimachinery strategicpatch)';
  const values =
    directive.key === PATCH_DIRECTIVE ? `\n\n${Object.entries(PATCH_VALUES).map(([value, doc]) => `- \`${value}\`: ${doc}`).join('\n')}` : '';
  const kustomize = directive.kustomizeApplies ? '' : `\n\n⚠ ${KUSTOMIZE_PASSES_THROUGH} Use \`$patch: replace\` on the map instead.`;
  const where = inPatch ? '' : '\n\n⚠ Only a patch may hold it: no kustomization names this file as a patch.';
  return `**${key}** · ${source}\n\n${directive.doc}${values}${kustomize}${where}`;
}

/**
 * What the unknown-field rule says of a directive key: undefined when it is fine here (a `$patch`
 * with a value kustomize knows, in a patch), else the reason it is not.
 */
export function directiveProblem(key: string, value: unknown, inPatch: boolean): string | undefined {
  const directive = directiveOf(key);
  if (!directive) return undefined;
  if (!inPatch) {
    return `${key} is a strategic-merge-patch directive: only a patch may hold it, and no kustomization names this file as one (\`patches:\` then \`- path: <this file>\`).`;
  }
  if (!directive.kustomizeApplies) return `${key}: ${KUSTOMIZE_PASSES_THROUGH} Use \`$patch: replace\` on this map to replace it whole.`;
  if (typeof value === 'string' && value in PATCH_VALUES) return undefined;
  return `unknown patch strategy '${String(value)}' (kustomize fails the build): ${PATCH_DIRECTIVE} takes ${Object.keys(PATCH_VALUES).join(', ')}.`;
}
