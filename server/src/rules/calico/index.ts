import type { Rule } from '../types';

/** Calico-aware rules (calico-node, calico-typha, calico-kube-controllers). One file per rule. */
export const calicoRules: readonly Rule[] = [];
