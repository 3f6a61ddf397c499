import type { Rule } from '../types';
import { calicoBird6CheckWithoutIpv6 } from './calico-bird6-check-without-ipv6';
import { calicoBirdCheckWithoutBgp } from './calico-bird-check-without-bgp';
import { calicoHealthDisabled } from './calico-health-disabled';
import { calicoHealthFlagNotACheck } from './calico-health-flag-not-a-check';
import { calicoHealthFlagSingleDash } from './calico-health-flag-single-dash';
import { calicoHealthFlagUnknown } from './calico-health-flag-unknown';
import { calicoHealthFlagWrongProbe } from './calico-health-flag-wrong-probe';
import { calicoHealthPort } from './calico-health-port';
import { calicoKubeControllersReadinessTimeout } from './calico-kube-controllers-readiness-timeout';
import { calicoNodeProbeTimeout } from './calico-node-probe-timeout';
import { calicoOperatorRevert } from './calico-operator-revert';

/** Calico-aware rules (calico-node, calico-typha, calico-kube-controllers). One file per rule. */
export const calicoRules: readonly Rule[] = [
  calicoHealthFlagUnknown,
  calicoHealthFlagNotACheck,
  calicoHealthFlagWrongProbe,
  calicoHealthFlagSingleDash,
  calicoBirdCheckWithoutBgp,
  calicoBird6CheckWithoutIpv6,
  calicoNodeProbeTimeout,
  calicoHealthPort,
  calicoHealthDisabled,
  calicoKubeControllersReadinessTimeout,
  // Operator installs: the workload is rendered from the Installation.
  calicoOperatorRevert,
];
