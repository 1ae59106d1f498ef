import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ComponentDto } from '../../contracts/status-page';
import { db, seed } from '../../testing/db';
import { makeService } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const component = (over: Partial<ComponentDto>): ComponentDto => ({ id: 'cmp-x', name: 'X', group: 'Shop', position: 0, description: null, status: 'operational', serviceIds: [], updatedAt: '2026-03-03T12:00:00.000Z', ...over });

function seedComponents() {
  seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' }), makeService({ id: 'svc-search', name: 'Search' })] });
  db.statusComponents = [component({ id: 'cmp-checkout', name: 'Checkout', serviceIds: ['svc-checkout'] }), component({ id: 'cmp-search', name: 'Search', position: 1 })];
  db.statusSubscribers = { email: 7, webhook: 2 };
}

const components = () => screen.findByRole('region', { name: 'Components' });

describe('the status page admin screen', () => {
  it('creates a component, showing the 400 next to the name first', async () => {
    seedComponents();
    const { user } = renderApp('/status-admin', { as: 'manager' });
    const region = await components();
    expect(await screen.findByText(/Subscribers:/)).toHaveTextContent('7 by e-mail, 2 by webhook');
    const name = within(region).getByLabelText('Name');
    await user.click(within(region).getByRole('button', { name: 'Add component' }));
    expect(await within(region).findByText('Name must not be empty')).toBeInTheDocument();
    await user.type(name, 'Payments');
    await user.type(within(region).getByLabelText(/^Group/), 'Shop');
    await user.selectOptions(within(region).getByLabelText(/^Linked services/), 'svc-search');
    await user.click(within(region).getByRole('button', { name: 'Add component' }));
    expect(await within(region).findByText('Payments')).toBeInTheDocument();
    expect(db.statusComponents.find((c) => c.name === 'Payments')).toMatchObject({ group: 'Shop', serviceIds: ['svc-search'], position: 2 });
  });

  it('moves, renames, changes status and deletes with confirmation', async () => {
    seedComponents();
    const { user } = renderApp('/status-admin', { as: 'admin' });
    const region = await components();
    await user.click(await within(region).findByRole('button', { name: 'Move Search up' }));
    await waitFor(() => expect(db.statusComponents.find((c) => c.id === 'cmp-search')?.position).toBe(0));
    expect(db.statusComponents.find((c) => c.id === 'cmp-checkout')?.position).toBe(1);
    await user.selectOptions(within(region).getByLabelText('Status of Checkout'), 'major_outage');
    await waitFor(() => expect(db.statusComponents.find((c) => c.id === 'cmp-checkout')?.status).toBe('major_outage'));
    await user.click(within(region).getByRole('button', { name: 'Edit Checkout' }));
    const nameInputs = within(region).getAllByLabelText('Name');
    await user.clear(nameInputs[0]!);
    await user.type(nameInputs[0]!, 'Checkout & cart');
    await user.click(within(region).getByRole('button', { name: 'Save' }));
    expect(await within(region).findByText('Checkout & cart')).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: 'Delete Search' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete Search?' });
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Delete component' }));
    await waitFor(() => expect(db.statusComponents.map((c) => c.id)).toEqual(['cmp-checkout']));
  });

  it('adds a chat mirror, refuses a loopback URL next to the field, and shows the test outcome', async () => {
    seedComponents();
    const { user } = renderApp('/status-admin', { as: 'admin' });
    const form = await screen.findByRole('form', { name: 'Add a chat mirror' });
    await user.selectOptions(within(form).getByLabelText('Team'), db.teams[0]!.id);
    await user.type(within(form).getByLabelText('Name'), '#incidents');
    await user.type(within(form).getByLabelText(/^Webhook URL/), 'http://127.0.0.1/hook');
    await user.click(within(form).getByRole('button', { name: 'Add chat mirror' }));
    expect(await within(form).findByText('Webhook URL must not point at a loopback, private or link-local address')).toBeInTheDocument();
    await user.clear(within(form).getByLabelText(/^Webhook URL/));
    await user.type(within(form).getByLabelText(/^Webhook URL/), 'https://hooks.slack.com/services/T/B/secret');
    await user.click(within(form).getByRole('button', { name: 'Add chat mirror' }));
    const region = screen.getByRole('region', { name: 'Chat mirrors' });
    expect(await within(region).findByText(/hooks\.slack\.com/)).toBeInTheDocument();
    expect(region).not.toHaveTextContent('/services/T/B');
    await user.click(within(region).getByRole('button', { name: 'Send test to #incidents' }));
    expect(await within(region).findByRole('status')).toHaveTextContent('Test sent: the chat accepted it.');
  });

  it('schedules maintenance and cancels it', async () => {
    seedComponents();
    const { user } = renderApp('/status-admin', { as: 'manager' });
    const form = await screen.findByRole('form', { name: 'Schedule maintenance' });
    await user.type(within(form).getByLabelText('Title'), 'Database upgrade');
    await user.click(within(form).getByRole('button', { name: 'Schedule maintenance' }));
    expect(await within(form).findByText(/^Components must name at least one component/)).toBeInTheDocument();
    await user.selectOptions(within(form).getByLabelText('Components'), 'cmp-checkout');
    await user.type(within(form).getByLabelText(/^Starts/), '2026-03-10T02:00');
    await user.type(within(form).getByLabelText(/^Ends/), '2026-03-10T03:00');
    await user.type(within(form).getByLabelText('What customers read'), 'Checkout may be slow.');
    await user.click(within(form).getByRole('button', { name: 'Schedule maintenance' }));
    await waitFor(() => expect(db.statusMaintenances).toHaveLength(1));
    expect(Date.parse(db.statusMaintenances[0]!.scheduledUntil) - Date.parse(db.statusMaintenances[0]!.scheduledFor)).toBe(3_600_000);
    await user.click(await screen.findByRole('button', { name: 'Cancel Database upgrade' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel maintenance' }));
    await waitFor(() => expect(db.statusMaintenances[0]!.status).toBe('cancelled'));
  });

  it('lets a viewer read but not edit', async () => {
    seedComponents();
    renderApp('/status-admin', { as: 'viewer' });
    const region = await components();
    expect(await within(region).findByText('Checkout')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit|Delete|Move|Add/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Schedule maintenance' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Chat mirrors' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Public page' })).toHaveAttribute('href', '/status');
  });
});
