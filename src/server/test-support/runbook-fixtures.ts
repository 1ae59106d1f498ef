import { analyseRunbook } from '../../domain/runbook/document';

/** A one-page runbook in the guide's shape, with time boxes and two escalation criteria. */
export const POOL_RUNBOOK = `# Database connection pool exhausted

## Symptoms
Checkout requests wait for a connection and time out after 30 s.

## Diagnosis (< 2 minutes)
- [ ] Check active connections on the primary
- [ ] Look for long-running queries

## Quick fix (5 minutes)
1. Pause the nightly export job
2. Restart the pool with \`kubectl rollout restart deployment/checkout-api\`

## Escalation
If not recovered in 2 minutes, escalate to the database team.

If the pool is still full after 10 minutes, escalate to the next level.

## Verification
- [ ] Pool under 80% for 5 minutes

## Post-incident
Write down what held the connections.
`;

/** The id of the step whose text starts with `text` in `body`. */
export function stepId(body: string, text: string): string {
  const step = analyseRunbook(body).steps.find((candidate) => candidate.text.startsWith(text));
  if (!step) throw new Error(`no step starts with ${text}`);
  return step.id;
}

export function sectionId(body: string, title: string): string {
  const section = analyseRunbook(body).sections.find((candidate) => candidate.title === title);
  if (!section) throw new Error(`no section ${title}`);
  return section.id;
}

/** The criterion naming `target` (null: the next level). */
export function criterionId(body: string, target: string | null): string {
  const criterion = analyseRunbook(body).criteria.find((candidate) => (target === null ? candidate.target === null : candidate.target?.includes(target)));
  if (!criterion) throw new Error(`no criterion for ${target}`);
  return criterion.id;
}
