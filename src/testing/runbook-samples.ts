import { makeRunbook } from './runbook-handlers';

/** A clean, one-page runbook for the database pool (written for these tests). */
export const DB_POOL = `# Symptoms

- Checkout answers 503 and the pool gauge sits at its maximum.

# Diagnosis (< 2 minutes)

- [ ] Count the open connections on the primary
- [ ] Look for one client holding most of them

\`\`\`
psql -c "select count(*) from pg_stat_activity"
\`\`\`

# Quick fix (5 minutes)

1. Restart the checkout pods
2. Watch the pool drain on the dashboard

# Escalation

If not recovered in 5 minutes, escalate to the Payments team.

# Verification

- [ ] Error rate back under 1% on [the dashboard](https://grafana.example/d/pool)

# Post-incident

- File the ticket for the connection leak.
`;

export const dbPoolRunbook = (overrides: Parameters<typeof makeRunbook>[0] extends infer T ? Partial<T> : never = {}) =>
  makeRunbook({ id: 'rb-db-pool', title: 'Database connection pool exhausted', body: DB_POOL, serviceIds: ['svc-checkout'], selectors: ['alertname="DbPoolExhausted"'], ...overrides });
