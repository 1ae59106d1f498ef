export type Snippet = { id: string; title: string; description: string; language: 'yaml' | 'shell'; text: string };

/**
 * Copy-paste configuration for each way monitoring can reach this service. `origin` is where
 * the browser reached Firewatch, which is usually where monitoring can reach it too.
 */
export function integrationSnippets(origin: string, key: string, serviceName: string): Snippet[] {
  const receiver = `firewatch-${serviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'service'}`;
  const pagerDutyEvent = {
    routing_key: key,
    event_action: 'trigger',
    dedup_key: 'disk-full-db-1',
    payload: { summary: 'Disk 95% full on db-1', source: 'db-1', severity: 'critical' },
  };
  const genericEvent = { title: 'Disk 95% full on db-1', severity: 'critical', dedupKey: 'disk-full-db-1' };
  return [
    {
      id: 'alertmanager-webhook',
      title: 'Alertmanager (webhook)',
      description: 'Add this receiver to alertmanager.yml and route alerts to it. Resolved alerts resolve the incident.',
      language: 'yaml',
      text: [
        'receivers:',
        `  - name: ${receiver}`,
        '    webhook_configs:',
        `      - url: ${origin}/api/v1/integrations/${key}/alertmanager`,
        '        send_resolved: true',
      ].join('\n'),
    },
    {
      id: 'alertmanager-pagerduty',
      title: 'Alertmanager (PagerDuty receiver)',
      description: 'Already paging PagerDuty? Point the existing receiver at Firewatch instead.',
      language: 'yaml',
      text: ['receivers:', `  - name: ${receiver}`, '    pagerduty_configs:', `      - routing_key: ${key}`, `        url: ${origin}/v2/enqueue`, '        send_resolved: true'].join('\n'),
    },
    {
      id: 'pagerduty-curl',
      title: 'PagerDuty Events API v2 (curl)',
      description: 'Any tool that speaks PagerDuty Events v2 works: change only the URL.',
      language: 'shell',
      text: `curl -X POST ${origin}/v2/enqueue \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(pagerDutyEvent, null, 2)}'`,
    },
    {
      id: 'generic-curl',
      title: 'Generic JSON webhook (curl)',
      description: 'For scripts and tools with a plain webhook. Send {"action":"resolve","dedupKey":…} to resolve.',
      language: 'shell',
      text: `curl -X POST ${origin}/api/v1/integrations/${key}/events \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(genericEvent, null, 2)}'`,
    },
  ];
}
