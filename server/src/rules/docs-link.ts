/** Where each rule's documentation page is published: the diagnostic code and the CLI link to it. */
const RULE_DOCS_BASE = 'https://github.com/probe-scope/probe-scope/blob/main/docs/rules/';

/** The page of a rule id, `docs/rules/<id>.md` in the repository. */
export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
