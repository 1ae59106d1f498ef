import { act, screen, waitFor, within } from '@testing-library/react';
import { EditorView } from '@uiw/react-codemirror';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, seed } from '../../../testing/db';
import { makeService } from '../../../testing/fixtures';
import { renderApp } from '../../../testing/render-app';
import { dbPoolRunbook } from '../../../testing/runbook-samples';

// jsdom lays nothing out; CodeMirror measures text ranges, so they answer with empty boxes.
beforeAll(() => {
  const empty = { length: 0, item: () => null, [Symbol.iterator]: function* () {} } as unknown as DOMRectList;
  Range.prototype.getClientRects = () => empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});

/** The CodeMirror editor's content element (inside its shadow root, not the plain box that stands in while it loads), by its accessible name. */
async function editorContent(): Promise<HTMLElement> {
  const host = await screen.findByTestId('markdown-editor');
  return waitFor(() => within(host.shadowRoot as unknown as HTMLElement).getByRole('textbox', { name: 'The runbook (markdown)' }));
}

/**
 * jsdom gives CodeMirror no input events it can read from a contenteditable, so the text goes in
 * through the editor's own view, as a keystroke's transaction does.
 */
function typeAtEnd(content: HTMLElement, text: string): void {
  const view = EditorView.findFromDOM(content)!;
  act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: 'input.type' }));
}

function replaceAll(content: HTMLElement, text: string): void {
  const view = EditorView.findFromDOM(content)!;
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.type' }));
}

describe('runbook editor', () => {
  it('has an accessibly named CodeMirror editor whose text shows in the live preview', async () => {
    db.runbooks = [dbPoolRunbook()];
    renderApp('/runbooks/rb-db-pool/edit', { as: 'manager' });
    const content = await editorContent();
    typeAtEnd(content, '\n- [ ] A step added now');
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(await within(preview).findByRole('checkbox', { name: 'A step added now' })).toBeInTheDocument();
  });

  it('saves a new version over the one it was based on and shows the runbook', async () => {
    db.runbooks = [dbPoolRunbook()];
    const { user } = renderApp('/runbooks/rb-db-pool/edit', { as: 'manager' });
    typeAtEnd(await editorContent(), '\n- [ ] Post in the payments channel\n');
    await user.clear(screen.getByLabelText('Title'));
    await user.type(screen.getByLabelText('Title'), 'DB pool exhausted');
    await user.click(screen.getByRole('button', { name: 'Save runbook' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'DB pool exhausted' })).toBeInTheDocument();
    expect(db.runbooks[0]!.version).toBe(2);
    expect(db.runbooks[0]!.body).toContain('- [ ] Post in the payments channel');
    expect(db.runbooks[0]!.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('keeps both texts when someone saved first, shows the differences, and saves mine on top of the new version when asked', async () => {
    db.runbooks = [dbPoolRunbook()];
    const { user } = renderApp('/runbooks/rb-db-pool/edit', { as: 'manager' });
    const content = await editorContent();
    // Meanwhile Priya saves version 2.
    const theirs = db.runbooks[0]!.body.replace('Restart the checkout pods', 'Roll the checkout pods one by one');
    db.runbooks[0] = { ...db.runbooks[0]!, body: theirs, version: 2, updatedBy: { id: 'p-priya', name: 'Priya Raman' } };
    typeAtEnd(content, '\n- [ ] My own extra step\n');
    await user.click(screen.getByRole('button', { name: 'Save runbook' }));
    const merge = await screen.findByRole('alert', { name: /Not saved: version 2 was saved by Priya Raman/ });
    expect(within(merge).getByRole('textbox', { name: 'Their text (version 2)' })).toHaveValue(theirs);
    expect((within(merge).getByRole('textbox', { name: 'Your text (not saved)' }) as HTMLTextAreaElement).value).toContain('- [ ] My own extra step');
    const diff = within(merge).getByRole('table', { name: 'Differences between their text and yours' });
    expect(within(diff).getByText('- [ ] My own extra step').closest('tr')).toHaveTextContent('added');
    expect(within(diff).getByText('1. Roll the checkout pods one by one').closest('tr')).toHaveTextContent('removed');
    expect(db.runbooks[0]!.body).toBe(theirs);

    await user.click(within(merge).getByRole('button', { name: 'Use my text on top of the new version' }));
    expect(screen.getByText('Saving now replaces version 2, the newest.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save runbook' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Database connection pool exhausted' })).toBeInTheDocument();
    expect(db.runbooks[0]!.version).toBe(3);
    expect(db.runbooks[0]!.body).toContain('- [ ] My own extra step');
  });

  it('shows an invalid selector next to the field with its line and position, and saves nothing', async () => {
    db.runbooks = [dbPoolRunbook()];
    const { user } = renderApp('/runbooks/rb-db-pool/edit', { as: 'manager' });
    await editorContent();
    const selectors = screen.getByLabelText('Alert selectors');
    await user.clear(selectors);
    await user.type(selectors, 'alertname="DbPoolExhausted"\nseverity=~"crit');
    expect(selectors).toHaveAccessibleDescription(/Line 2 \(severity=~"crit\): not a valid selector at position \d+/);
    await user.click(screen.getByRole('button', { name: 'Save runbook' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was saved: fix the fields marked below.');
    expect(db.runbooks[0]!.version).toBe(1);
  });

  it("shows the server's refusals next to the fields: a selector it rejects (400) and a body over the limit (413)", async () => {
    db.runbooks = [dbPoolRunbook()];
    const { user } = renderApp('/runbooks/rb-db-pool/edit', { as: 'manager' });
    const content = await editorContent();
    // Valid for the browser's check, refused by the server: a regex that does not compile.
    const selectors = screen.getByLabelText('Alert selectors');
    await user.clear(selectors);
    await user.type(selectors, 'alertname=~"(unclosed"');
    await user.click(screen.getByRole('button', { name: 'Save runbook' }));
    expect(await screen.findByText(/Line 1/)).toBeInTheDocument();
    expect(selectors).toHaveAccessibleDescription(/position/);
    await user.clear(selectors);
    replaceAll(content, 'x'.repeat(20_001));
    await user.click(screen.getByRole('button', { name: 'Save runbook' }));
    expect(await screen.findByText(/The runbook is too long for one runbook: at most 20,000 characters \(this one has 20,001\)/)).toBeInTheDocument();
    expect(db.runbooks[0]!.version).toBe(1);
  });

  it('creates a runbook for a team the manager manages', async () => {
    seed({ services: [makeService({ id: 'svc-checkout', name: 'Checkout API' })] });
    const { user } = renderApp('/runbooks/new', { as: 'manager' });
    await editorContent();
    await user.type(screen.getByLabelText('Title'), 'Payment provider down');
    await user.click(screen.getByRole('checkbox', { name: 'Checkout API' }));
    expect(screen.getByLabelText('Owner')).toHaveDisplayValue('Payments');
    await user.click(screen.getByRole('button', { name: 'Create runbook' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Payment provider down' })).toBeInTheDocument();
    expect(db.runbooks).toHaveLength(1);
    expect(db.runbooks[0]).toMatchObject({ title: 'Payment provider down', serviceIds: ['svc-checkout'], owner: { type: 'team', teamId: 'team-payments' } });
  });
});
