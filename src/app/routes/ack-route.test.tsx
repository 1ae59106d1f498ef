import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, seed } from '../../testing/db';
import { USERS, makeIncident, minutesAgo } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

const incident = makeIncident({ id: 'INC-2026-0042', title: 'Checkout API — pool exhausted', severity: 'P1', serviceName: 'Checkout API' });

function seedLink(link: Partial<(typeof db.ackLinks)[number]> = {}) {
  seed({ incidents: [{ ...incident }] });
  db.ackLinks.push({ token: 'ack-secret-1', incidentId: incident.id, recipientId: USERS.responder.id, expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(), usedAt: null, ...link });
}

const card = (name: string | RegExp) => screen.findByRole('heading', { level: 1, name });

describe('acknowledge link', () => {
  it('shows the incident without acknowledging it, and acknowledges once the button is pressed', async () => {
    seedLink();
    const { user } = renderApp('/ack/ack-secret-1', { as: null });
    expect(await card('You are paged: INC-2026-0042')).toBeInTheDocument();
    const summary = screen.getByRole('region', { name: 'Incident' });
    expect(summary).toHaveTextContent('P1 · INC-2026-0042 · Checkout API');
    expect(summary).toHaveTextContent('Checkout API — pool exhausted');
    expect(summary).toHaveTextContent('Now: Triggered');
    expect(screen.getByText('Sent to Diego Alvarez.')).toBeInTheDocument();
    // Opening the link (as a mail scanner does) changed nothing.
    expect(db.incidents[0]!.state).toBe('triggered');
    expect(db.ackLinks[0]!.usedAt).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Acknowledge INC-2026-0042' }));
    expect(await card('Acknowledged — you can close this page')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Incident' })).toHaveTextContent('Now: Acknowledged');
    expect(db.incidents[0]!.state).toBe('acknowledged');
    expect(db.timelines.get(incident.id)).toMatchObject([{ kind: 'incident.acknowledged', data: { how: 'link', by: USERS.responder.id }, actor: { name: 'Diego Alvarez' } }]);
    // Without a session the incident page is behind sign-in.
    expect(screen.getByRole('link', { name: 'Sign in to Firewatch' })).toHaveAttribute('href', `/sign-in?next=${encodeURIComponent('/incidents/INC-2026-0042')}`);
  });

  it('links a signed-in person to the incident page after use', async () => {
    seedLink();
    const { user } = renderApp('/ack/ack-secret-1', { as: 'responder' });
    await user.click(await screen.findByRole('button', { name: 'Acknowledge INC-2026-0042' }));
    await card('Acknowledged — you can close this page');
    expect(screen.getByRole('link', { name: 'Open INC-2026-0042 in Firewatch' })).toHaveAttribute('href', '/incidents/INC-2026-0042');
  });

  it('says when a link was already used, and offers no button', async () => {
    seedLink({ usedAt: minutesAgo(3) });
    renderApp('/ack/ack-secret-1', { as: null });
    expect(await card('This link was already used')).toBeInTheDocument();
    const used = screen.getByText(/This link was already used at/);
    expect(within(used).getByRole('time')).toHaveAttribute('dateTime', db.ackLinks[0]!.usedAt);
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
  });

  it('shows the link as used when it was used in another tab after it was opened here', async () => {
    seedLink();
    const { user } = renderApp('/ack/ack-secret-1', { as: null });
    const button = await screen.findByRole('button', { name: 'Acknowledge INC-2026-0042' });
    db.ackLinks[0]!.usedAt = new Date().toISOString();
    await user.click(button);
    expect(await card('This link was already used')).toBeInTheDocument();
    expect(screen.getByText(/This link was already used at/)).toBeInTheDocument();
  });

  it('says when a link has expired', async () => {
    seedLink({ expiresAt: minutesAgo(1) });
    renderApp('/ack/ack-secret-1', { as: null });
    expect(await card('This link has expired')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Incident' })).toHaveTextContent('INC-2026-0042');
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
    expect(db.incidents[0]!.state).toBe('triggered');
  });

  it('says so when the token is unknown', async () => {
    seedLink();
    renderApp('/ack/not-a-token', { as: null });
    expect(await card('This acknowledge link does not work')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
  });
});
