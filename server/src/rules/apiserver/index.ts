import type { Rule } from '../types';
import { probeGracePeriodPositive } from './probe-grace-period-positive';
import { probeMultipleHandlers } from './probe-multiple-handlers';
import { probeNegativeValue } from './probe-negative-value';
import { probeNoHandler } from './probe-no-handler';
import { probeReadinessGracePeriod } from './probe-readiness-grace-period';
import { probeSuccessThreshold } from './probe-success-threshold';

/**
 * Rules that mirror kube-apiserver validation (errors, in the order the apiserver checks), then
 * run-time warnings. One file per rule.
 */
export const apiserverRules: readonly Rule[] = [
  probeNoHandler,
  probeMultipleHandlers,
  probeNegativeValue,
  probeGracePeriodPositive,
  probeSuccessThreshold,
  probeReadinessGracePeriod,
];
