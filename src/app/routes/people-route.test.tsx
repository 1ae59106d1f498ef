import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '../../testing/db';
import { USERS } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const person = (name: string) => within(screen.getByRole('list', { name: 'People' })).getByRole('listitem', { name });

describe('people and teams', () => {
  it('lists everyone with zone, role and teams, read-only for a non-admin', async () => {
    renderApp('/people', { as: 'viewer' });
    const list = await screen.findByRole('list', { name: 'People' });
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual([
      'Diego Alvarez',
      'Hannah Okafor',
      'Marcus Webb',
      'Priya Raman',
      'Tomás Ferreira',
    ]);
    expect(person('Marcus Webb')).toHaveTextContent('marcus@example.com');
    expect(person('Marcus Webb')).toHaveTextContent('America/New_York · Payments (manager)');
    expect(person('Marcus Webb')).toHaveTextContent('manager');
    expect(screen.queryByRole('form', { name: 'Invite someone' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New team' })).not.toBeInTheDocument();
    const payments = screen.getByRole('listitem', { name: 'Team Payments' });
    expect(payments).toHaveTextContent('Managers: Priya Raman, Marcus Webb');
    expect(payments).toHaveTextContent('Members: Diego Alvarez');
  });

  it('invites someone and shows the one-time link to pass on', async () => {
    const { user } = renderApp('/people');
    const form = await screen.findByRole('form', { name: 'Invite someone' });
    await user.type(within(form).getByLabelText('Name'), 'Sofia Lindqvist');
    await user.type(within(form).getByLabelText('Email'), 'sofia@');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(within(form).getByLabelText('Email')).toHaveAccessibleDescription('That does not look like an e-mail address.');

    // Someone already has this address: the server says so under the field.
    await user.clear(within(form).getByLabelText('Email'));
    await user.type(within(form).getByLabelText('Email'), 'marcus@example.com');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await within(form).findByText('Someone with the e-mail marcus@example.com already exists')).toBeInTheDocument();

    await user.clear(within(form).getByLabelText('Email'));
    await user.type(within(form).getByLabelText('Email'), 'sofia@example.com');
    const zone = within(form).getByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'Europe/Stockholm');
    await user.selectOptions(within(form).getByLabelText('Role'), 'manager');
    await user.click(within(form).getByRole('button', { name: 'Invite' }));
    expect(await within(form).findByText('Send this link to Sofia Lindqvist; it works once, for 7 days.')).toBeInTheDocument();
    const [token] = [...db.invites.keys()];
    expect(within(form).getByLabelText('Invite link for Sofia Lindqvist')).toHaveTextContent(`${window.location.origin}/invite/${token}`);
    expect(db.users.find((u) => u.email === 'sofia@example.com')).toMatchObject({ role: 'manager', timeZone: 'Europe/Stockholm', password: null });
    expect(await screen.findByRole('listitem', { name: 'Sofia Lindqvist' })).toHaveTextContent('invited, no password yet');
  });

  it('changes a role, and refuses to demote the last admin', async () => {
    const { user } = renderApp('/people');
    await screen.findByRole('list', { name: 'People' });
    await user.selectOptions(within(person('Diego Alvarez')).getByRole('combobox', { name: 'Role of Diego Alvarez' }), 'manager');
    await within(person('Diego Alvarez')).findByDisplayValue('manager');
    expect(db.users.find((u) => u.id === USERS.responder.id)!.role).toBe('manager');

    await user.selectOptions(within(person('Priya Raman')).getByRole('combobox', { name: 'Role of Priya Raman' }), 'viewer');
    expect(await within(person('Priya Raman')).findByRole('alert')).toHaveTextContent('this is the last administrator; make someone else admin first');
    expect(within(person('Priya Raman')).getByRole('combobox', { name: 'Role of Priya Raman' })).toHaveValue('admin');
  });

  it('makes a new invite link for someone who has not set a password, and offers none for anyone else', async () => {
    db.users.find((u) => u.id === USERS.searchManager.id)!.password = null;
    const { user } = renderApp('/people');
    await screen.findByRole('list', { name: 'People' });
    expect(within(person('Marcus Webb')).queryByRole('button', { name: /New invite link/ })).not.toBeInTheDocument();
    await user.click(within(person('Hannah Okafor')).getByRole('button', { name: 'New invite link for Hannah Okafor' }));
    expect(await within(person('Hannah Okafor')).findByLabelText('Invite link for Hannah Okafor')).toHaveTextContent(/\/invite\/invite-token-\d+$/);
  });

  it('creates a team with members and a manager', async () => {
    const { user } = renderApp('/people');
    await user.click(await screen.findByRole('button', { name: 'New team' }));
    const dialog = screen.getByRole('dialog', { name: 'New team' });
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(within(dialog).getByLabelText('Team name')).toHaveAccessibleDescription('Give the team a name.');
    await user.type(within(dialog).getByLabelText('Team name'), 'payments');
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(await within(dialog).findByText('A team named "payments" already exists')).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText('Team name'));
    await user.type(within(dialog).getByLabelText('Team name'), 'Platform');
    await user.click(within(dialog).getByRole('checkbox', { name: /Hannah Okafor/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /Tomás Ferreira/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Hannah Okafor manages the team' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));
    const team = await screen.findByRole('listitem', { name: 'Team Platform' });
    expect(team).toHaveTextContent('Managers: Hannah Okafor');
    expect(team).toHaveTextContent('Members: Tomás Ferreira');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await within(person('Hannah Okafor')).findByText(/Platform \(manager\)/)).toBeInTheDocument();
  });

  it('edits the members of a team', async () => {
    const { user } = renderApp('/people');
    await user.click(await screen.findByRole('button', { name: 'Edit team Search' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit team Search' });
    expect(within(dialog).getByRole('checkbox', { name: 'Hannah Okafor manages the team' })).toBeChecked();
    await user.click(within(dialog).getByRole('checkbox', { name: /Diego Alvarez/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save team' }));
    expect(await screen.findByRole('listitem', { name: 'Team Search' })).toHaveTextContent('Members: Diego Alvarez');
    expect(db.teams.find((t) => t.name === 'Search')!.members).toEqual([
      { userId: USERS.searchManager.id, manager: true },
      { userId: USERS.responder.id, manager: false },
    ]);
  });
});
