import { apiserverRules } from './apiserver/index';
import { calicoRules } from './calico/index';
import { runtimeRules } from './runtime/index';
import type { Rule } from './types';

/** Every rule, in the order findings are documented: one list per category folder. */
export const allRules: readonly Rule[] = [...apiserverRules, ...runtimeRules, ...calicoRules];
