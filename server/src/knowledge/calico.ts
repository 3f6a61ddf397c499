/**
 * Calico knowledge for rules, completion and hover — the one module to import.
 *
 * Data:
 * - `CALICO_NODE_HEALTH_FLAGS` — the six calico-node checks and `threshold-time`: probe kind,
 *   since-version, what each checks, and the messages it prints when it fails (entries of the
 *   probe core's failure table, `core/src/calico/failures/`, with their causes and advice);
 *   the words that look like checks but are not (`-felix`, `-bird`, `-bird6`, read through
 *   `nonCheckFlag`); `CALICO_NODE_MODE_FLAGS`.
 * - `CHECK_STATUS_FLAGS` — calico-kube-controllers' `check-status`.
 * - `FELIX_HEALTH`, `TYPHA_HEALTH` — health env names, default ports and paths.
 * - `STANDARD_PROBES`, `CALICO_NODE_PROBE_TIMEOUT` — what current Calico ships, for snippets.
 *
 * Helpers:
 * - `calicoHealthFlag(flag)`, `nonCheckFlag(flag)`, `checkFlagsFor(kind)`, `checkStatusFlag(arg)`
 * - `parseCalicoHealthCommand(argv)` → form, every item classified with its argv index;
 *   `healthCommandForm(argv)`; `isGoDuration`, `parseGoBool`.
 * - `calicoComponentOfImage(image)`, `healthEndpointOf(component)`, `standardProbesFor(component, backend)`,
 *   `renderProbe(kind, template)`.
 *
 * What a container of a manifest says (its component, backend, IPv6, exec command, env) is read in
 * `server/src/manifest/` (`calico-container.ts`, `exec-command.ts`, `container-env.ts`).
 *
 * The names exported here are a contract with completion/hover: add, don't rename.
 */
export * from './calico-flags';
export * from './calico-command';
export * from './calico-components';
