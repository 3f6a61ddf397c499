import { resolve } from 'node:path';

/** The repository root. */
export const REPO = resolve(__dirname, '../..');

/**
 * The shared material (corpus, tools) beside the checkout: `../shared` in a clone, overridable with
 * PROBE_SCOPE_SHARED (set by .ci/run).
 */
export const SHARED = process.env.PROBE_SCOPE_SHARED ?? resolve(REPO, '../shared');

export const CORPUS = resolve(SHARED, 'corpus');
