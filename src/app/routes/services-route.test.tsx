import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../testing/db';
import { serviceSummary } from '../../contracts/services';
import { FakeEventSource } from '../../testing/fake-event-source';
import { TEAM_PAYMENTS, TEAM_SEARCH, makeEvent, makeKey, makeService } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const serviceCard = (name: string) => screen.findByRole('article', { name });

describe('services page', () => {
  it('lists services with their open incident counts', async () => {
    seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API', openIncidentCount: 2 }), makeService({ name: 'Search', openIncidentCount: 0 })] });
    renderApp('/services');
    const checkout = await serviceCard('Checkout API');
    expect(within(checkout).getByRole('link', { name: '2 open incidents' })).toHaveAttribute('href', '/?service=svc-checkout');
    expect(within(await serviceCard('Search')).getByText(/No open incidents/)).toBeInTheDocument();
  });

  it('creates a service, refusing an empty or duplicate name, and offers snippets with its key', async () => {
    seed({ services: [makeService({ name: 'Checkout API' })] });
    const { user } = renderApp('/services');
    const name = await screen.findByLabelText('Service name');
    await user.click(screen.getByRole('button', { name: 'Create service' }));
    expect(name).toHaveAccessibleDescription(/^Give the service a name\./);
    // An admin may create services for every team, so the owner must be chosen.
    expect(screen.getByLabelText('Team')).toHaveAccessibleDescription(/^Choose the team that owns the service\./);
    expect(within(screen.getByLabelText('Team')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a team…', 'Payments', 'Search']);

    await user.type(name, 'checkout api');
    await user.selectOptions(screen.getByLabelText('Team'), 'Payments');
    await user.click(screen.getByRole('button', { name: 'Create service' }));
    expect(await screen.findByText('A service named "checkout api" already exists')).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(/^A service named "checkout api" already exists/);

    await user.clear(name);
    await user.type(name, 'Payments');
    await user.click(screen.getByRole('button', { name: 'Create service' }));
    const card = await serviceCard('Payments');
    expect(name).toHaveValue('');
    const created = db.services.find((s) => s.name === 'Payments')!;
    expect(created.teamId).toBe(TEAM_PAYMENTS);
    expect(within(card).getByText('Team: Payments')).toBeInTheDocument();
    const key = created.integrationKey!;
    expect(within(card).getByText(key)).toBeInTheDocument();

    const origin = window.location.origin;
    expect(within(card).getByLabelText('Alertmanager (webhook)')).toHaveTextContent(`url: ${origin}/api/v1/integrations/${key}/alertmanager`);
    expect(within(card).getByLabelText('Alertmanager (webhook)')).toHaveTextContent('send_resolved: true');
    expect(within(card).getByLabelText('Alertmanager (PagerDuty receiver)')).toHaveTextContent(`routing_key: ${key}`);
    expect(within(card).getByLabelText('Alertmanager (PagerDuty receiver)')).toHaveTextContent(`url: ${origin}/v2/enqueue`);
    expect(within(card).getByLabelText('PagerDuty Events API v2 (curl)')).toHaveTextContent(`"routing_key": "${key}", "event_action": "trigger"`);
    expect(within(card).getByLabelText('Generic JSON webhook (curl)')).toHaveTextContent(`${origin}/api/v1/integrations/${key}/events`);
    expect(within(card).getByLabelText('Generic JSON webhook (curl)')).toHaveTextContent('"title": "Disk 95% full on db-1", "severity": "critical", "dedupKey": "disk-full-db-1"');

    await user.click(within(card).getByRole('button', { name: 'Copy Alertmanager (webhook)' }));
    expect(within(card).getByRole('button', { name: 'Copy Alertmanager (webhook)' })).toHaveTextContent('Copied');
    expect(await navigator.clipboard.readText()).toContain(`${origin}/api/v1/integrations/${key}/alertmanager`);
  });

  it('renames a service, refusing a name another service has', async () => {
    seed({ services: [makeService({ name: 'Checkout API' }), makeService({ name: 'Search' })] });
    const { user } = renderApp('/services');
    const card = await serviceCard('Search');
    await user.click(within(card).getByRole('button', { name: 'Rename Search' }));
    const input = within(card).getByLabelText('New name for Search');
    await user.clear(input);
    await user.type(input, 'Checkout API');
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    expect(await within(card).findByText('A service named "Checkout API" already exists')).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, 'Search API{Enter}');
    expect(await serviceCard('Search API')).toBeInTheDocument();
  });

  it('adds, rotates and revokes integration keys, asking before the destructive ones', async () => {
    const original = makeKey({ id: 'key-original' });
    seed({ services: [makeService({ name: 'Checkout API', integrationKeys: [original] })] });
    const { user } = renderApp('/services');
    const card = await serviceCard('Checkout API');
    const keys = within(card).getByRole('region', { name: 'Integration keys for Checkout API' });

    await user.click(within(keys).getByRole('button', { name: 'Add key' }));
    expect(await within(keys).findAllByRole('button', { name: /^Rotate key/ })).toHaveLength(2);

    await user.click(within(keys).getByRole('button', { name: `Revoke key ${original.key.slice(0, 8)}…` }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke this integration key?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(db.services[0]!.integrationKeys.find((k) => k.id === original.id)!.revokedAt).toBeNull();

    await user.click(within(keys).getByRole('button', { name: `Revoke key ${original.key.slice(0, 8)}…` }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke key' }));
    expect(await within(keys).findByText('1 revoked key')).toBeInTheDocument();
    expect(within(keys).getAllByRole('button', { name: /^Rotate key/ })).toHaveLength(1);

    const remaining = db.services[0]!.integrationKeys.find((k) => k.revokedAt === null)!;
    await user.click(within(keys).getByRole('button', { name: `Rotate key ${remaining.key.slice(0, 8)}…` }));
    await user.click(within(screen.getByRole('dialog', { name: 'Rotate this integration key?' })).getByRole('button', { name: 'Rotate key' }));
    expect(await within(keys).findByText('2 revoked keys')).toBeInTheDocument();
    const fresh = db.services[0]!.integrationKey!;
    expect(fresh).not.toBe(remaining.key);
    expect(within(keys).getByText(fresh)).toBeInTheDocument();
  });

  it('lets a manager change only the services of the team they manage', async () => {
    seed({ services: [makeService({ name: 'Payments Gateway', teamId: TEAM_PAYMENTS }), makeService({ name: 'Product Search', teamId: TEAM_SEARCH })] });
    const { user } = renderApp('/services', { as: 'manager' });
    const own = await serviceCard('Payments Gateway');
    const theirs = await serviceCard('Product Search');
    expect(within(own).getByRole('button', { name: 'Rename Payments Gateway' })).toBeInTheDocument();
    expect(within(own).getByRole('region', { name: 'Integration keys for Payments Gateway' })).toBeInTheDocument();
    expect(within(theirs).queryByRole('button', { name: /Rename/ })).not.toBeInTheDocument();
    expect(within(theirs).queryByRole('region', { name: /Integration keys/ })).not.toBeInTheDocument();
    expect(within(theirs).queryByText(db.services[1]!.integrationKey!)).not.toBeInTheDocument();
    expect(within(theirs).getByText('Team: Search')).toBeInTheDocument();

    // Marcus manages one team, so a new service goes there without asking.
    expect(within(screen.getByLabelText('Team')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Payments']);
    await user.type(screen.getByLabelText('Service name'), 'Refunds');
    await user.click(screen.getByRole('button', { name: 'Create service' }));
    expect(await serviceCard('Refunds')).toBeInTheDocument();
    expect(db.services.find((s) => s.name === 'Refunds')!.teamId).toBe(TEAM_PAYMENTS);
  });

  it('shows a responder the services without keys and without a create form', async () => {
    seed({ services: [makeService({ name: 'Payments Gateway', teamId: TEAM_PAYMENTS })] });
    renderApp('/services', { as: 'responder' });
    const card = await serviceCard('Payments Gateway');
    expect(within(card).getByText(/shown to this team’s managers and to admins/)).toBeInTheDocument();
    expect(within(card).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Service name')).not.toBeInTheDocument();
  });

  it('gives a viewer no integration key and no snippet, in the page or in what the browser fetched', async () => {
    const service = makeService({ name: 'Payments Gateway', teamId: TEAM_PAYMENTS });
    seed({ services: [service] });
    const { queryClient } = renderApp('/services', { as: 'viewer' });
    const card = await serviceCard('Payments Gateway');
    expect(within(card).getByText(/shown to this team’s managers and to admins/)).toBeInTheDocument();
    expect(within(card).queryByText('Connect monitoring')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(service.integrationKey!);
    expect(JSON.stringify(queryClient.getQueryData(['services']))).not.toContain(service.integrationKey!);
  });

  it('keeps an editor\'s keys through a keyless live event and shows the new key after a rotation elsewhere', async () => {
    const service = makeService({ name: 'Payments Gateway', teamId: TEAM_PAYMENTS });
    seed({ services: [service] });
    renderApp('/services');
    const keys = await screen.findByRole('region', { name: 'Integration keys for Payments Gateway' });
    expect(within(keys).getByText(service.integrationKey!)).toBeInTheDocument();
    const stream = FakeEventSource.latest();
    stream.open();

    // Renamed elsewhere: the event carries the service without keys; the keys stay on screen.
    db.services = [{ ...service, name: 'Payments' }];
    stream.emit({ ...makeEvent({ seq: 301, kind: 'service.renamed', serviceId: service.id }), service: serviceSummary(db.services[0]!) });
    const renamed = await screen.findByRole('region', { name: 'Integration keys for Payments' });
    expect(within(renamed).getByText(service.integrationKey!)).toBeInTheDocument();

    // Rotated elsewhere: the stream says so without the key, and the list is fetched for it.
    const fresh = makeKey({ createdAt: new Date().toISOString() });
    const old = { ...service.integrationKeys[0]!, revokedAt: new Date().toISOString() };
    db.services = [{ ...db.services[0]!, integrationKey: fresh.key, integrationKeys: [fresh, old] }];
    stream.emit({ ...makeEvent({ seq: 302, kind: 'integration_key.revoked', serviceId: service.id }), service: serviceSummary(db.services[0]!) });
    expect(await within(renamed).findByText(fresh.key)).toBeInTheDocument();
  });
});
