/**
 * Completion of the strategic-merge-patch directive kustomize applies, in a file a kustomization
 * names as a patch: the `$patch` key in a probe, a handler, `lifecycle` or a hook, and its values.
 * The apiserver-only directives (`$retainKeys`, `$deleteFromPrimitiveList/…`, `$setElementOrder/…`)
 * are not offered: kustomize copies them into the result, where they are errors (directives.ts).
 */
import type { CursorContext } from '../manifest/context/types';
import { DIRECTIVES, PATCH_DIRECTIVE, PATCH_VALUES } from '../kustomize/directives';
import type { EntryList } from './completion-item';

const PATCH_DOC = DIRECTIVES.find((d) => d.key === PATCH_DIRECTIVE)!.doc;

/** In a map of a patch: `$patch` as a key, or its values after `$patch:`. */
export function directiveCompletions(ctx: CursorContext, list: EntryList): void {
  if (ctx.position === 'key' && !ctx.presentKeys.includes(PATCH_DIRECTIVE)) {
    const values = Object.keys(PATCH_VALUES).join(',');
    list.add({
      label: PATCH_DIRECTIVE,
      kind: 'property',
      detail: 'kustomize patch directive',
      documentation: `**${PATCH_DIRECTIVE}** · strategic merge patch\n\n${PATCH_DOC}`,
      insertText: ctx.followedByColon ? '\\$patch' : `\\$patch: \${1|${values}|}`,
      isSnippet: true,
      filterText: PATCH_DIRECTIVE,
    });
  } else if (ctx.position === 'value' && ctx.key === PATCH_DIRECTIVE) {
    for (const [value, doc] of Object.entries(PATCH_VALUES)) {
      list.add({ label: value, kind: 'enum', detail: `${PATCH_DIRECTIVE} ${value}`, documentation: doc });
    }
  }
}
