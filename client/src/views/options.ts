/**
 * Settings → ClusterOptions. Pure (no `vscode` import) so the trust rule is unit-tested: in an
 * untrusted workspace only the user's (global) kubeconfig path counts, never the workspace's, and the
 * core is told not to run exec credential plugins.
 */
import type { ClusterOptions } from '../cluster/api';

/** The shape of `WorkspaceConfiguration.inspect()` that matters here. */
export interface SettingValues<T> {
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

export interface ViewSettings {
  readonly trusted: boolean;
  readonly kubeconfig?: SettingValues<string>;
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** `probeScope.context` setting. */
  readonly context?: string;
  /** Context picked with "Switch Context" in this workspace; wins over the setting. */
  readonly pickedContext?: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

export function clusterOptionsFrom(settings: ViewSettings, log?: ClusterOptions['log']): ClusterOptions {
  const k = settings.kubeconfig ?? {};
  // A workspace can ship a kubeconfig whose exec plugin runs any program; in Restricted Mode its
  // setting is ignored altogether and only the user's own value applies.
  const kubeconfigPath = settings.trusted
    ? nonEmpty(k.workspaceFolderValue) ?? nonEmpty(k.workspaceValue) ?? nonEmpty(k.globalValue)
    : nonEmpty(k.globalValue);
  const context = nonEmpty(settings.pickedContext) ?? nonEmpty(settings.context);
  const namespace = nonEmpty(settings.namespace);
  const labelSelector = nonEmpty(settings.labelSelector);
  return {
    trusted: settings.trusted,
    ...(kubeconfigPath ? { kubeconfigPath } : {}),
    ...(context ? { context } : {}),
    ...(namespace ? { namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
    ...(log ? { log } : {}),
  };
}
