import { act, screen, waitFor, within } from '@testing-library/react';
import { EditorView } from '@uiw/react-codemirror';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostmortemSectionDto } from '../../../contracts/postmortems';
import { POSTMORTEM_LIMITS } from '../../../domain/postmortem/model';
import { appendEvent, db } from '../../../testing/db';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { USERS, makeIncident } from '../../../testing/fixtures';
import { makePostmortem, makeSections } from '../../../testing/postmortem-samples';
import { renderApp } from '../../../testing/render-app';
import { makeRun, makeRunbook } from '../../../testing/runbook-handlers';

// jsdom lays nothing out; CodeMirror measures text ranges, so they answer with empty boxes.
beforeAll(async () => {
  // The page, the editor and the markdown view are lazy chunks; loading them here, under the hook's longer
  // timeout, keeps a cold import on a busy machine from eating the first test's wait for the screen.
  await Promise.all([import('./postmortem-page'), import('../../../shared/components/markdown-editor'), import('../../../shared/components/markdown-view')]);
  const empty = { length: 0, item: () => null, [Symbol.iterator]: function* () {} } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
  // CodeMirror calls it when its content takes the focus; jsdom has none.
  document.execCommand ??= () => false;
});

const DRAFTED_TIMELINE = '- **2026-03-03 02:31 UTC** — Alert: DbPoolExhausted on Checkout API\n- **02:33 UTC** — Diego Alvarez acknowledged';

function seedPostmortem(overrides: Parameters<typeof makePostmortem>[0] = {}) {
  const postmortem = makePostmortem({ sections: makeSections({ timeline: DRAFTED_TIMELINE, impact: '- **Alerts:** 3' }), ...overrides });
  db.incidents = [makeIncident({ id: postmortem.incident.id, title: postmortem.incident.title, state: 'resolved' })];
  db.postmortems = [postmortem];
  return postmortem;
}

const section = (title: string) => screen.getByRole('region', { name: title });

/** The CodeMirror editor of a section (inside its shadow root, not the plain box that stands in while it loads). */
async function editorOf(title: string): Promise<HTMLElement> {
  const region = await screen.findByRole('region', { name: title });
  const host = await within(region).findByTestId('markdown-editor');
  return waitFor(() => within(host.shadowRoot as unknown as HTMLElement).getByRole('textbox', { name: new RegExp(`^${title}`) }));
}

/** jsdom gives CodeMirror no input events it can read from a contenteditable, so text goes in as a keystroke's transaction does. */
function typeAtEnd(content: HTMLElement, text: string): void {
  const view = EditorView.findFromDOM(content)!;
  act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: 'input.type' }));
}

function replaceAll(content: HTMLElement, text: string): void {
  const view = EditorView.findFromDOM(content)!;
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.type' }));
}

const editorText = (content: HTMLElement) => EditorView.findFromDOM(content)!.state.doc.toString();
const stored = (key: PostmortemSectionDto['key']) => db.postmortems[0]!.sections.find((s) => s.key === key)!;

describe('post-mortem page', () => {
  it('shows every section of the template, with the drafted timeline and impact in their previews', async () => {
    seedPostmortem();
    renderApp('/postmortems/pm-1', { as: 'responder' });
    expect(await screen.findByRole('link', { name: 'INC-2026-0001: Checkout: connection pool exhausted' })).toBeInTheDocument();
    for (const title of ['Timeline', 'Impact', 'Root cause', "Why wasn't this caught?", 'Lessons learned', 'Follow-up']) expect(section(title)).toBeInTheDocument();
    const preview = await within(section('Timeline')).findByRole('region', { name: 'Preview of Timeline' });
    expect(await within(preview).findByText(/Diego Alvarez acknowledged/)).toBeInTheDocument();
    expect(await editorOf('Root cause')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send for review' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export markdown' })).toHaveAttribute('href', '/api/v1/postmortems/pm-1/export.md');
  });

  it('saves a section by itself shortly after typing stops, and says when', async () => {
    seedPostmortem();
    renderApp('/postmortems/pm-1', { as: 'responder' });
    typeAtEnd(await editorOf('Root cause'), 'The pool size was fixed at 20 while traffic doubled.');
    expect(await within(section('Root cause')).findByText(/^Saved at \d\d:\d\d$/)).toBeInTheDocument();
    expect(stored('root-cause')).toMatchObject({ body: 'The pool size was fixed at 20 while traffic doubled.', version: 1, updatedBy: { name: USERS.responder.name } });
  });

  it('shows both texts when someone saved the section first, and saving the merge keeps both', async () => {
    seedPostmortem();
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    const content = await editorOf('Root cause');
    // Meanwhile Priya saves version 1 of the same section.
    db.postmortems[0]!.sections = db.postmortems[0]!.sections.map((s) =>
      s.key === 'root-cause' ? { ...s, body: 'Their line about the pool.', version: 1, updatedBy: { id: USERS.admin.id, name: USERS.admin.name }, updatedAt: new Date().toISOString() } : s,
    );
    typeAtEnd(content, 'My line about the retries.');
    const merge = await within(section('Root cause')).findByRole('alert', { name: /Not saved: version 1 was saved by Priya Raman/ });
    expect(within(merge).getByRole('textbox', { name: 'Their text (version 1)' })).toHaveValue('Their line about the pool.');
    expect(within(merge).getByRole('textbox', { name: 'Your text (not saved)' })).toHaveValue('My line about the retries.');
    expect(stored('root-cause').body).toBe('Their line about the pool.');

    await user.click(within(merge).getByRole('button', { name: 'Edit merged' }));
    const merged = within(section('Root cause')).getByRole('textbox', { name: 'Merged text for Root cause' });
    expect((merged as HTMLTextAreaElement).value).toContain('Their line about the pool.');
    expect((merged as HTMLTextAreaElement).value).toContain('My line about the retries.');
    await user.click(within(section('Root cause')).getByRole('button', { name: 'Save merged' }));
    await waitFor(() => expect(stored('root-cause').version).toBe(2));
    expect(stored('root-cause').body).toContain('Their line about the pool.');
    expect(stored('root-cause').body).toContain('My line about the retries.');
    expect(within(section('Root cause')).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps mine on top of their version when asked', async () => {
    seedPostmortem();
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    const content = await editorOf('Lessons learned');
    db.postmortems[0]!.sections = db.postmortems[0]!.sections.map((s) => (s.key === 'lessons' ? { ...s, body: 'Theirs.', version: 1 } : s));
    typeAtEnd(content, 'Mine.');
    const merge = await within(section('Lessons learned')).findByRole('alert', { name: /Not saved: version 1 was saved/ });
    await user.click(within(merge).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(stored('lessons')).toMatchObject({ body: 'Mine.', version: 2 }));
  });

  it('shows who else is editing which section', async () => {
    seedPostmortem();
    db.presence.set('pm-1', [{ userId: USERS.admin.id, name: USERS.admin.name, section: 'root-cause', at: new Date().toISOString() }]);
    renderApp('/postmortems/pm-1', { as: 'responder' });
    const others = await screen.findByRole('list', { name: 'Who else is here' });
    expect(within(others).getByText('Priya Raman is editing Root cause')).toBeInTheDocument();
    expect(within(section('Root cause')).getByText('Priya Raman is editing Root cause')).toBeInTheDocument();
    expect(within(section('Impact')).queryByText(/is editing/)).not.toBeInTheDocument();
    // Myself: the server counts me in, the page does not show me.
    expect(screen.queryByText(/Diego Alvarez (is editing|has it open)/)).not.toBeInTheDocument();
    expect(db.presence.get('pm-1')!.map((e) => e.userId)).toContain(USERS.responder.id);

    // Moving into a section says so at once, without waiting for the next beat.
    const impact = await editorOf('Impact');
    act(() => impact.focus());
    await waitFor(() => expect(db.presence.get('pm-1')!.find((e) => e.userId === USERS.responder.id)?.section).toBe('impact'));
  });

  it('flags blaming phrasing as advice, and not a sentence about the configuration', async () => {
    seedPostmortem();
    renderApp('/postmortems/pm-1', { as: 'responder' });
    const content = await editorOf('Root cause');
    typeAtEnd(content, "In the end it was Bob's fault.");
    const hints = await within(section('Root cause')).findByRole('region', { name: 'Blameless check for Root cause' });
    expect(hints).toHaveTextContent("Bob's fault");
    expect(hints).toHaveTextContent('Try:');
    // Advice only: it saves all the same.
    await waitFor(() => expect(stored('root-cause').body).toBe("In the end it was Bob's fault."));

    replaceAll(content, 'The fault was in the pool configuration.');
    await waitFor(() => expect(within(section('Root cause')).queryByRole('region', { name: 'Blameless check for Root cause' })).not.toBeInTheDocument());
  });

  it('publishing makes it read-only, and reopening asks for a reason', async () => {
    seedPostmortem({ status: 'in_review' });
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    await editorOf('Root cause');
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('Published and read-only. Reopen it to change anything.')).toBeInTheDocument();
    expect(screen.queryByTestId('markdown-editor')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Title' })).not.toBeInTheDocument();
    expect(db.postmortems[0]!.status).toBe('published');

    await user.click(screen.getByRole('button', { name: 'Reopen' }));
    const dialog = screen.getByRole('dialog', { name: 'Reopen this post-mortem?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    expect(await within(dialog).findByText('Reason is required to reopen a published post-mortem')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Reason' })).toHaveAttribute('aria-invalid', 'true');
    expect(db.postmortems[0]!.status).toBe('published');

    await user.type(within(dialog).getByRole('textbox', { name: 'Reason' }), 'The root cause was wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(db.postmortems[0]!.status).toBe('draft');
    expect(await editorOf('Root cause')).toBeInTheDocument();
    expect(db.audit.at(-1)).toMatchObject({ action: 'postmortem.status_changed', after: { status: 'draft', reason: 'The root cause was wrong' } });
  });

  it('a viewer reads it without editors or status buttons', async () => {
    seedPostmortem();
    renderApp('/postmortems/pm-1', { as: 'viewer' });
    const text = await screen.findByRole('region', { name: 'Text of Timeline' });
    expect(within(text).getByText(/Diego Alvarez acknowledged/)).toBeInTheDocument();
    expect(screen.queryByTestId('markdown-editor')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send for review' })).not.toBeInTheDocument();
  });

  it('shows the server’s refusal of a title next to the field, and a section over the limit next to the section', async () => {
    seedPostmortem();
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    const title = await screen.findByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.tab();
    expect(await screen.findByText('Title must not be empty')).toBeInTheDocument();
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(db.postmortems[0]!.title).toBe('Checkout: connection pool exhausted');

    replaceAll(await editorOf('Lessons learned'), 'x'.repeat(POSTMORTEM_LIMITS.sectionChars + 1));
    expect(await within(section('Lessons learned')).findByText(/Lessons learned is too long to save: at most 50,000 characters \(this has 50,001\)/)).toBeInTheDocument();
    expect(within(section('Lessons learned')).getByRole('status')).toHaveTextContent('Not saved');
    expect(stored('lessons').version).toBe(0);
  });

  it('takes in a section saved elsewhere, but never over text that is not saved yet', async () => {
    seedPostmortem();
    renderApp('/postmortems/pm-1', { as: 'responder' });
    const rootCause = await editorOf('Root cause');
    const lessons = await editorOf('Lessons learned');
    FakeEventSource.latest().open();
    typeAtEnd(rootCause, 'My unsaved words.');
    db.postmortems[0]!.sections = db.postmortems[0]!.sections.map((s) => (s.key === 'root-cause' ? { ...s, body: 'Their root cause.', version: 1 } : s.key === 'lessons' ? { ...s, body: 'Their lesson.', version: 1 } : s));
    FakeEventSource.latest().emit({
      seq: 500,
      at: new Date().toISOString(),
      incidentId: null,
      serviceId: null,
      actor: { type: 'person', name: USERS.admin.name },
      kind: 'postmortem.section_saved',
      data: { postmortemId: 'pm-1', incidentId: 'INC-2026-0001', section: 'lessons', version: 1 },
    });
    await waitFor(() => expect(editorText(lessons)).toBe('Their lesson.'));
    expect(editorText(rootCause)).toBe('My unsaved words.');
    // Its save meets their version: both are offered, nothing is lost.
    expect(await within(section('Root cause')).findByRole('alert', { name: /Not saved: version 1/ })).toBeInTheDocument();
  });

  it('takes in a title, owner and review date changed elsewhere, but never over a title being typed', async () => {
    seedPostmortem();
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    const title = await screen.findByRole('textbox', { name: 'Title' });
    FakeEventSource.latest().open();
    const changedElsewhere = (seq: number, data: Record<string, unknown>) =>
      FakeEventSource.latest().emit({
        seq,
        at: new Date().toISOString(),
        incidentId: 'INC-2026-0001',
        serviceId: null,
        actor: { type: 'person', name: USERS.admin.name },
        kind: 'postmortem.details_changed',
        data: { postmortemId: 'pm-1', ...data },
      });

    const admin = { id: USERS.admin.id, name: USERS.admin.name };
    db.postmortems[0] = { ...db.postmortems[0]!, title: 'Their title', owner: admin, followUpOn: '2026-04-02' };
    changedElsewhere(600, { title: 'Their title', owner: admin, followUpOn: '2026-04-02' });
    await waitFor(() => expect(title).toHaveValue('Their title'));
    expect(screen.getByRole('combobox', { name: 'Owner' })).toHaveValue(USERS.admin.id);
    expect(screen.getByLabelText('Follow-up review')).toHaveValue('2026-04-02');

    await user.clear(title);
    await user.type(title, 'My unsaved title');
    db.postmortems[0] = { ...db.postmortems[0]!, title: 'Their second title', followUpOn: '2026-04-09' };
    changedElsewhere(601, { title: 'Their second title', followUpOn: '2026-04-09' });
    await waitFor(() => expect(screen.getByLabelText('Follow-up review')).toHaveValue('2026-04-09'));
    expect(title).toHaveValue('My unsaved title');
    expect(title).toHaveFocus();

    // Leaving the field saves what was typed; the next change elsewhere is taken in again.
    await user.tab();
    await waitFor(() => expect(db.postmortems[0]!.title).toBe('My unsaved title'));
    db.postmortems[0] = { ...db.postmortems[0]!, title: 'Their third title' };
    changedElsewhere(602, { title: 'Their third title' });
    await waitFor(() => expect(title).toHaveValue('Their third title'));
  });

  it('lists the runbook runs with their answers and takes a missing one', async () => {
    seedPostmortem();
    const runbook = makeRunbook({ id: 'rb-pool', title: 'DB pool exhausted', body: '# Fix\n\n- [ ] Restart' });
    db.runbooks = [runbook];
    db.runbookRuns = [makeRun(runbook, 'INC-2026-0001', { id: 'run-a', title: 'DB pool exhausted', helped: null }), makeRun(runbook, 'INC-2026-0001', { id: 'run-b', title: 'Checkout latency', helped: true })];
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    const help = await screen.findByRole('region', { name: 'Did the runbook help?' });
    expect(await within(help).findByText('It helped')).toBeInTheDocument();
    await user.click(within(help).getByRole('button', { name: 'DB pool exhausted: it did not help' }));
    expect(await within(help).findByText('It did not help')).toBeInTheDocument();
    expect(db.runbookRuns.find((r) => r.id === 'run-a')!.helped).toBe(false);
  });

  it('refreshes the timeline from the incident by appending only the new lines, never touching edited text', async () => {
    const postmortem = seedPostmortem();
    const incident = db.incidents[0]!;
    const before = appendEvent(incident, { type: 'person', name: USERS.responder.name }, { kind: 'incident.acknowledged', data: { how: 'web' } });
    db.postmortems[0] = { ...postmortem, timelineThroughSeq: before.seq };
    appendEvent(incident, { type: 'person', name: USERS.admin.name }, { kind: 'incident.note', data: { text: 'Pool raised to 40 connections' } });
    appendEvent(incident, { type: 'person', name: USERS.admin.name }, { kind: 'incident.status_update', data: { text: 'Checkout works again', phase: 'monitoring' } });
    const { user } = renderApp('/postmortems/pm-1', { as: 'responder' });
    const timeline = await editorOf('Timeline');
    replaceAll(timeline, `${DRAFTED_TIMELINE}\n- My own line, edited by hand`);

    await user.click(within(section('Timeline')).getByRole('button', { name: 'Refresh from incident' }));
    expect(await within(section('Timeline')).findByText('2 new lines from the incident')).toBeInTheDocument();
    const offered = within(section('Timeline')).getByRole('region', { name: 'New lines from the incident' });
    expect(within(offered).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('Priya Raman noted'), expect.stringContaining('Priya Raman posted a status update')]);
    expect(editorText(timeline)).toBe(`${DRAFTED_TIMELINE}\n- My own line, edited by hand`);

    await user.click(within(offered).getByRole('button', { name: 'Append these' }));
    await waitFor(() => expect(editorText(timeline)).toContain('Pool raised to 40 connections'));
    const text = editorText(timeline);
    const mine = `${DRAFTED_TIMELINE}\n- My own line, edited by hand\n`;
    expect(text.slice(0, mine.length + 4)).toBe(`${mine}- **`);
    await waitFor(() => expect(stored('timeline').body).toBe(text));
    expect(db.postmortems[0]!.timelineThroughSeq).toBe(db.seq);

    await user.click(within(section('Timeline')).getByRole('button', { name: 'Refresh from incident' }));
    expect(await within(section('Timeline')).findByText("Nothing new in the incident's log since the timeline was drafted.")).toBeInTheDocument();
  });

  it('turns read-only when published elsewhere, keeping text that was not saved yet on screen', async () => {
    seedPostmortem({ status: 'in_review' });
    renderApp('/postmortems/pm-1', { as: 'responder' });
    const content = await editorOf('Follow-up');
    FakeEventSource.latest().open();
    typeAtEnd(content, 'Review the pool alert in a week.');
    db.postmortems[0] = { ...db.postmortems[0]!, status: 'published', publishedAt: new Date().toISOString() };
    FakeEventSource.latest().emit({
      seq: 501,
      at: new Date().toISOString(),
      incidentId: 'INC-2026-0001',
      serviceId: null,
      actor: { type: 'person', name: USERS.admin.name },
      kind: 'postmortem.status_changed',
      data: { postmortemId: 'pm-1', from: 'in_review', to: 'published', reason: null },
    });
    expect(await screen.findByText('Published and read-only. Reopen it to change anything.')).toBeInTheDocument();
    expect(within(section('Follow-up')).getByRole('textbox', { name: 'Your unsaved text for Follow-up' })).toHaveValue('Review the pool alert in a week.');
    expect(screen.queryByTestId('markdown-editor')).not.toBeInTheDocument();
  });
});
