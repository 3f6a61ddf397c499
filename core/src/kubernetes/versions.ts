/**
 * Kubernetes minor versions: the target a user picks ("1.29", "latest") and how we compare them.
 * Only 1.x exists; a version is its minor number. The probe core knows 1.20 (the oldest apiserver
 * we test against) up to LATEST_MINOR, the newest release whose feature gates we have read.
 */

/** The oldest minor version we model (the real kube-apiserver the tests run is v1.20.2). */
const OLDEST_MINOR = 20;
/**
 * The newest minor version whose feature-gate defaults we have read (kubernetes
 * `pkg/features/kube_features.go`, release-1.35): what "latest" means.
 */
export const LATEST_MINOR = 35;

/** A target Kubernetes version: `minor` of 1.minor, always within OLDEST_MINOR..LATEST_MINOR. */
export interface KubernetesVersion {
  readonly minor: number;
}

export const LATEST_VERSION: KubernetesVersion = { minor: LATEST_MINOR };

/** "1.29" / "v1.29.3" / "1.29.0-eks-abc" / "29" → 29; undefined when not a 1.x version. */
function minorOf(text: string): number | undefined {
  const match = /^v?1\.(\d{1,3})(?:[.+-].*)?$/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

export type VersionParse =
  | { readonly ok: true; readonly version: KubernetesVersion; readonly note?: string }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a version the user wrote ("1.29", "v1.29.3", "latest"). A version older than 1.20 or newer
 * than the newest we know is clamped, with a note saying so (the rules then describe that edge).
 */
export function parseKubernetesVersion(text: string): VersionParse {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'latest') return { ok: true, version: LATEST_VERSION };
  const minor = minorOf(trimmed);
  if (minor === undefined) return { ok: false, message: `"${text}" is not a Kubernetes version: write it as "1.29" (or "latest")` };
  if (minor < OLDEST_MINOR) return { ok: true, version: { minor: OLDEST_MINOR }, note: `1.${minor} is older than 1.${OLDEST_MINOR}, the oldest version Probe Scope models; checking as 1.${OLDEST_MINOR}` };
  if (minor > LATEST_MINOR) return { ok: true, version: LATEST_VERSION, note: `1.${minor} is newer than 1.${LATEST_MINOR}, the newest version Probe Scope knows; checking as 1.${LATEST_MINOR}` };
  return { ok: true, version: { minor } };
}

/** "1.29". */
export function formatVersion(version: KubernetesVersion): string {
  return `1.${version.minor}`;
}

/** The apiserver's `/version` answer (`major`, `minor` like "29" or "29+", `gitVersion`) → a target. */
export function versionFromServerInfo(info: { major?: string; minor?: string; gitVersion?: string }): KubernetesVersion | undefined {
  const fromGit = info.gitVersion ? minorOf(info.gitVersion) : undefined;
  const minor = fromGit ?? (info.major === '1' && info.minor ? Number.parseInt(info.minor, 10) : NaN);
  if (!Number.isFinite(minor)) return undefined;
  const parsed = parseKubernetesVersion(`1.${minor}`);
  return parsed.ok ? parsed.version : undefined;
}
