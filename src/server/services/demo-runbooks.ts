/**
 * The demo's runbooks, one per scenario of the customer's guide, written to pass the runbook lint:
 * one page, every required section, time boxes, commands in code blocks, real-looking links and an
 * escalation criterion that names a team. Their selectors match the alerts the demo sends (see
 * demo-service.ts); the disk runbook is deliberately overdue for review so the library shows one.
 */

export type DemoRunbook = {
  key: string;
  title: string;
  body: string;
  selectors: string[];
  /** Names of demo services (DEMO_SERVICES in demo-service.ts). */
  serviceNames: string[];
  reviewIntervalDays: number;
  /** Days before the demo's "now" the runbook was last reviewed. */
  lastReviewedDaysAgo: number;
};

const FENCE = '```';

const connectionPool = `# Orders database: connection pool exhausted

## Symptoms
- Checkout calls hang, then fail with "timeout acquiring connection".
- The orders-db connection graph sits flat at its ceiling of 500.
- Latency rises on every endpoint that reads or writes orders.

## Diagnosis (< 2 minutes)
- [ ] Open the [Postgres connections dashboard](https://grafana.acme-shop.internal/d/orders-db/connections) and compare connections in use with the limit.
- [ ] List who holds the connections, oldest transaction first:

${FENCE}sh
psql "$ORDERS_DB_URL" -c "select application_name, count(*), max(now() - xact_start) as oldest from pg_stat_activity where state <> 'idle' group by 1 order by 2 desc;"
${FENCE}

- [ ] If one application (an export, a report, a migration) owns most of them, it is the cause.

## Quick fix (5 minutes)
1. Suspend the job that owns the connections, for example the nightly export:

   ${FENCE}sh
   kubectl -n batch patch cronjob customer-export -p '{"spec":{"suspend":true}}'
   ${FENCE}

2. End that job's sessions so the pool drains at once:

   ${FENCE}sh
   psql "$ORDERS_DB_URL" -c "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'customer-export';"
   ${FENCE}

3. If no single job stands out, restart the API to release leaked connections:

   ${FENCE}sh
   kubectl -n checkout rollout restart deployment/checkout-api
   ${FENCE}

## Escalation
If connections in use are still above 90% after 10 minutes, escalate to the database team.

## Verification
- [ ] Connections in use stay below 300 for 10 minutes.
- [ ] The checkout error rate on the [checkout overview](https://grafana.acme-shop.internal/d/checkout/overview) is under 0.1%.

## Post-incident
- Give batch jobs their own database role with a connection limit.
- Point heavy exports at the read replica, then resume the suspended job.
- Alert at 70% of the pool, so there is time to act before checkout fails.
`;

const diskSpace = `# Payments gateway: disk almost full

## Symptoms
- \`DiskAlmostFull\` fires for a gateway host: a volume is above 90%.
- Requests that write (logs, receipts) start failing with 500 errors.
- Log shipping goes quiet because the agent cannot buffer to disk.

## Diagnosis (< 2 minutes)
- [ ] Find the filling volume on the [node disk dashboard](https://grafana.acme-shop.internal/d/node/disk?var-service=payments-gateway).
- [ ] On the host, see which directories grew:

${FENCE}sh
df -h /var/log /data
sudo du -xh --max-depth=2 /var/log | sort -h | tail -15
${FENCE}

- [ ] Check for deleted files still held open; their space is freed only when the process lets go:

${FENCE}sh
sudo lsof +L1 | sort -k7 -n | tail -5
${FENCE}

## Quick fix (5 minutes)
1. Remove rotated gateway logs older than a week and trim the journal:

   ${FENCE}sh
   sudo find /var/log/payments-gateway -name '*.log.*' -mtime +7 -delete
   sudo journalctl --vacuum-size=500M
   ${FENCE}

2. If a process holds a deleted file, restart only that service:

   ${FENCE}sh
   sudo systemctl restart payments-log-shipper
   ${FENCE}

3. Last resort: remove container images unused for a week:

   ${FENCE}sh
   sudo docker image prune --all --force --filter "until=168h"
   ${FENCE}

## Escalation
If usage is still above 90% after 15 minutes, escalate to the platform team.

## Verification
- [ ] The volume is below 80% and the disk graph is flat.
- [ ] The gateway answers its health check:

${FENCE}sh
curl -fsS http://localhost:8080/healthz
${FENCE}

- [ ] New lines arrive in the [gateway log search](https://logs.acme-shop.internal/app/discover#/payments-gateway).

## Post-incident
- Find what wrote so much and cap it (log level, retention).
- Check that logrotate runs daily on every gateway host.
- Alert on the growth trend at 80%, not only at 90%.
`;

const paymentProvider = `# Payments: card provider outage

## Symptoms
- Checkout says "payment could not be processed" for most cards.
- \`PaymentProviderErrors\` fires: more than 5% of provider calls fail or time out.
- The provider webhook queue grows instead of draining.

## Diagnosis (< 2 minutes)
- [ ] Check the provider's [public status page](https://status.stripe.com).
- [ ] Compare error rates per dependency on the [payments dashboard](https://grafana.acme-shop.internal/d/payments/provider-errors): only provider calls failing means the provider is the cause.
- [ ] Read the gateway's latest provider errors:

${FENCE}sh
kubectl -n payments logs deploy/payments-gateway --since=10m | grep -i provider_error | tail -20
${FENCE}

## Quick fix (5 minutes)
1. Provider down: show the checkout banner and hold orders for later capture:

   ${FENCE}sh
   curl -fsS -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -d '{"enabled":true}' https://admin.acme-shop.internal/api/flags/hold-card-payments
   ${FENCE}

2. Provider healthy but we fail: restart the provider sync worker:

   ${FENCE}sh
   kubectl -n payments rollout restart deployment/provider-sync
   ${FENCE}

3. Watch the webhook queue drain:

   ${FENCE}sh
   redis-cli -h payments-redis.acme-shop.internal LLEN provider:webhooks
   ${FENCE}

## Escalation
If card payments are still failing after 10 minutes, escalate to the payments team.

If the provider reports an outage longer than 1 hour, escalate to the engineering manager to decide on manual order approval.

## Verification
- [ ] Payment success rate is above 98% on the payments dashboard.
- [ ] The webhook queue is under 100 and falling.
- [ ] The hold flag and the banner are off again.

## Post-incident
- Reconcile the held orders with the provider's records.
- Ask the provider for their incident report and link it in the post-mortem.
- Decide whether a second card provider is worth it.
`;

export const DEMO_RUNBOOKS: DemoRunbook[] = [
  {
    key: 'orders-db-connection-pool',
    title: 'Orders database: connection pool exhausted',
    body: connectionPool,
    selectors: ['alertname="PostgresConnectionsNearLimit"', 'summary=~".*[Cc]onnection pool exhausted.*"'],
    serviceNames: ['Orders Database', 'Checkout API'],
    reviewIntervalDays: 90,
    lastReviewedDaysAgo: 12,
  },
  {
    key: 'payments-gateway-disk-space',
    title: 'Payments gateway: disk almost full',
    body: diskSpace,
    selectors: ['alertname="DiskAlmostFull"', 'alertname=~"NodeFilesystem(AlmostOutOfSpace|SpaceFillingUp)"'],
    serviceNames: ['Payments Gateway'],
    reviewIntervalDays: 90,
    // Overdue on purpose: the library and the owner's dashboard show what a stale runbook looks like.
    lastReviewedDaysAgo: 140,
  },
  {
    key: 'card-provider-outage',
    title: 'Payments: card provider outage',
    body: paymentProvider,
    selectors: ['alertname=~"PaymentProvider(Errors|Down)"', 'summary=~".*(Stripe|card provider).*"'],
    serviceNames: ['Payments Gateway', 'Checkout API'],
    reviewIntervalDays: 60,
    lastReviewedDaysAgo: 30,
  },
];
