import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { PostmortemDto } from '../../../contracts/postmortems';
import { apiRequest } from '../../../lib/api-client';
import { createQueryClient } from '../../../lib/query-client';
import { db, signInAs } from '../../../testing/db';
import { USERS } from '../../../testing/fixtures';
import { API, apiError } from '../../../testing/msw-kit';
import { server } from '../../../testing/msw-server';
import { makeActionItem, makePostmortem } from '../../../testing/postmortem-samples';
import { postmortemKeys } from '../api/postmortem-keys';
import { ActionItemsSection } from './action-items-section';

// GET /postmortems/:id belongs to the post-mortem handlers (another helper's, not written yet on
// this branch): a minimal stand-in that answers what db.postmortems holds.
function serveDetail() {
  server.use(
    http.get(`${API}/postmortems/:id`, ({ params }) => {
      const found = db.postmortems.find((pm) => pm.id === params['id']);
      return found ? HttpResponse.json(found) : apiError(404, 'not_found', 'post-mortem not found');
    }),
  );
}

function Harness({ id, canEdit }: { id: string; canEdit: boolean }) {
  const detail = useQuery({ queryKey: postmortemKeys.detail(id), queryFn: () => apiRequest<PostmortemDto>(`/api/v1/postmortems/${id}`) });
  return detail.data ? <ActionItemsSection postmortem={detail.data} canEdit={canEdit} /> : <p>Loading</p>;
}

function renderSection(postmortem: PostmortemDto, { canEdit = true, as = 'responder' as const }: { canEdit?: boolean; as?: 'responder' | 'viewer' } = {}) {
  db.postmortems = [postmortem];
  signInAs(as);
  serveDetail();
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } });
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <Harness id={postmortem.id} canEdit={canEdit} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { user, queryClient };
}

const section = () => screen.findByRole('region', { name: 'Action items' });
const addForm = () => screen.findByRole('form', { name: 'Add an action item' });

/** A date `days` from today as the owner's (Diego, America/Chicago) calendar reads it, far enough from midnight not to matter. */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('ActionItemsSection', () => {
  it('lists the items with owner and their zone, due date, status and link', async () => {
    renderSection(makePostmortem({ actionItems: [makeActionItem({ link: 'https://tickets.example/OPS-12', dueOn: '2026-03-10', overdue: true })] }));
    const list = within(await section()).getByRole('list', { name: 'Action items' });
    const row = within(list).getByRole('listitem', { name: 'Alert when the pool passes 80 %' });
    expect(row).toHaveTextContent('Owner: Diego Alvarez (America/Chicago)');
    expect(within(row).getByText((_, el) => el?.tagName === 'TIME')).toHaveAttribute('dateTime', '2026-03-10');
    expect(row).toHaveTextContent('Overdue');
    expect(within(row).getByRole('combobox', { name: 'Status of Alert when the pool passes 80 %' })).toHaveValue('open');
    expect(within(row).getByRole('link', { name: 'https://tickets.example/OPS-12' })).toHaveAttribute('href', 'https://tickets.example/OPS-12');
  });

  it('adds an item with the keyboard only: owner picked from the people, a date, a link', async () => {
    const { user } = renderSection(makePostmortem());
    await user.click(within(await section()).getByRole('button', { name: 'Add an action item' }));
    const form = await addForm();
    await user.type(within(form).getByLabelText('Title'), 'Add pool monitoring');
    const owner = within(form).getByRole('combobox', { name: 'Owner' });
    await waitFor(() => expect(within(owner).getByRole('option', { name: 'Marcus Webb (America/New_York)' })).toBeInTheDocument());
    owner.focus();
    await user.selectOptions(owner, 'Marcus Webb (America/New_York)');
    await user.type(within(form).getByLabelText('Due date'), dateFromToday(10));
    await user.type(within(form).getByLabelText('Link (optional)'), 'https://tickets.example/OPS-13');
    within(form).getByLabelText('Link (optional)').focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent('Added “Add pool monitoring”.');
    const row = await screen.findByRole('listitem', { name: 'Add pool monitoring' });
    expect(row).toHaveTextContent('Owner: Marcus Webb (America/New_York)');
    expect(db.postmortems[0]!.actionItems).toEqual([expect.objectContaining({ title: 'Add pool monitoring', owner: expect.objectContaining({ id: USERS.manager.id }), dueOn: dateFromToday(10), link: 'https://tickets.example/OPS-13', status: 'open' })]);
  });

  it('reaches every control of the form with Tab, in reading order, each with its label', async () => {
    const { user } = renderSection(makePostmortem());
    const open = within(await section()).getByRole('button', { name: 'Add an action item' });
    open.focus();
    await user.keyboard('{Enter}');
    const form = await addForm();
    const order = ['Title', 'Owner', 'Due date', 'Status', 'Link (optional)'].map((label) => within(form).getByLabelText(label));
    order[0]!.focus();
    for (const control of order.slice(1)) {
      await user.tab();
      expect(control).toHaveFocus();
    }
    await user.tab();
    expect(within(form).getByRole('button', { name: 'Add action item' })).toHaveFocus();
    await user.tab();
    expect(within(form).getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('refuses a missing title, no owner and a link that is not http, next to each field, and sends nothing', async () => {
    const { user } = renderSection(makePostmortem());
    await user.click(within(await section()).getByRole('button', { name: 'Add an action item' }));
    const form = await addForm();
    await user.type(within(form).getByLabelText('Link (optional)'), 'javascript:alert(1)');
    await user.click(within(form).getByRole('button', { name: 'Add action item' }));
    expect(within(form).getByLabelText('Title')).toHaveAccessibleDescription('Type what is to be done.');
    expect(within(form).getByLabelText('Owner')).toHaveAccessibleDescription('Choose the person who owns it.');
    expect(within(form).getByLabelText('Link (optional)')).toHaveAccessibleDescription('Use an http:// or https:// link (a ticket, a pull request).');
    expect(within(form).getByLabelText('Title')).toHaveAttribute('aria-invalid', 'true');
    expect(db.postmortems[0]!.actionItems).toEqual([]);
  });

  it("shows the server's 400 naming ownerId under the owner", async () => {
    const { user } = renderSection(makePostmortem());
    // The person left the directory after the page loaded: the select still offers them, the server refuses.
    await user.click(within(await section()).getByRole('button', { name: 'Add an action item' }));
    const form = await addForm();
    await user.type(within(form).getByLabelText('Title'), 'Rotate the pool credentials');
    const owner = within(form).getByRole('combobox', { name: 'Owner' });
    await waitFor(() => expect(within(owner).getByRole('option', { name: /Tomás Ferreira/ })).toBeInTheDocument());
    await user.selectOptions(owner, within(owner).getByRole('option', { name: /Tomás Ferreira/ }));
    db.users = db.users.filter((u) => u.id !== USERS.viewer.id);
    await user.click(within(form).getByRole('button', { name: 'Add action item' }));
    await waitFor(() => expect(within(form).getByLabelText('Owner')).toHaveAccessibleDescription('Owner must be a person (no one has this id)'));
    expect(within(form).getByLabelText('Title')).not.toHaveAttribute('aria-invalid', 'true');
    expect(db.postmortems[0]!.actionItems).toEqual([]);
  });

  it('saves a due date in the past and says so with the server’s warning', async () => {
    const { user } = renderSection(makePostmortem());
    await user.click(within(await section()).getByRole('button', { name: 'Add an action item' }));
    const form = await addForm();
    await user.type(within(form).getByLabelText('Title'), 'Write down the pool sizing');
    const owner = within(form).getByRole('combobox', { name: 'Owner' });
    await waitFor(() => expect(within(owner).getByRole('option', { name: /Diego Alvarez/ })).toBeInTheDocument());
    await user.selectOptions(owner, within(owner).getByRole('option', { name: /Diego Alvarez/ }));
    await user.type(within(form).getByLabelText('Due date'), '2026-03-01');
    await user.click(within(form).getByRole('button', { name: 'Add action item' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Due date is in the past — saved');
    const row = await screen.findByRole('listitem', { name: 'Write down the pool sizing' });
    expect(row).toHaveTextContent('Overdue');
    expect(db.postmortems[0]!.actionItems[0]!.dueOn).toBe('2026-03-01');
  });

  it('changes the status inline and stores it', async () => {
    const { user } = renderSection(makePostmortem({ actionItems: [makeActionItem()] }));
    const select = within(await section()).getByRole('combobox', { name: 'Status of Alert when the pool passes 80 %' });
    await user.selectOptions(select, 'Done');
    expect(await screen.findByRole('status')).toHaveTextContent('“Alert when the pool passes 80 %” is now done.');
    expect(db.postmortems[0]!.actionItems[0]).toEqual(expect.objectContaining({ status: 'done', version: 2, closedAt: expect.any(String) }));
  });

  it('on a stale change (409) fetches the list again and says so; nothing of ours is stored', async () => {
    const { user } = renderSection(makePostmortem({ actionItems: [makeActionItem()] }));
    const select = within(await section()).getByRole('combobox', { name: 'Status of Alert when the pool passes 80 %' });
    // Someone else renamed and moved it meanwhile.
    const theirs = makeActionItem({ title: 'Alert at 75 % of the pool', status: 'in_progress', version: 2 });
    db.postmortems[0] = { ...db.postmortems[0]!, actionItems: [theirs] };
    await user.selectOptions(select, 'Done');
    expect(await screen.findByRole('status')).toHaveTextContent('Someone else changed “Alert when the pool passes 80 %” meanwhile, so nothing was saved');
    expect(await screen.findByRole('combobox', { name: 'Status of Alert at 75 % of the pool' })).toHaveValue('in_progress');
    expect(db.postmortems[0]!.actionItems[0]).toEqual(theirs);
  });

  it('edits an item in place and stores the change', async () => {
    const { user } = renderSection(makePostmortem({ actionItems: [makeActionItem()] }));
    await user.click(within(await section()).getByRole('button', { name: 'Edit Alert when the pool passes 80 %' }));
    const form = screen.getByRole('form', { name: 'Edit Alert when the pool passes 80 %' });
    const title = within(form).getByLabelText('Title');
    await user.clear(title);
    await user.type(title, 'Alert when the pool passes 70 %');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('listitem', { name: 'Alert when the pool passes 70 %' })).toBeInTheDocument();
    expect(db.postmortems[0]!.actionItems[0]).toEqual(expect.objectContaining({ title: 'Alert when the pool passes 70 %', version: 2 }));
  });

  it('a stale edit is refused: the form closes, the list shows the other change, and it says so', async () => {
    const { user } = renderSection(makePostmortem({ actionItems: [makeActionItem()] }));
    await user.click(within(await section()).getByRole('button', { name: 'Edit Alert when the pool passes 80 %' }));
    const form = screen.getByRole('form', { name: 'Edit Alert when the pool passes 80 %' });
    db.postmortems[0] = { ...db.postmortems[0]!, actionItems: [makeActionItem({ dueOn: '2026-04-01', version: 2 })] };
    await user.type(within(form).getByLabelText('Title'), ' (edited)');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('status')).toHaveTextContent('meanwhile, so nothing was saved');
    expect(screen.queryByRole('form', { name: /^Edit/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('listitem', { name: 'Alert when the pool passes 80 %' }).querySelector('time')).toHaveAttribute('dateTime', '2026-04-01'));
    expect(db.postmortems[0]!.actionItems[0]!.title).toBe('Alert when the pool passes 80 %');
  });

  it('deletes only after a confirmation; Cancel keeps it', async () => {
    const { user } = renderSection(makePostmortem({ actionItems: [makeActionItem()] }));
    await user.click(within(await section()).getByRole('button', { name: 'Delete Alert when the pool passes 80 %' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this action item?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(db.postmortems[0]!.actionItems).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Delete Alert when the pool passes 80 %' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Deleted “Alert when the pool passes 80 %”.');
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Alert when the pool passes 80 %' })).not.toBeInTheDocument());
    expect(db.postmortems[0]!.actionItems).toEqual([]);
  });

  it('shows a reader the items without controls', async () => {
    renderSection(makePostmortem({ actionItems: [makeActionItem()] }), { canEdit: false, as: 'viewer' });
    const region = await section();
    expect(within(region).getByRole('listitem', { name: 'Alert when the pool passes 80 %' })).toHaveTextContent('Status: Open');
    expect(within(region).queryByRole('button')).not.toBeInTheDocument();
    expect(within(region).queryByRole('combobox')).not.toBeInTheDocument();
  });
});
