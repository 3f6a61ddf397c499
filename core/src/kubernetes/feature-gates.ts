/**
 * The feature gates that decide which probe and lifecycle fields an apiserver accepts, at their
 * default state per minor version. Source: kubernetes `pkg/features/kube_features.go` (the
 * versioned feature specs of release-1.32 and later; the `{Default, PreRelease}` table of each older
 * release branch). A gate never turned on by default stays "off" until a release does.
 */
import { LATEST_MINOR, type KubernetesVersion } from './versions';

export type FeatureGate =
  | 'ProbeTerminationGracePeriod'
  | 'GRPCContainerProbe'
  | 'SidecarContainers'
  | 'PodLifecycleSleepAction'
  | 'PodLifecycleSleepActionAllowZero'
  | 'ContainerStopSignals'
  | 'ContainerRestartRules';

export type GateStage = 'alpha' | 'beta' | 'GA';

interface StageFrom {
  /** First minor version with this stage. */
  readonly minor: number;
  readonly stage: GateStage;
  /** On without any `--feature-gates` flag. */
  readonly onByDefault: boolean;
}

interface GateInfo {
  readonly stages: readonly StageFrom[];
  readonly kep: string;
}

const FEATURE_GATES: Readonly<Record<FeatureGate, GateInfo>> = {
  // release-1.21 alpha (off); release-1.22 beta, still off; release-1.25 "Default to true in beta 1.25"; release-1.28 GA, locked.
  ProbeTerminationGracePeriod: {
    kep: 'https://kep.k8s.io/2238',
    stages: [
      { minor: 21, stage: 'alpha', onByDefault: false },
      { minor: 22, stage: 'beta', onByDefault: false },
      { minor: 25, stage: 'beta', onByDefault: true },
      { minor: 28, stage: 'GA', onByDefault: true },
    ],
  },
  // release-1.23 alpha; release-1.24 beta (on); release-1.27 GA, locked ("remove in 1.29").
  GRPCContainerProbe: {
    kep: 'https://kep.k8s.io/2727',
    stages: [
      { minor: 23, stage: 'alpha', onByDefault: false },
      { minor: 24, stage: 'beta', onByDefault: true },
      { minor: 27, stage: 'GA', onByDefault: true },
    ],
  },
  // SidecarContainers: {1.28 Alpha false}, {1.29 Beta true}, {1.33 GA true, LockToDefault}.
  SidecarContainers: {
    kep: 'https://kep.k8s.io/753',
    stages: [
      { minor: 28, stage: 'alpha', onByDefault: false },
      { minor: 29, stage: 'beta', onByDefault: true },
      { minor: 33, stage: 'GA', onByDefault: true },
    ],
  },
  // PodLifecycleSleepAction: {1.29 Alpha false}, {1.30 Beta true}, {1.34 GA true, LockToDefault}.
  PodLifecycleSleepAction: {
    kep: 'https://kep.k8s.io/3960',
    stages: [
      { minor: 29, stage: 'alpha', onByDefault: false },
      { minor: 30, stage: 'beta', onByDefault: true },
      { minor: 34, stage: 'GA', onByDefault: true },
    ],
  },
  // PodLifecycleSleepActionAllowZero: {1.32 Alpha false}, {1.33 Beta true}, {1.34 GA true, LockToDefault}.
  PodLifecycleSleepActionAllowZero: {
    kep: 'https://kep.k8s.io/4818',
    stages: [
      { minor: 32, stage: 'alpha', onByDefault: false },
      { minor: 33, stage: 'beta', onByDefault: true },
      { minor: 34, stage: 'GA', onByDefault: true },
    ],
  },
  // ContainerStopSignals: {1.33 Alpha false} (still alpha in release-1.35).
  ContainerStopSignals: {
    kep: 'https://kep.k8s.io/4960',
    stages: [{ minor: 33, stage: 'alpha', onByDefault: false }],
  },
  // ContainerRestartRules: {1.34 Alpha false}, {1.35 Beta true}.
  ContainerRestartRules: {
    kep: 'https://kep.k8s.io/5307',
    stages: [
      { minor: 34, stage: 'alpha', onByDefault: false },
      { minor: 35, stage: 'beta', onByDefault: true },
    ],
  },
};

/** The gate's stage at a version, or undefined before the gate existed. */
function stageAt(gate: FeatureGate, version: KubernetesVersion): StageFrom | undefined {
  let current: StageFrom | undefined;
  for (const stage of FEATURE_GATES[gate].stages) if (stage.minor <= version.minor) current = stage;
  return current;
}

/** Whether the gate is on, at its default, in that version's apiserver. */
export function gateEnabled(gate: FeatureGate, version: KubernetesVersion): boolean {
  return stageAt(gate, version)?.onByDefault ?? false;
}

/** "alpha in 1.33, off by default" / "beta in 1.29, on by default" / "GA" (for messages). */
export function gateStateAt(gate: FeatureGate, version: KubernetesVersion): string {
  const stage = stageAt(gate, version);
  if (!stage) return `${gate} does not exist in 1.${version.minor}`;
  if (stage.stage === 'GA') return `${gate} is GA in 1.${version.minor}`;
  return `${gate} is ${stage.stage} in 1.${version.minor}, ${stage.onByDefault ? 'on' : 'off'} by default`;
}

/** The first version where the gate is on by default, or undefined if none we know is. */
export function onByDefaultSince(gate: FeatureGate): number | undefined {
  return FEATURE_GATES[gate].stages.find((s) => s.onByDefault)?.minor;
}

/**
 * For hovers: "1.29, GA 1.33 (alpha 1.28)": from which release it works without flags, when it went
 * GA, and the release that had it behind a flag. A gate never on by default: "1.33 as alpha, off by
 * default (through 1.35)".
 */
export function gateSince(gate: FeatureGate): string {
  const stages = FEATURE_GATES[gate].stages;
  const on = onByDefaultSince(gate);
  const first = stages[0]!;
  if (on === undefined) return `1.${first.minor} as ${first.stage}, off by default (through 1.${LATEST_MINOR})`;
  const ga = stages.find((s) => s.stage === 'GA')?.minor;
  const parts = [`1.${on}`];
  if (ga !== undefined) parts.push(`GA 1.${ga}`);
  return first.minor < on ? `${parts.join(', ')} (${first.stage} 1.${first.minor})` : parts.join(', ');
}

/** "since 1.29, GA 1.33 (alpha 1.28)". */
export function describeGate(gate: FeatureGate): string {
  return `since ${gateSince(gate)}`;
}
