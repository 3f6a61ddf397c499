import type { Rule } from '../types';
import { probeMultipleHandlers } from './probe-multiple-handlers';

/** Rules that mirror kube-apiserver validation, and run-time warnings. One file per rule. */
export const apiserverRules: readonly Rule[] = [probeMultipleHandlers];
