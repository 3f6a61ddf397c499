import { apiserverRules } from './apiserver/index';
import { calicoRules } from './calico/index';
import type { Rule } from './types';

/** Every rule, in the order findings are documented. Each group keeps its own list. */
export const allRules: readonly Rule[] = [...apiserverRules, ...calicoRules];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
