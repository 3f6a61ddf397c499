/**
 * Calico knowledge for rules, completion and hover — the one module to import.
 *
 * Data:
 * - `CALICO_NODE_HEALTH_FLAGS` — the six calico-node checks and `threshold-time`: probe kind,
 *   since-version, what each checks, and the messages it prints when it fails (entries of the
 *   probe core's failure table, `core/src/calico/failures/`, with their causes and advice);
 *   `CALICO_NODE_NON_CHECK_FLAGS` (`-felix`, `-bird`, `-bird6`); `CALICO_NODE_MODE_FLAGS`.
 * - `CHECK_STATUS_FLAGS` — calico-kube-controllers' `check-status`.
 * - `FELIX_HEALTH`, `TYPHA_HEALTH` — health env names, default ports and paths.
 * - `STANDARD_PROBES`, `CALICO_NODE_PROBE_TIMEOUT` — what current Calico ships, for snippets.
 *
 * Helpers:
 * - `calicoHealthFlag(flag)`, `nonCheckFlag(flag)`, `checkFlagsFor(kind)`, `checkStatusFlag(arg)`
 * - `parseCalicoHealthCommand(argv)` → form, every item classified with its argv index;
 *   `healthCommandForm(argv)`; `isGoDuration`, `parseGoBool`.
 * - `calicoComponentOf(container)`, `calicoComponentOfImage(image)`, `healthEndpointOf(component)`
 * - `execCommandOf(probe)`, `envEntry(container, name)`, `networkingBackend(container, facts)`,
 *   `ipv6Off(container)`, `standardProbesFor(component, backend)`, `renderProbe(kind, template)`.
 *
 * The names exported here are a contract with completion/hover: add, don't rename.
 */
export * from './calico-flags';
export * from './calico-command';
export * from './calico-components';
