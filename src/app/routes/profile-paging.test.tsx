import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '../../testing/db';
import { USERS } from '../../testing/fixtures';
import { TEST_VERIFICATION_CODE, VERIFY_TRIES } from '../../testing/paging-handlers';
import { renderApp } from '../../testing/render-app';

function seedDiegoWithEmail(verified = false) {
  db.profiles.set(USERS.responder.id, { p1BreaksQuietHours: false, contactMethods: [{ id: 'cm-diego-mail', kind: 'email', address: 'diego@example.com', verified }], notificationRules: [] });
}

const profileForm = () => screen.findByRole('form', { name: 'Profile' });

describe('contact method verification', () => {
  it('verifies a method with the code sent over it, after refusing a wrong code', async () => {
    seedDiegoWithEmail();
    const { user } = renderApp('/profile', { as: 'responder' });
    const form = await profileForm();
    expect(within(form).getByText('— never paged until verified.')).toBeInTheDocument();

    await user.click(within(form).getByRole('button', { name: 'Send a code to contact method 1' }));
    const verify = await within(form).findByRole('group', { name: 'Verify contact method 1' });
    expect(within(verify).getByRole('status')).toHaveTextContent('Code sent to diego@example.com; it works until');
    expect(db.verifications.has('cm-diego-mail')).toBe(true);

    const code = within(verify).getByLabelText('Code for contact method 1');
    await user.type(code, '12');
    await user.click(within(verify).getByRole('button', { name: 'Verify' }));
    expect(code).toHaveAccessibleDescription('Type the 6 digits of the code.');
    expect(db.verifications.get('cm-diego-mail')!.wrongTries).toBe(0);

    await user.clear(code);
    await user.type(code, '000000');
    await user.click(within(verify).getByRole('button', { name: 'Verify' }));
    expect(await within(verify).findByText('Code is wrong or expired')).toBeInTheDocument();
    expect(db.profiles.get(USERS.responder.id)!.contactMethods[0]!.verified).toBe(false);

    // Enter in the code field verifies; it does not save the profile around it.
    await user.clear(code);
    await user.type(code, `${TEST_VERIFICATION_CODE}{Enter}`);
    expect(await within(form).findByText('Verified')).toBeInTheDocument();
    expect(within(form).queryByText('— never paged until verified.')).not.toBeInTheDocument();
    expect(db.profiles.get(USERS.responder.id)!.contactMethods[0]).toMatchObject({ id: 'cm-diego-mail', verified: true });
    expect(within(form).queryByText('Saved.')).not.toBeInTheDocument();
  });

  it('stops taking codes after too many wrong ones and asks for a new code', async () => {
    seedDiegoWithEmail();
    const { user } = renderApp('/profile', { as: 'responder' });
    const form = await profileForm();
    await user.click(within(form).getByRole('button', { name: 'Send a code to contact method 1' }));
    const verify = await within(form).findByRole('group', { name: 'Verify contact method 1' });
    db.verifications.get('cm-diego-mail')!.wrongTries = VERIFY_TRIES;
    await user.type(within(verify).getByLabelText('Code for contact method 1'), TEST_VERIFICATION_CODE);
    await user.click(within(verify).getByRole('button', { name: 'Verify' }));
    expect(await within(verify).findByText('Too many wrong codes. Send a new code and try again.')).toBeInTheDocument();
    expect(within(verify).getByRole('button', { name: 'Verify' })).toBeDisabled();

    await user.click(within(form).getByRole('button', { name: 'Send a code to contact method 1' }));
    const fresh = await within(form).findByRole('group', { name: 'Verify contact method 1' });
    await user.type(within(fresh).getByLabelText('Code for contact method 1'), TEST_VERIFICATION_CODE);
    await user.click(within(fresh).getByRole('button', { name: 'Verify' }));
    expect(await within(form).findByText('Verified')).toBeInTheDocument();
  });

  it('asks to save a new or changed method before it can be verified', async () => {
    seedDiegoWithEmail(true);
    const { user } = renderApp('/profile', { as: 'responder' });
    const form = await profileForm();
    expect(within(form).getByText('Verified')).toBeInTheDocument();
    await user.type(within(form).getByLabelText('Address of contact method 1'), 'x');
    expect(within(form).getByText(/never paged until verified\. Save the profile, then send yourself a code\./)).toBeInTheDocument();
    expect(within(form).queryByRole('button', { name: 'Send a code to contact method 1' })).not.toBeInTheDocument();
  });
});

describe('P1 during quiet hours', () => {
  it('saves the choice to let a P1 page me during my quiet hours', async () => {
    const { user } = renderApp('/profile', { as: 'responder' });
    const form = await profileForm();
    expect(within(form).queryByRole('checkbox', { name: 'Let a P1 page me during my quiet hours' })).not.toBeInTheDocument();
    await user.click(within(form).getByRole('checkbox', { name: 'Use quiet hours' }));
    const p1 = within(form).getByRole('checkbox', { name: 'Let a P1 page me during my quiet hours' });
    expect(p1).not.toBeChecked();
    await user.click(p1);
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('Saved.')).toBeInTheDocument();
    expect(db.profiles.get(USERS.responder.id)!.p1BreaksQuietHours).toBe(true);
    expect(db.users.find((u) => u.id === USERS.responder.id)!.quietHours).toEqual({ start: '22:00', end: '07:00' });
  });
});
