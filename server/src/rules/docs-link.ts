/** Where each rule's documentation page is published: the diagnostic code and the CLI link to it. */
const RULE_DOCS_BASE = 'https://github.com/probe-scope/probe-scope/blob/main/docs/rules/';

/** Findings that are not a rule's and the page that explains them instead. */
const NOTICE_PAGES: Readonly<Record<string, string>> = {
  'helm-render': 'https://github.com/probe-scope/probe-scope/blob/main/docs/helm.md',
  'live-drift': 'https://github.com/probe-scope/probe-scope/blob/main/docs/live.md#drift',
  'live-tuning': 'https://github.com/probe-scope/probe-scope/blob/main/docs/cluster.md#tuning-from-what-the-cluster-shows',
};

/** The page of a rule id, `docs/rules/<id>.md` in the repository (a notice's own page for the few that are not rules). */
export function ruleDocsUrl(id: string): string {
  return NOTICE_PAGES[id] ?? `${RULE_DOCS_BASE}${id}.md`;
}
