/**
 * Finds and loads the kubeconfig the way kubectl does, picks the context, and decides whether an
 * exec credential plugin may run. Never writes the kubeconfig and never runs a plugin itself (the
 * client library runs it later, and only if this module allowed it).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import type { ClusterOptions } from './api';
import { execPluginMissing } from './errors';
import type { ClusterProblem } from './model';
import { scrubSecrets } from '../../../core/src/text/redact';

export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  readonly clusterName?: string;
  readonly server?: string;
  /** Namespace set on the context, if any. */
  readonly contextNamespace?: string;
  /** All context names, current (chosen) first. */
  readonly contexts: readonly string[];
  /** Exec credential plugin command of the chosen user, if it uses one. */
  readonly execPluginCommand?: string;
  /** Credential strings of the chosen user, so error texts can be scrubbed of them exactly. */
  readonly secrets: readonly string[];
}

export type KubeConfigResult = { readonly ok: true; readonly config: LoadedKubeConfig } | { readonly ok: false; readonly problem: ClusterProblem; readonly contexts?: readonly string[] };

/** Files to read, in kubectl's order: explicit path, else every KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigCandidates(options: Pick<ClusterOptions, 'kubeconfigPath' | 'env'>): readonly string[] {
  const env = options.env ?? process.env;
  if (options.kubeconfigPath) return [options.kubeconfigPath];
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((entry) => entry.length > 0);
  if (fromEnv.length > 0) return fromEnv;
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return [join(home, '.kube', 'config')];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Merges like kubectl: the first file that defines a cluster, user or context wins, and the first
 * file that sets current-context wins. (The library's mergeConfig throws on duplicates instead.)
 */
function mergeFirstWins(files: readonly string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const one = new KubeConfig();
    one.loadFromFile(file);
    // kubectl talks plain HTTP to an http:// server (kubectl proxy, an insecure port); the library
    // refuses one unless skipTLSVerify is set, though without TLS there is nothing to verify.
    for (const cluster of one.clusters) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster.server?.startsWith('http:') ? { ...cluster, skipTLSVerify: true } : cluster);
    for (const user of one.users) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of one.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (!currentContext && one.currentContext) currentContext = one.currentContext;
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return merged;
}

/**
 * The command a user's credentials would make the client library run: `user.exec`, the old
 * `auth-provider` exec form, or the `gcp`/`azure` auth providers' `cmd-path` (which the library
 * runs through a shell with execSync when its cached token is missing or expired).
 */
function execPluginOf(user: User | null | undefined): string | undefined {
  const provider = user?.authProvider as { config?: { exec?: { command?: string }; 'cmd-path'?: unknown } } | undefined;
  const exec = (user?.exec ?? provider?.config?.exec) as { command?: unknown } | undefined;
  if (exec) return typeof exec.command === 'string' ? exec.command : '(no command)';
  const cmdPath = provider?.config?.['cmd-path'];
  return typeof cmdPath === 'string' && cmdPath.trim() ? cmdPath.trim() : undefined;
}

/** Whether `command` resolves like spawn would: a path, or a file on PATH. */
function commandOnPath(command: string, env: NodeJS.ProcessEnv): boolean {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return isFile(path);
    } catch {
      return false;
    }
  };
  if (command.includes('/') || isAbsolute(command)) return executable(command);
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && extensions.some((ext) => executable(join(dir, command + ext))));
}

const SECRET_ENV_NAME = /TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

/** Auth-provider config keys (oidc, azure, gcp) whose values are credentials. */
const PROVIDER_SECRET_KEYS = ['id-token', 'refresh-token', 'access-token', 'client-secret', 'access_token'];

/**
 * The user's credential strings. Besides the token, key, certificate and password this includes an
 * exec plugin's `env` values (API keys and the like, which a failing plugin may well print on the
 * stderr we quote) and an auth provider's token fields.
 */
function credentialStrings(user: User | null | undefined): string[] {
  if (!user) return [];
  const exec = user.exec as { env?: unknown } | undefined;
  // Not every env value is a secret (AWS_PROFILE=production): scrubbing those would blank out
  // ordinary words in messages. Secret-named variables and long values count.
  const env = Array.isArray(exec?.env)
    ? exec.env
        .filter((entry: { name?: unknown; value?: unknown } | null) => typeof entry?.value === 'string' && (SECRET_ENV_NAME.test(String(entry.name)) || entry.value.length >= 16))
        .map((entry: { value: string }) => entry.value)
    : [];
  const providerConfig = (user.authProvider as { config?: Record<string, unknown> } | undefined)?.config ?? {};
  const values = [user.token, user.keyData, user.certData, user.password, ...env, ...PROVIDER_SECRET_KEYS.map((key) => providerConfig[key])];
  return values.filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** `user:password@` in a server URL: credentials, which every message and the view show the URL in. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i;

function withoutUserinfo(server: string): string {
  return server.replace(USERINFO, '$1');
}

/** The userinfo and its password, raw and decoded, so a library error quoting the URL is scrubbed. */
function userinfoSecrets(server: string | undefined): string[] {
  const userinfo = server ? USERINFO.exec(server)?.[2] : undefined;
  if (!userinfo) return [];
  const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
  const decoded = (() => {
    try {
      return decodeURIComponent(password);
    } catch {
      return password;
    }
  })();
  return [userinfo, password, decoded].filter((value) => value.length > 0);
}

export function loadKubeConfig(options: ClusterOptions): KubeConfigResult {
  const env = options.env ?? process.env;
  const candidates = kubeconfigCandidates(options);
  const present = candidates.filter(isFile);
  if (present.length === 0) {
    return {
      ok: false,
      problem: { kind: 'no-kubeconfig', searched: candidates, message: `No kubeconfig found. Looked in: ${candidates.join(', ')}.` },
    };
  }
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = mergeFirstWins(present);
  } catch (error) {
    // A YAML error's message quotes the lines around the mistake, which in a kubeconfig are often
    // the credentials; its first line (what is wrong, and at which line:column) is enough.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    return { ok: false, problem: { kind: 'error', message: scrubSecrets(`Cannot read kubeconfig (${present.join(', ')}): ${reason}`) } };
  }
  const names = kubeConfig.contexts.map((context) => context.name);
  const contextName = options.context ?? kubeConfig.currentContext;
  if (!contextName) {
    return { ok: false, contexts: names, problem: { kind: 'error', message: `The kubeconfig (${present.join(', ')}) sets no current-context; choose a context.` } };
  }
  if (!names.includes(contextName)) {
    return { ok: false, contexts: names, problem: { kind: 'error', message: `Context "${contextName}" is not in the kubeconfig (${present.join(', ')}). Known contexts: ${names.join(', ') || 'none'}.` } };
  }
  // In memory only: the user's file keeps its current-context.
  kubeConfig.setCurrentContext(contextName);
  const context = kubeConfig.getContextObject(contextName)!;
  const cluster = kubeConfig.getCluster(context.cluster);
  const user = kubeConfig.getUser(context.user);
  const contexts = [contextName, ...names.filter((name) => name !== contextName)];
  const execPluginCommand = execPluginOf(user);
  if (execPluginCommand) {
    if (!options.trusted) {
      return {
        ok: false,
        contexts,
        problem: {
          kind: 'untrusted',
          message: `Context "${contextName}" authenticates with the exec credential plugin "${execPluginCommand}". Probe Scope does not run commands from a kubeconfig in an untrusted (Restricted Mode) workspace; trust the workspace to use it.`,
        },
      };
    }
    if (!commandOnPath(execPluginCommand, env)) return { ok: false, contexts, problem: execPluginMissing(execPluginCommand) };
  }
  return {
    ok: true,
    config: {
      kubeConfig,
      contextName,
      ...(cluster ? { clusterName: cluster.name, server: withoutUserinfo(cluster.server) } : {}),
      ...(context.namespace ? { contextNamespace: context.namespace } : {}),
      contexts,
      ...(execPluginCommand ? { execPluginCommand } : {}),
      secrets: [...credentialStrings(user), ...userinfoSecrets(cluster?.server)],
    },
  };
}
